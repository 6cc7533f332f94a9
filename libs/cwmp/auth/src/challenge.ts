import { createHash } from 'node:crypto';
import { parseAlgorithm } from './digest-hash.js';
import type { DigestAlgorithm } from './digest-hash.js';
import {
  checkHeaderText,
  DEFAULT_HEADER_LIMITS,
  quote,
  readParams,
  readToken,
  skipWhitespace,
} from './header-params.js';
import type { HeaderLimits, ScanError } from './header-params.js';

export interface DigestChallengeInput {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: DigestAlgorithm;
  /** Defaults to `opaqueFor(realm)`. */
  readonly opaque?: string;
  /** The previous request had a right response but an expired (or replayed) nonce. */
  readonly stale?: boolean;
}

/**
 * A `WWW-Authenticate` value. Parameters are in the order and quoting most CPE parsers were tested
 * against (RFC 2617's example): realm, qop, nonce, opaque quoted; algorithm and stale bare.
 */
export function digestChallenge(input: DigestChallengeInput): string {
  const opaque = input.opaque ?? opaqueFor(input.realm);
  const stale = input.stale === true ? ', stale=true' : '';
  return `Digest realm=${quote(input.realm)}, qop="auth", nonce=${quote(input.nonce)}, opaque=${quote(opaque)}, algorithm=${input.algorithm}${stale}`;
}

export function basicChallenge(realm: string): string {
  return `Basic realm=${quote(realm)}`;
}

/**
 * A constant opaque per realm. Opaque carries no security here (the nonce's MAC does) and is not
 * checked on the way back; some CPE clients refuse a challenge without one.
 */
export function opaqueFor(realm: string): string {
  return createHash('sha256').update(`headend-opaque\0${realm}`, 'utf8').digest('base64url').slice(0, 22);
}

// ---- client side: what the simulator and tests need to answer a challenge ----

export interface Challenge {
  /** Lower-cased. */
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
}

/** Parses a `WWW-Authenticate` value, which may hold several challenges (`Digest ..., Basic ...`). */
export function parseChallenges(
  header: string,
  limits: HeaderLimits = DEFAULT_HEADER_LIMITS,
): { readonly ok: true; readonly challenges: readonly Challenge[] } | ScanError {
  const bad = checkHeaderText(header, limits);
  if (bad !== null) return bad;
  const challenges: Challenge[] = [];
  let i = 0;
  for (;;) {
    while (i < header.length && (header[i] === ',' || header[i] === ' ' || header[i] === '\t')) i++;
    if (i >= header.length) break;
    const scheme = readToken(header, i);
    if (scheme === '') return { ok: false, detail: `expected an authentication scheme at ${i}` };
    i += scheme.length;
    if (i < header.length && header[i] !== ' ' && header[i] !== '\t' && header[i] !== ',') {
      return { ok: false, detail: `expected a space after the scheme at ${i}` };
    }
    const params = readParams(header, skipWhitespace(header, i), limits, true);
    if (!params.ok) return params;
    challenges.push({ scheme: scheme.toLowerCase(), params: params.value });
    i = params.end;
  }
  return { ok: true, challenges };
}

/** The fields of a Digest challenge a client needs. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  /** The qop options offered (lower-cased); empty for an RFC 2069 server. */
  readonly qop: readonly string[];
  readonly algorithm: DigestAlgorithm;
  readonly opaque: string | null;
  readonly stale: boolean;
}

/** The first Digest challenge with an algorithm in `accept` (default: any we implement), or null. */
export function findDigestChallenge(
  challenges: readonly Challenge[],
  accept?: readonly DigestAlgorithm[],
): DigestChallenge | null {
  for (const { scheme, params } of challenges) {
    if (scheme !== 'digest') continue;
    const realm = params.get('realm');
    const nonce = params.get('nonce');
    const algorithm = parseAlgorithm(params.get('algorithm'));
    if (realm === undefined || nonce === undefined || algorithm === null) continue;
    if (accept !== undefined && !accept.includes(algorithm)) continue;
    const qop = (params.get('qop') ?? '')
      .split(',')
      .map((q) => q.trim().toLowerCase())
      .filter((q) => q !== '');
    const stale = params.get('stale')?.toLowerCase() === 'true';
    return { realm, nonce, qop, algorithm, opaque: params.get('opaque') ?? null, stale };
  }
  return null;
}
