import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { CwmpEnvelope, CwmpMessage, Inform } from '@headend/cwmp-codec';
import { decodeCwmp, encodeCwmp } from '@headend/cwmp-codec';
import { newNonce, parseAuthHeader, verifyDigest } from '../digest.js';

/** Test support only: a tiny ACS that plays a script per session and records everything. */

export interface RecordedRequest {
  readonly session: number;
  readonly cookie: string | undefined;
  readonly authorization: string | undefined;
  readonly body: string;
  readonly message: CwmpEnvelope | undefined;
}

export interface AcsSession {
  readonly number: number;
  readonly inform: Inform;
  readonly namespace: CwmpEnvelope['namespace'];
  /** What the device answered to each scripted request, in order. */
  readonly responses: CwmpEnvelope[];
  /** The device's own requests (TransferComplete, Kicked ...), each answered with its response. */
  readonly cpeRequests: CwmpEnvelope[];
  /** The cwmp:IDs the ACS sent and the ones the device echoed. */
  readonly ids: { sent: string; echoed: string | undefined }[];
  ended: boolean;
}

export interface ScriptedAcsOptions {
  /** The ACS requests for a session, from its Inform. */
  readonly script: (inform: Inform, session: number) => CwmpMessage[];
  /** Require HTTP Digest with these credentials. */
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly xmlDeclaration?: boolean;
  /** Answer the first N Informs with this status instead (e.g. 503). */
  readonly failFirst?: {
    readonly count: number;
    readonly status: number;
    readonly headers?: http.OutgoingHttpHeaders;
  };
  /** Listen over TLS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

/** The ACS's answer to a request the CPE makes, or undefined when the message is not one. */
function responseTo(message: CwmpMessage): CwmpMessage | undefined {
  switch (message.type) {
    case 'TransferComplete':
      return { type: 'TransferCompleteResponse' };
    case 'AutonomousTransferComplete':
      return { type: 'AutonomousTransferCompleteResponse' };
    case 'RequestDownload':
      return { type: 'RequestDownloadResponse' };
    case 'DUStateChangeComplete':
      return { type: 'DUStateChangeCompleteResponse' };
    case 'AutonomousDUStateChangeComplete':
      return { type: 'AutonomousDUStateChangeCompleteResponse' };
    case 'Kicked':
      return { type: 'KickedResponse', nextUrl: message.next };
    default:
      return undefined;
  }
}

export class ScriptedAcs {
  readonly requests: RecordedRequest[] = [];
  readonly sessions: AcsSession[] = [];
  private readonly server: http.Server | https.Server;
  private readonly byCookie = new Map<string, { session: AcsSession; queue: CwmpMessage[] }>();
  private readonly bySocket = new WeakMap<Socket, { session: AcsSession; queue: CwmpMessage[] }>();
  private readonly nonces = new Set<string>();
  private failed = 0;
  private nextId = 100;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: ScriptedAcsOptions) {
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    };
    this.server =
      options.tls === undefined ? http.createServer(onRequest) : https.createServer(options.tls, onRequest);
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const scheme = this.options.tls === undefined ? 'http' : 'https';
    return `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}/acs`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves once `n` sessions have ended (204 sent). */
  async sessionsEnded(n: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sessions.filter((s) => s.ended).length < n) {
      if (Date.now() > deadline)
        throw new Error(`only ${this.sessions.filter((s) => s.ended).length} of ${n} sessions ended`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private authorized(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const creds = this.options.credentials;
    if (creds === undefined) return true;
    const auth = parseAuthHeader(req.headers.authorization ?? '')[0];
    if (auth !== undefined) {
      const r = verifyDigest(auth, { ...creds, realm: 'acs', method: 'POST' });
      if (r.ok && this.nonces.has(r.nonce)) return true;
    }
    const nonce = newNonce();
    this.nonces.add(nonce);
    res.writeHead(401, { 'www-authenticate': `Digest realm="acs", qop="auth", nonce="${nonce}"` }).end();
    return false;
  }

  private send(
    res: http.ServerResponse,
    message: CwmpMessage,
    namespace: CwmpEnvelope['namespace'],
    id: string | undefined,
    headers: http.OutgoingHttpHeaders = {},
  ): void {
    const xml = encodeCwmp(
      { namespace, header: id === undefined ? {} : { id }, body: message },
      { xmlDeclaration: this.options.xmlDeclaration ?? true },
    );
    res.writeHead(200, { 'content-type': 'text/xml; charset="utf-8"', ...headers }).end(xml);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    if (!this.authorized(req, res)) return;
    const decoded = decodeCwmp(body);
    const message = decoded.ok && decoded.kind === 'message' ? decoded.envelope : undefined;
    const cookie = req.headers.cookie;
    const socket = req.socket;
    let current = (cookie === undefined ? undefined : this.byCookie.get(cookie)) ?? this.bySocket.get(socket);
    if (message?.body.type === 'Inform') {
      if (this.options.failFirst !== undefined && this.failed < this.options.failFirst.count) {
        this.failed += 1;
        res.writeHead(this.options.failFirst.status, this.options.failFirst.headers ?? {}).end();
        return;
      }
      const session: AcsSession = {
        number: this.sessions.length + 1,
        inform: message.body,
        namespace: message.namespace,
        responses: [],
        cpeRequests: [],
        ids: [],
        ended: false,
      };
      this.sessions.push(session);
      current = { session, queue: this.options.script(message.body, session.number) };
      this.byCookie.set(`acs-session=${session.number}`, current);
      this.bySocket.set(socket, current);
      this.requests.push({
        session: session.number,
        cookie,
        authorization: req.headers.authorization,
        body,
        message,
      });
      this.send(res, { type: 'InformResponse', maxEnvelopes: 1 }, message.namespace, message.header.id, {
        'set-cookie': `acs-session=${session.number}; Path=/; HttpOnly`,
      });
      return;
    }
    this.requests.push({
      session: current?.session.number ?? 0,
      cookie,
      authorization: req.headers.authorization,
      body,
      message,
    });
    if (current === undefined) {
      res.writeHead(400).end();
      return;
    }
    const answer = message === undefined ? undefined : responseTo(message.body);
    if (message !== undefined && answer !== undefined) {
      current.session.cpeRequests.push(message);
      this.send(res, answer, message.namespace, message.header.id);
      return;
    }
    if (message !== undefined) {
      current.session.responses.push(message);
      const last = current.session.ids[current.session.ids.length - 1];
      if (last !== undefined) last.echoed = message.header.id;
    }
    const next = current.queue.shift();
    if (next === undefined) {
      current.session.ended = true;
      res.writeHead(204).end();
      for (const w of this.waiters.splice(0)) w();
      return;
    }
    const id = String(this.nextId++);
    current.session.ids.push({ sent: id, echoed: undefined });
    this.send(res, next, current.session.namespace, id);
  }
}
