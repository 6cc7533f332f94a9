import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The Digest computations of RFC 7616 section 3.4 (RFC 2617 section 3.2.2, and RFC 2069 when qop is
 * absent). Strings are hashed as UTF-8, as RFC 7616's charset=UTF-8 says; CPE usernames (device ids)
 * are ASCII anyway.
 */

export const DIGEST_ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const HASH_OF: ReadonlyMap<DigestAlgorithm, { hash: string; hexLength: number; session: boolean }> = new Map([
  ['MD5', { hash: 'md5', hexLength: 32, session: false }],
  ['MD5-sess', { hash: 'md5', hexLength: 32, session: true }],
  ['SHA-256', { hash: 'sha256', hexLength: 64, session: false }],
  ['SHA-256-sess', { hash: 'sha256', hexLength: 64, session: true }],
] as const);

function spec(algorithm: DigestAlgorithm): { hash: string; hexLength: number; session: boolean } {
  const found = HASH_OF.get(algorithm);
  if (found === undefined) throw new TypeError(`unknown digest algorithm ${algorithm as string}`);
  return found;
}

/** The algorithm a client named (case-insensitively; absent means MD5), or null when unknown. */
export function parseAlgorithm(token: string | undefined): DigestAlgorithm | null {
  if (token === undefined) return 'MD5';
  const lower = token.toLowerCase();
  return DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === lower) ?? null;
}

export function hexLengthOf(algorithm: DigestAlgorithm): number {
  return spec(algorithm).hexLength;
}

export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return spec(algorithm).session;
}

function h(algorithm: DigestAlgorithm, data: string): string {
  return createHash(spec(algorithm).hash).update(data, 'utf8').digest('hex');
}

/** H(username:realm:password): what a credential store may keep instead of the password. */
export function digestHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return h(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  /** H(username:realm:password), lower-case hex, for the algorithm's hash (never the -sess form). */
  readonly ha1: string;
  readonly nonce: string;
  readonly method: string;
  readonly uri: string;
  /** 'auth', or null for an RFC 2069 client (then nc and cnonce are not used). */
  readonly qop: 'auth' | null;
  readonly nc: string | null;
  readonly cnonce: string | null;
}

/** The `response` a client with these inputs sends, lower-case hex. */
export function digestResponse(input: DigestResponseInput): string {
  const { algorithm, nonce, qop } = input;
  const cnonce = input.cnonce ?? '';
  const ha1 = isSessionAlgorithm(algorithm) ? h(algorithm, `${input.ha1}:${nonce}:${cnonce}`) : input.ha1;
  const ha2 = h(algorithm, `${input.method}:${input.uri}`);
  return qop === 'auth'
    ? h(algorithm, `${ha1}:${nonce}:${input.nc ?? ''}:${cnonce}:auth:${ha2}`)
    : h(algorithm, `${ha1}:${nonce}:${ha2}`);
}

const HEX = /^[0-9a-fA-F]*$/;

/** Compares two hex strings of the same length in constant time (case-insensitively). */
export function hexEqual(a: string, b: string): boolean {
  if (a.length !== b.length || a.length % 2 !== 0 || !HEX.test(a) || !HEX.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/**
 * Compares two secrets of any lengths in constant time: both are hashed first, so neither the content
 * nor the length of the expected one leaks through timing.
 */
export function secretEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
