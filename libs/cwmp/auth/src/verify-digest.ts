import type { DigestCredentials } from './authorization.js';
import { digestHa1, digestResponse, hexEqual } from './digest-hash.js';
import { authFailure } from './failures.js';
import type { AuthFailure } from './failures.js';
import { checkNonce, replayClaim } from './nonce.js';
import type { NonceSecrets, ReplayClaim } from './nonce.js';
import type { DigestPolicy } from './policy.js';

/** The request as the gateway received it. */
export interface DigestRequest {
  readonly method: string;
  /** The request-target of the request line, as received (Node's `req.url`). */
  readonly uri: string;
}

export interface DigestCheckInput {
  readonly credentials: DigestCredentials;
  readonly request: DigestRequest;
  readonly now: number;
  readonly secrets: NonceSecrets;
  readonly policy: DigestPolicy;
}

/** The password on record, or H(username:realm:password) for the credentials' algorithm and realm. */
export type DigestSecret = { readonly password: string } | { readonly ha1: string };

export type EnvelopeCheck =
  | { readonly ok: true; readonly issuedAt: number; readonly fresh: boolean; readonly epoch: number }
  | AuthFailure;

export type DigestVerdict =
  { readonly ok: true; readonly username: string; readonly replay: ReplayClaim } | AuthFailure;

/**
 * Every check that needs no password: policy (algorithm, qop), realm, nonce authenticity and uri. Run
 * it before looking credentials up, so garbage costs no look-up. Freshness is reported, not judged: see
 * `checkNonce`.
 */
export function checkDigestEnvelope(input: DigestCheckInput): EnvelopeCheck {
  const { credentials, policy } = input;
  if (!policy.algorithms.includes(credentials.algorithm)) {
    return authFailure('unsupported-algorithm', `${credentials.algorithm} is not enabled`);
  }
  if (credentials.qop === null && policy.legacyNoQop === 'refuse') {
    return authFailure('unsupported-qop', 'qop is absent (RFC 2069 client) and legacyNoQop is refuse');
  }
  if (credentials.realm !== policy.realm) return authFailure('realm-mismatch');
  const nonce = checkNonce(credentials.nonce, { ...policy, secrets: input.secrets, now: input.now });
  if (!nonce.ok) return authFailure(nonce.reason);
  if (!uriMatches(credentials.uri, input.request.uri, policy.uriMatch)) return authFailure('uri-mismatch');
  return nonce;
}

/**
 * Verifies a Digest response: the envelope checks, then the response against the secret on record,
 * then freshness (stale is only said of a right response, RFC 7616 section 3.3). On success the caller
 * must still make the replay claim (one put-if-absent) before trusting the request.
 */
export function verifyDigest(input: DigestCheckInput & { readonly secret: DigestSecret }): DigestVerdict {
  const envelope = checkDigestEnvelope(input);
  if (!envelope.ok) return envelope;
  return verifyDigestResponse(input, envelope);
}

/** The second half of `verifyDigest`, for a caller that already ran `checkDigestEnvelope`. */
export function verifyDigestResponse(
  input: DigestCheckInput & { readonly secret: DigestSecret },
  envelope: { readonly issuedAt: number; readonly fresh: boolean },
): DigestVerdict {
  const { credentials: c, secret } = input;
  const ha1 =
    'password' in secret ? digestHa1(c.algorithm, c.username, c.realm, secret.password) : secret.ha1;
  const expected = digestResponse({ ...c, ha1, method: input.request.method });
  if (!hexEqual(expected, c.response)) return authFailure('bad-response');
  return settle(input, envelope);
}

/** Freshness and the replay claim, once the response is known good (or, for `register`, not checkable). */
export function settle(
  input: Pick<DigestCheckInput, 'credentials' | 'now' | 'policy'>,
  envelope: { readonly issuedAt: number; readonly fresh: boolean },
): DigestVerdict {
  if (!envelope.fresh) return authFailure('stale-nonce');
  const replay = replayClaim(input.credentials, envelope.issuedAt, input.now, input.policy);
  return { ok: true, username: input.credentials.username, replay };
}

const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/** Path and query of a request-target or Digest uri: absolute URLs lose scheme and authority. */
export function pathAndQuery(uri: string): string {
  const authority = ABSOLUTE.exec(uri);
  if (authority === null) return uri;
  const rest = uri.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

export function uriMatches(
  digestUri: string,
  requestTarget: string,
  mode: DigestPolicy['uriMatch'],
): boolean {
  switch (mode) {
    case 'exact':
      return digestUri === requestTarget;
    case 'path':
      return pathAndQuery(digestUri) === pathAndQuery(requestTarget);
    case 'any':
      return true;
    default: {
      const never: never = mode;
      return never;
    }
  }
}
