import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AuthSuccess, Authenticator } from '@headend/cwmp-auth';
import type { Authentication, CwmpGateway, CwmpResponse, SessionRef } from '@headend/cwmp-gateway';
import { parseSessionCookie, UnrecordableMessageError } from '@headend/cwmp-gateway';
import { isBackendUnavailable } from '@headend/ports';
import type { GatewayMetrics } from '../metrics.js';
import { answerBeforeBody } from './before-body.js';
import { readBody } from './body.js';
import { CpeAuth } from './cpe-auth.js';
import { WarnLimiter } from './warn-limiter.js';

export interface CwmpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Cap on a body read before its sender is verified (unregistered credentials). */
  readonly preauthMaxBodyBytes: number;
  /** How long a body may take to arrive: verified senders, and senders not (yet) verified. */
  readonly bodyTimeoutMs: number;
  readonly preauthBodyTimeoutMs: number;
  readonly maxConcurrentRequests: number;
  /** Of those, how many may be reading bodies for senders that are not verified. */
  readonly maxPreauthRequests: number;
  readonly retryAfterSeconds: number;
  /** PEM certificate chain and key: TLS ends in the gateway (else: plain HTTP behind a TLS proxy). */
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
}

/** Whether a session is live in the coordination store (SessionStore.load, without the state). */
export interface LiveSessions {
  live(ref: SessionRef): Promise<boolean>;
}

/**
 * What is known before the body is read: the request belongs to a live session (its connection's,
 * or the one its cookie names), or its credentials were checked from the headers alone, or it is
 * answered without its body being read at all.
 */
type Gate =
  | { readonly kind: 'session' }
  | { readonly kind: 'authenticated'; readonly outcome: AuthSuccess }
  | { readonly kind: 'answer'; readonly response: CwmpResponse };

/**
 * The HTTP endpoint CPEs talk to. Transport only: size caps, decompression, overload shedding,
 * authentication before the body, error mapping; everything CWMP is in CwmpGateway.
 */
export class CwmpServer {
  private readonly server: Server;
  /** The session a kept-alive connection carries, for CPEs that ignore cookies. */
  private readonly connections = new WeakMap<Socket, SessionRef>();
  private readonly auth: CpeAuth | null;
  private readonly warnings = new WarnLimiter(20, 10_000);
  private active = 0;
  private preauth = 0;
  private draining = false;

