import type { DigestChallenge } from './challenge.js';
import { digestHa1, digestResponse } from './digest-hash.js';
import { quote } from './header-params.js';

/**
 * The CPE's side: builds `Authorization` values. Used by the CPE simulator and by tests; the server
 * never calls it. Like the server, it takes its randomness (cnonce) and counter (nc) as arguments.
 */
export interface DigestAuthorizationInput {
  readonly username: string;
  readonly password: string;
  readonly method: string;
  /** The Digest uri to send: usually the request path, some CPEs send the full URL. */
  readonly uri: string;
  readonly challenge: Pick<DigestChallenge, 'realm' | 'nonce' | 'algorithm'> &
    Partial<Pick<DigestChallenge, 'qop' | 'opaque'>>;
  /** The nonce count: 1 for the first request with this nonce, then 2, 3 ... */
  readonly nc: number;
  /** A client nonce; a fresh random string per request is what RFC 7616 asks for. */
  readonly cnonce: string;
  /**
   * `auth` when the challenge offers it (or offers nothing, as RFC 2617 clients assume); `none`
   * behaves as an RFC 2069 client would: no qop, nc or cnonce.
   */
  readonly qop?: 'auth' | 'none';
}

export function digestAuthorization(input: DigestAuthorizationInput): string {
  const { challenge } = input;
  const useQop = (input.qop ?? 'auth') === 'auth' && (challenge.qop ?? ['auth']).includes('auth');
  if (useQop && (!Number.isSafeInteger(input.nc) || input.nc < 1 || input.nc > 0xffffffff)) {
    throw new RangeError('nc must be 1 to 0xffffffff');
  }
  const nc = input.nc.toString(16).padStart(8, '0');
  const ha1 = digestHa1(challenge.algorithm, input.username, challenge.realm, input.password);
  const response = digestResponse({
    algorithm: challenge.algorithm,
    ha1,
    nonce: challenge.nonce,
    method: input.method,
    uri: input.uri,
    qop: useQop ? 'auth' : null,
    nc: useQop ? nc : null,
    cnonce: useQop ? input.cnonce : null,
  });
  const parts = [
    `username=${quote(input.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response=${quote(response)}`,
  ];
  if (challenge.opaque !== undefined && challenge.opaque !== null)
    parts.push(`opaque=${quote(challenge.opaque)}`);
  if (useQop) parts.push('qop=auth', `nc=${nc}`, `cnonce=${quote(input.cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}

/** `Basic base64(username:password)`, UTF-8 (RFC 7617). The username must not contain ':'. */
export function basicAuthorization(username: string, password: string): string {
  if (username.includes(':')) throw new RangeError('a Basic username cannot contain ":"');
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
