import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AuthChallenge } from './digest.js';
import { basicAuthorization, digestAuthorization, parseAuthHeader } from './digest.js';

/** Why a session failed, as counted in the report. */
export type FailureKind =
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'auth'
  | 'http-4xx'
  | 'http-5xx'
  | 'http-503'
  | 'fault'
  | 'decode'
  | 'protocol';

export class SessionFailure extends Error {
  override readonly name = 'SessionFailure';

  constructor(
    readonly kind: FailureKind,
    message: string,
    /** Retry-After of a 503, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface HttpReply {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface ConnectionOptions {
  readonly url: URL;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly keepAlive: boolean;
  readonly timeoutMs: number;
  readonly noCookies: boolean;
  readonly basicAuthOnly: boolean;
  readonly tls?:
    { readonly rejectUnauthorized: boolean; readonly ca?: string | Buffer | undefined } | undefined;
  /** Called with each HTTP exchange's latency in ms (auth retries included). */
  readonly onRequest?: ((ms: number) => void) | undefined;
}

/**
 * One CWMP session's HTTP side, as a CPE has it: one TCP connection (kept alive or not), the
 * session's cookies, and the credentials answering a 401 (Digest reused with a growing nc).
 */
export class CwmpConnection {
  private readonly agent: http.Agent;
  private readonly cookies = new Map<string, string>();
  private digest: { challenge: AuthChallenge; nc: number } | undefined;
  private basic = false;

  constructor(private readonly options: ConnectionOptions) {
    const agentOptions = { keepAlive: options.keepAlive, maxSockets: 1 };
    this.agent =
      options.url.protocol === 'https:'
        ? new https.Agent({ ...agentOptions, ...options.tls })
        : new http.Agent(agentOptions);
  }

  /** POSTs a CWMP body ('' for the empty POST), answering one auth challenge (two if the nonce went stale). */
  async post(body: string): Promise<HttpReply> {
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      const reply = await this.send(body);
      this.options.onRequest?.(performance.now() - started);
      this.storeCookies(reply.headers);
      if (reply.status !== 401) return reply;
      if (attempt >= 2 || !this.answerChallenge(reply.headers, attempt)) {
        throw new SessionFailure('auth', `HTTP 401 from the ACS (attempt ${attempt + 1})`);
      }
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private answerChallenge(headers: http.IncomingHttpHeaders, attempt: number): boolean {
    const values = headersList(headers['www-authenticate']);
    const challenges = values.flatMap(parseAuthHeader);
    const digest = challenges.find((c) => c.scheme.toLowerCase() === 'digest');
    const basic = challenges.find((c) => c.scheme.toLowerCase() === 'basic');
    if (this.options.username === undefined) return false;
    const stale = digest?.params.get('stale')?.toLowerCase() === 'true';
    // A second 401 is only worth answering when the ACS says our nonce went stale.
    if (attempt === 1 && !stale) return false;
    if (digest !== undefined && !this.options.basicAuthOnly) {
      this.digest = { challenge: digest, nc: 0 };
      return true;
    }
    if (basic !== undefined || this.options.basicAuthOnly) {
      this.basic = true;
      return attempt === 0;
    }
    return false;
  }

  private authorization(): string | undefined {
    const { username, password = '' } = this.options;
    if (username === undefined) return undefined;
    if (this.digest !== undefined) {
      this.digest.nc += 1;
      return digestAuthorization({
        username,
        password,
        method: 'POST',
        uri: this.options.url.pathname + this.options.url.search,
        challenge: this.digest.challenge,
        nc: this.digest.nc,
        cnonce: randomBytes(8).toString('hex'),
      });
    }
    return this.basic ? basicAuthorization(username, password) : undefined;
  }

  private storeCookies(headers: http.IncomingHttpHeaders): void {
    if (this.options.noCookies) return;
    for (const line of headers['set-cookie'] ?? []) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/;\s*max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private send(body: string): Promise<HttpReply> {
    const headers: http.OutgoingHttpHeaders = { 'content-length': Buffer.byteLength(body) };
    if (body !== '') {
      headers['content-type'] = 'text/xml; charset="utf-8"';
      headers.soapaction = '';
    }
    const auth = this.authorization();
    if (auth !== undefined) headers.authorization = auth;
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    }
    const client = this.options.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(this.options.url, { method: 'POST', agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (e) => reject(new SessionFailure('connect', e.message)));
      });
      req.setTimeout(this.options.timeoutMs, () =>
        req.destroy(new SessionFailure('timeout', `no answer within ${this.options.timeoutMs} ms`)),
      );
      req.on('error', (e) => reject(e instanceof SessionFailure ? e : connectFailure(e)));
      req.end(body);
    });
  }
}

/** Node's error codes for a server certificate it does not trust, or a TLS handshake that failed. */
const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|^ERR_TLS_|^ERR_SSL_/;

/** A request that got no answer: a TLS failure (untrusted certificate ...) is told apart from the rest. */
export function connectFailure(e: Error & { code?: unknown }): SessionFailure {
  const code = typeof e.code === 'string' ? e.code : '';
  if (TLS_ERROR.test(code)) {
    return new SessionFailure('tls', `the ACS's TLS certificate is not accepted: ${e.message} (${code})`);
  }
  return new SessionFailure('connect', code === '' ? e.message : `${e.message} (${code})`);
}

function headersList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Retry-After as seconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

/** Turns a non-200 status into a failure; 204 and 200 pass. */
export function failureForStatus(reply: HttpReply, now: number): SessionFailure | undefined {
  const { status } = reply;
  if (status === 200 || status === 204) return undefined;
  if (status === 503) {
    const header: string | undefined = reply.headers['retry-after'];
    return new SessionFailure('http-503', 'HTTP 503', retryAfterSeconds(header, now));
  }
  if (status >= 500) return new SessionFailure('http-5xx', `HTTP ${status}`);
  return new SessionFailure('http-4xx', `HTTP ${status}`);
}
