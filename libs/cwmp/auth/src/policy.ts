import { InvalidConfigError } from '@headend/ports';
import { DIGEST_ALGORITHMS } from './digest-hash.js';
import type { DigestAlgorithm } from './digest-hash.js';
import { DEFAULT_HEADER_LIMITS } from './header-params.js';
import type { HeaderLimits } from './header-params.js';
import type { NonceTiming } from './nonce.js';

/** What the Digest checks accept. */
export interface DigestPolicy extends NonceTiming {
  /** Sent in every challenge and required in every response. Printable ASCII, no `"` or `\`. */
  readonly realm: string;
  /** Accepted algorithms, and the order of the challenges sent (one per algorithm, preferred first). */
  readonly algorithms: readonly [DigestAlgorithm, ...DigestAlgorithm[]];
  /** RFC 2069 clients, which ignore qop and send neither nc nor cnonce. */
  readonly legacyNoQop: 'refuse' | 'accept';
  /**
   * How the Digest `uri` must name the request target: `exact` string equality; `path` the same path
   * and query (an absolute URL's scheme and authority are ignored, since NAT and proxies make the CPE's
   * view of the host differ from ours); `any` not checked.
   */
  readonly uriMatch: 'exact' | 'path' | 'any';
}

export interface AuthPolicy extends DigestPolicy {
  /** Basic is never accepted on a connection that is not TLS, whatever this says. */
  readonly basic: 'never' | 'tls-only';
  /** A device whose username has no credentials (see README, "Unknown devices"). */
  readonly unknownDevices: 'refuse' | 'register';
  readonly limits: HeaderLimits;
}

export const DEFAULT_AUTH_POLICY: Omit<AuthPolicy, 'realm'> = {
  algorithms: ['MD5'],
  legacyNoQop: 'refuse',
  uriMatch: 'path',
  lifetimeMs: 300_000,
  maxClockSkewMs: 30_000,
  basic: 'tls-only',
  unknownDevices: 'refuse',
  limits: DEFAULT_HEADER_LIMITS,
};

/** The nonce secret is ours alone: 32 bytes from a CSPRNG. */
export const MIN_NONCE_SECRET_BYTES = 32;

const REALM = /^[\x20-\x7e]{1,128}$/;

/** The policy with defaults filled in, checked; throws InvalidConfigError naming the setting. */
export function authPolicy(settings: Partial<AuthPolicy> & Pick<AuthPolicy, 'realm'>): AuthPolicy {
  const policy: AuthPolicy = { ...DEFAULT_AUTH_POLICY, ...settings };
  if (!REALM.test(policy.realm) || /["\\]/.test(policy.realm)) {
    throw new InvalidConfigError('realm', 'must be 1-128 printable ASCII characters without " or \\');
  }
  if (policy.algorithms.length === 0 || policy.algorithms.some((a) => !DIGEST_ALGORITHMS.includes(a))) {
    throw new InvalidConfigError('algorithms', `must be a non-empty list of ${DIGEST_ALGORITHMS.join(', ')}`);
  }
  if (new Set(policy.algorithms).size !== policy.algorithms.length) {
    throw new InvalidConfigError('algorithms', 'must not repeat an algorithm');
  }
  positive('lifetimeMs', policy.lifetimeMs);
  if (!Number.isSafeInteger(policy.maxClockSkewMs) || policy.maxClockSkewMs < 0) {
    throw new InvalidConfigError('maxClockSkewMs', 'must be a non-negative integer');
  }
  positive('limits.maxHeaderLength', policy.limits.maxHeaderLength);
  positive('limits.maxParams', policy.limits.maxParams);
  return policy;
}

function positive(variable: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidConfigError(variable, 'must be a positive integer');
}

export function checkSecret(variable: string, secret: Uint8Array, minBytes: number): void {
  if (secret.length < minBytes) throw new InvalidConfigError(variable, `must be at least ${minBytes} bytes`);
}
