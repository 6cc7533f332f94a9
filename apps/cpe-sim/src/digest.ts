import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** HTTP authentication (RFC 7616 Digest with qop=auth, RFC 7617 Basic), both sides of it. */

export interface AuthChallenge {
  readonly scheme: string;
  /** Parameter names lower-cased; a Map, since the names come from the peer. */
  readonly params: ReadonlyMap<string, string>;
}

/**
 * Parses one WWW-Authenticate or Authorization header value into its challenges: `Scheme a=b,
 * c="d, e"`, possibly followed by `, Scheme2 ...`.
 */
export function parseAuthHeader(value: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  const token = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*/y;
  let i = 0;
  let current: { scheme: string; params: Map<string, string> } | undefined;
  while (i < value.length) {
    token.lastIndex = i;
    const name = token.exec(value);
    if (name === null) break;
    i = token.lastIndex;
    if (value[i] === '=') {
      i++;
      let v = '';
      if (value[i] === '"') {
        i++;
        while (i < value.length && value[i] !== '"') {
          if (value[i] === '\\') i++;
          v += value[i] ?? '';
          i++;
        }
        i++;
      } else {
        const end = value.indexOf(',', i);
        v = value.slice(i, end < 0 ? value.length : end).trim();
        i = end < 0 ? value.length : end;
      }
      current?.params.set((name[1] as string).toLowerCase(), v);
    } else {
      current = { scheme: name[1] as string, params: new Map() };
      out.push(current);
    }
    while (i < value.length && (value[i] === ',' || value[i] === ' ')) i++;
  }
  return out;
}

function hashOf(algorithm: string): (s: string) => string {
  const name = algorithm.toUpperCase().startsWith('SHA-256') ? 'sha256' : 'md5';
  return (s) => createHash(name).update(s, 'utf8').digest('hex');
}

export interface DigestInput {
  readonly username: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly challenge: AuthChallenge;
  /** Request count under this nonce, 1 first. */
  readonly nc: number;
  readonly cnonce: string;
}

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** The Authorization header answering a Digest challenge (qop=auth when offered, MD5 or SHA-256). */
export function digestAuthorization(input: DigestInput): string {
  const p = input.challenge.params;
  const realm = p.get('realm') ?? '';
  const nonce = p.get('nonce') ?? '';
  const algorithm = p.get('algorithm') ?? 'MD5';
  const h = hashOf(algorithm);
  const qops = (p.get('qop') ?? '').split(',').map((q) => q.trim());
  const qop = qops.includes('auth') ? 'auth' : undefined;
  let ha1 = h(`${input.username}:${realm}:${input.password}`);
  if (algorithm.toLowerCase().endsWith('-sess')) ha1 = h(`${ha1}:${nonce}:${input.cnonce}`);
  const ha2 = h(`${input.method}:${input.uri}`);
  const nc = input.nc.toString(16).padStart(8, '0');
  const response =
    qop === undefined
      ? h(`${ha1}:${nonce}:${ha2}`)
      : h(`${ha1}:${nonce}:${nc}:${input.cnonce}:${qop}:${ha2}`);
  const parts = [
    `username=${quote(input.username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${algorithm}`,
    `response=${quote(response)}`,
  ];
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(input.cnonce)}`);
  const opaque = p.get('opaque');
  if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Checks a Digest Authorization (qop=auth) against the expected credentials. Nonce bookkeeping (was
 * it issued, is nc fresh) is the caller's: it gets the nonce and nc back.
 */
export function verifyDigest(
  authorization: AuthChallenge,
  expected: {
    readonly username: string;
    readonly password: string;
    readonly realm: string;
    readonly method: string;
  },
):
  | { readonly ok: true; readonly nonce: string; readonly nc: number; readonly uri: string }
  | { readonly ok: false } {
  const p = authorization.params;
  if (authorization.scheme.toLowerCase() !== 'digest') return { ok: false };
  const nonce = p.get('nonce');
  const uri = p.get('uri');
  const response = p.get('response');
  const nc = Number.parseInt(p.get('nc') ?? '', 16);
  const cnonce = p.get('cnonce');
  if (nonce === undefined || uri === undefined || response === undefined || cnonce === undefined)
    return { ok: false };
  if (p.get('qop') !== 'auth' || !Number.isInteger(nc) || nc < 1) return { ok: false };
  if (p.get('username') !== expected.username || p.get('realm') !== expected.realm) return { ok: false };
  const want = digestAuthorization({
    username: expected.username,
    password: expected.password,
    method: expected.method,
    uri,
    nc,
    cnonce,
    challenge: {
      scheme: 'Digest',
      params: new Map([
        ['realm', expected.realm],
        ['nonce', nonce],
        ['qop', 'auth'],
        ['algorithm', p.get('algorithm') ?? 'MD5'],
      ]),
    },
  });
  const wantResponse = parseAuthHeader(want)[0]?.params.get('response') ?? '';
  const a = Buffer.from(wantResponse);
  const b = Buffer.from(response);
  return a.length === b.length && timingSafeEqual(a, b) ? { ok: true, nonce, nc, uri } : { ok: false };
}
