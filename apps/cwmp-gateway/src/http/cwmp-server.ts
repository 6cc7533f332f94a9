import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Authenticator } from '@headend/cwmp-auth';
import type { Authentication, CwmpGateway, CwmpResponse, SessionRef } from '@headend/cwmp-gateway';
import { UnrecordableMessageError } from '@headend/cwmp-gateway';
import { parseDeviceId } from '@headend/events';
import { isBackendUnavailable } from '@headend/ports';
import type { GatewayMetrics } from '../metrics.js';
import { readBody } from './body.js';

export interface CwmpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly maxConcurrentRequests: number;
  readonly retryAfterSeconds: number;
  /** PEM certificate chain and key: TLS ends in the gateway (else: plain HTTP behind a TLS proxy). */
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
}

/**
 * The HTTP endpoint CPEs talk to. Transport only: size caps, decompression, overload shedding,
 * error mapping; everything CWMP is in CwmpGateway.
 */
export class CwmpServer {
  private readonly server: Server;
  /** The session a kept-alive connection carries, for CPEs that ignore cookies. */
  private readonly connections = new WeakMap<Socket, SessionRef>();
  private active = 0;
  private draining = false;

  constructor(
    private readonly gateway: CwmpGateway,
    /** Null: no authentication (HEADEND_AUTH=none). */
    private readonly authenticator: Authenticator | null,
    private readonly metrics: GatewayMetrics,
    private readonly options: CwmpServerOptions,
  ) {
    const handler = (request: IncomingMessage, response: ServerResponse) =>
      void this.serve(request, response);
    const timeouts = { keepAliveTimeout: 30_000, requestTimeout: 120_000 };
    metrics.trackActiveRequests(() => this.active);
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
    if (this.draining || this.active >= this.options.maxConcurrentRequests) {
      this.metrics.shed();
      request.resume();
      return this.unavailable(response, this.draining ? 'shutting down' : 'overloaded');
    }
    this.active++;
    const started = process.hrtime.bigint();
    try {
      const body = await readBody(request, this.options.maxBodyBytes);
      if (!body.ok)
        return send(
          response,
          body.status,
          { 'content-type': 'text/plain', connection: 'close' },
          `${body.reason}\n`,
        );
      const socket = request.socket;
      const result = await this.gateway.handle({
        body: body.body,
        cookie: request.headers.cookie,
        connectionSession: this.connections.get(socket),
        credentials: request.headers.authorization !== undefined,
        authenticate: () => this.authenticate(request),
        tls: this.options.tls !== null,
        traceparent: header(request, 'traceparent'),
      });
      this.remember(socket, result);
      send(response, result.status, result.headers, result.body);
    } catch (error) {
      if (isBackendUnavailable(error)) {
        this.metrics.backendUnavailable(error.backend);
        process.stderr.write(
          `${JSON.stringify({ level: 'warn', msg: 'backend unavailable', backend: error.backend, error: error.message })}\n`,
        );
        return this.unavailable(response, `${error.backend} is unavailable`);
      }
      if (error instanceof UnrecordableMessageError) {
        return send(response, 400, { 'content-type': 'text/plain' }, `${error.message}\n`);
      }
      this.metrics.internalError();
      send(response, 500, { 'content-type': 'text/plain' }, 'internal error\n');
    } finally {
      this.active--;
      this.metrics.request(response.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async authenticate(request: IncomingMessage): Promise<Authentication> {
    if (this.authenticator === null) return { ok: true, scheme: 'none', deviceId: undefined };
    const outcome = await this.authenticator.authenticate({
      authorization: header(request, 'authorization'),
      method: request.method ?? 'POST',
      uri: request.url ?? '/',
      // Basic is accepted only when TLS ends here; behind a TLS proxy the gateway cannot know.
      secure: this.options.tls !== null,
      now: Date.now(),
    });
    if (outcome.ok) {
      const deviceId = parseDeviceId(outcome.username) === null ? undefined : outcome.username;
      return { ok: true, scheme: outcome.scheme, deviceId };
    }
    if (outcome.response.status !== 401 || outcome.username !== null) {
      // JSON.stringify escapes whatever the device sent; the codes are ours.
      const entry = {
        level: 'warn',
        msg: 'authentication refused',
        code: outcome.code,
        detail: outcome.detail,
        username: outcome.username?.slice(0, 256) ?? null,
      };
      process.stderr.write(`${JSON.stringify(entry)}\n`);
    }
    const answer = outcome.response;
    if (answer.status === 401) {
      this.metrics.authChallenge();
      const headers = { 'content-type': 'text/plain', 'www-authenticate': answer.wwwAuthenticate.join(', ') };
      return {
        ok: false,
        response: { status: 401, headers, body: 'authentication required\n', session: null },
      };
    }
    return {
      ok: false,
      response: {
        status: answer.status,
        headers: { 'content-type': 'text/plain' },
        body: 'refused\n',
        session: null,
      },
    };
  }

  private remember(socket: Socket, result: CwmpResponse): void {
    if (result.session) this.connections.set(socket, result.session);
    else this.connections.delete(socket);
  }

  private unavailable(response: ServerResponse, reason: string): void {
    send(
      response,
      503,
      { 'retry-after': String(this.options.retryAfterSeconds), 'content-type': 'text/plain' },
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