  constructor(
    private readonly gateway: CwmpGateway,
    /** Null: no authentication (HEADEND_AUTH=none). */
    authenticator: Authenticator | null,
    private readonly sessions: LiveSessions,
    private readonly metrics: GatewayMetrics,
    private readonly options: CwmpServerOptions,
  ) {
    this.auth = authenticator && new CpeAuth(authenticator, metrics, options.tls !== null);
    const handler = (request: IncomingMessage, response: ServerResponse) =>
      void this.serve(request, response);
    const timeouts = { keepAliveTimeout: 30_000, requestTimeout: 120_000 };
    metrics.trackActiveRequests(() => this.active + this.preauth);
    this.server = options.tls
      ? createTlsServer({ ...timeouts, cert: options.tls.cert, key: options.tls.key }, handler)
      : createServer(timeouts, handler);
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : this.options.port);
      });
    });
  }

  /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), then closes. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    while (this.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.server.closeAllConnections();
    await closed;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      return send(response, 405, { allow: 'POST', 'content-type': 'text/plain' }, 'CWMP takes POST\n');
    }
    const full = this.active >= this.options.maxConcurrentRequests;
    if (this.draining || (full && this.claimsSession(request))) {
      return this.shed(request, response, this.draining ? 'shutting down' : 'overloaded');
    }
    const started = process.hrtime.bigint();
    // Sessions and verified senders take the request slots; senders not verified (unregistered
    // credentials) their own smaller budget; requests answered from their headers take neither.
    let slot: 'active' | 'preauth' | null = null;
    try {
      const gate = await this.gate(request);
      if (gate.kind === 'answer') {
        const { status, headers, body } = gate.response;
        return answerBeforeBody(request, response, status, headers, body);
      }
      const unverified = gate.kind === 'authenticated' && gate.outcome.credential !== 'verified';
      if (
        unverified
          ? this.preauth >= this.options.maxPreauthRequests
          : this.active >= this.options.maxConcurrentRequests
      ) {
        return this.shed(request, response, 'overloaded');
      }
      slot = unverified ? 'preauth' : 'active';
      if (unverified) this.preauth++;
      else this.active++;
      const body = await readBody(
        request,
        unverified ? this.options.preauthMaxBodyBytes : this.options.maxBodyBytes,
        unverified ? this.options.preauthBodyTimeoutMs : this.options.bodyTimeoutMs,
      );
      if (!body.ok)
        return send(
          response,
          body.status,
          { 'content-type': 'text/plain', connection: 'close' },
          `${body.reason}\n`,
        );
      const socket = request.socket;
      const pre = gate.kind === 'authenticated' ? gate.outcome : null;
      const result = await this.gateway.handle({
        body: body.body,
        cookie: request.headers.cookie,
        connectionSession: this.connections.get(socket),
        credentials: request.headers.authorization !== undefined,
        authenticate: (deviceId?: string) => this.identify(request, pre, deviceId),
        tls: this.options.tls !== null,
        traceparent: header(request, 'traceparent'),
      });
      this.remember(socket, result);
      send(response, result.status, result.headers, result.body);
    } catch (error) {
      if (isBackendUnavailable(error)) {
        this.metrics.backendUnavailable(error.backend);
        // Rate-limited: during an outage every request fails the same way.
        this.warnings.warn({ msg: 'backend unavailable', backend: error.backend, error: error.message });
        return this.unavailable(response, `${error.backend} is unavailable`, !request.complete);
      }
      if (error instanceof UnrecordableMessageError) {
        return send(response, 400, { 'content-type': 'text/plain' }, `${error.message}\n`);
      }
      this.metrics.internalError();
      send(response, 500, { 'content-type': 'text/plain' }, 'internal error\n');
    } finally {
      if (slot === 'active') this.active--;
      if (slot === 'preauth') this.preauth--;
      this.metrics.request(response.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** Whether a request says it belongs to a session or carries credentials (shed when full). */
  private claimsSession(request: IncomingMessage): boolean {
    return (
      this.auth === null ||
      this.connections.get(request.socket) !== undefined ||
      request.headers.cookie !== undefined ||
      request.headers.authorization !== undefined
    );
  }

  private shed(request: IncomingMessage, response: ServerResponse, reason: string): void {
    this.metrics.shed();
    const headers = { 'retry-after': String(this.options.retryAfterSeconds), 'content-type': 'text/plain' };
    answerBeforeBody(request, response, 503, headers, `${reason}\n`);
  }

  /**
   * Everything checked from the headers, before a byte of the body is read (or decompressed, or
   * parsed): a request outside any live session must carry good credentials, or it is answered at
   * once. A session's later requests (known by their connection or their cookie) pass; their
   * Informs are authenticated by the gateway after decoding, as before.
   */
  private async gate(request: IncomingMessage): Promise<Gate> {
    if (this.auth === null) return { kind: 'session' };
    if (this.connections.get(request.socket) !== undefined) return { kind: 'session' };
    const cookie = parseSessionCookie(header(request, 'cookie'));
    if (cookie !== null && (await this.sessions.live(cookie))) return { kind: 'session' };
    const outcome = await this.auth.authenticate(request);
    if (outcome.ok) return { kind: 'authenticated', outcome };
    return { kind: 'answer', response: this.auth.refusal(outcome) };
  }

  private identify(request: IncomingMessage, pre: AuthSuccess | null, deviceId: string | undefined) {
    if (this.auth === null) {
      return Promise.resolve<Authentication>({ ok: true, scheme: 'none', deviceId: undefined });
    }
    return this.auth.identify(request, pre, deviceId);
  }

  private remember(socket: Socket, result: CwmpResponse): void {
    if (result.session) this.connections.set(socket, result.session);
    else this.connections.delete(socket);
  }

  private unavailable(response: ServerResponse, reason: string, close = false): void {
    send(
      response,
      503,
      {
        'retry-after': String(this.options.retryAfterSeconds),
        'content-type': 'text/plain',
        ...(close ? { connection: 'close' } : {}),
      },
      `${reason}\n`,
    );
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function send(
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): void {
  if (response.headersSent) return;
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
