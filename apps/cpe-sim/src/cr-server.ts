import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { newNonce, parseAuthHeader, verifyDigest } from './digest.js';

export interface CrCredentials {
  readonly username: string;
  readonly password: string;
}

export interface CrServerOptions {
  readonly host: string;
  readonly port: number;
  readonly realm?: string;
  /** The device's current connection request credentials, or undefined for an unknown device. */
  readonly credentialsOf: (deviceId: string) => CrCredentials | undefined;
  /** An authenticated connection request for a device. */
  readonly onConnectionRequest: (deviceId: string) => void;
  readonly onRefused?: () => void;
}

const NONCE_TTL_MS = 60_000;
const MAX_NONCES = 50_000;
const PREFIX = '/cr/';

/** The path of a device's connection request URL. */
export function crPath(deviceId: string): string {
  return PREFIX + encodeURIComponent(deviceId);
}

/**
 * One connection-request listener for the whole fleet (TR-069 3.2.2): `GET /cr/<device id>`,
 * HTTP Digest (qop=auth) with each device's own ConnectionRequestUsername/Password; nonces are
 * single-server and nc must grow, so a replayed Authorization is refused.
 */
export class ConnectionRequestServer {
  private readonly server: http.Server;
  private readonly nonces = new Map<string, { issued: number; lastNc: number }>();
  private readonly realm: string;

  constructor(private readonly options: CrServerOptions) {
    this.realm = options.realm ?? 'cpe-sim';
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    const path = (req.url ?? '').split('?', 1)[0] ?? '';
    let deviceId: string | undefined;
    try {
      deviceId = path.startsWith(PREFIX) ? decodeURIComponent(path.slice(PREFIX.length)) : undefined;
    } catch {
      deviceId = undefined;
    }
    const credentials = deviceId === undefined ? undefined : this.options.credentialsOf(deviceId);
    if (deviceId === undefined || credentials === undefined) {
      this.options.onRefused?.();
      res.writeHead(404).end();
      return;
    }
    const header = req.headers.authorization;
    const auth = header === undefined ? undefined : parseAuthHeader(header)[0];
    if (auth !== undefined) {
      const checked = verifyDigest(auth, { ...credentials, realm: this.realm, method: req.method ?? 'GET' });
      const nonce = checked.ok ? this.nonces.get(checked.nonce) : undefined;
      const fresh = nonce !== undefined && Date.now() - nonce.issued < NONCE_TTL_MS;
      if (checked.ok && fresh && checked.nc > nonce.lastNc && checked.uri === req.url) {
        nonce.lastNc = checked.nc;
        res.writeHead(200, { 'content-length': 0 }).end();
        this.options.onConnectionRequest(deviceId);
        return;
      }
      this.options.onRefused?.();
    }
    res
      .writeHead(401, {
        'www-authenticate': `Digest realm="${this.realm}", qop="auth", nonce="${this.issueNonce()}", algorithm=MD5`,
        'content-length': 0,
      })
      .end();
  }

  private issueNonce(): string {
    const now = Date.now();
    if (this.nonces.size >= MAX_NONCES) {
      for (const [n, v] of this.nonces) if (now - v.issued >= NONCE_TTL_MS) this.nonces.delete(n);
      // Still full of live nonces: drop the oldest (Map keeps insertion order).
      for (const n of this.nonces.keys()) {
        if (this.nonces.size < MAX_NONCES) break;
        this.nonces.delete(n);
      }
    }
    const nonce = newNonce();
    this.nonces.set(nonce, { issued: now, lastNc: 0 });
    return nonce;
  }
}
