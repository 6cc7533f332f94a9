/**
 * @headend/cwmp-auth: how the CWMP gateway authenticates CPEs. Pure logic over ports: HTTP Digest
 * (RFC 7616 / 2617, qop=auth, stateless nonces, replay claims), Basic over TLS only, per-device and
 * derived credentials, and a policy for unknown devices. See README.md.
 *
 *   const auth = createAuthenticator({ policy: { realm: 'Headend' }, nonceSecrets: [secret], credentials,
 *     replayStore: coordinationStore, randomBytes });
 *   const outcome = await auth.authenticate({ authorization, method, uri, secure, now: Date.now() });
 *   if (!outcome.ok) reply(outcome.response);   // 401 + WWW-Authenticate, 400 or 403
 */
export { createAuthenticator } from './authenticator.js';
export type {
  AuthenticatorConfig,
  Authenticator,
  AuthOutcome,
  AuthRefusal,
  AuthRequest,
  AuthResponse,
  AuthSuccess,
  BindOutcome,
} from './authenticator.js';
export { parseAuthorization } from './authorization.js';
export type {
  BasicCredentials,
  Credentials,
  DigestCredentials,
  ParsedAuthorization,
} from './authorization.js';
export {
  basicChallenge,
  digestChallenge,
  findDigestChallenge,
  opaqueFor,
  parseChallenges,
} from './challenge.js';
export type { Challenge, DigestChallenge, DigestChallengeInput } from './challenge.js';
export { basicAuthorization, digestAuthorization } from './client.js';
export type { DigestAuthorizationInput } from './client.js';
export {
  derivedCredentials,
  derivedPassword,
  firstOf,
  MIN_DERIVED_SECRET_BYTES,
  staticCredentials,
} from './credentials.js';
export type { CredentialSource } from './credentials.js';
export { DIGEST_ALGORITHMS, digestHa1, digestResponse, parseAlgorithm } from './digest-hash.js';
export type { DigestAlgorithm, DigestResponseInput } from './digest-hash.js';
export { AUTH_FAILURES, failureCode, isAuthFailureReason, respondTo } from './failures.js';
export type { AuthFailure, AuthFailureCode, AuthFailureReason, AuthRespond } from './failures.js';
export { DEFAULT_HEADER_LIMITS } from './header-params.js';
export type { HeaderLimits } from './header-params.js';
export { checkNonce, issueNonce, MAX_NONCE_LENGTH, NONCE_RANDOM_BYTES, replayClaim } from './nonce.js';
export type { NonceCheck, NonceSecrets, NonceTiming, ReplayClaim } from './nonce.js';
export { authPolicy, DEFAULT_AUTH_POLICY, MIN_NONCE_SECRET_BYTES } from './policy.js';
export type { AuthPolicy, DigestPolicy } from './policy.js';
export {
  checkDigestEnvelope,
  pathAndQuery,
  uriMatches,
  verifyDigest,
  verifyDigestResponse,
} from './verify-digest.js';
export type {
  DigestCheckInput,
  DigestRequest,
  DigestSecret,
  DigestVerdict,
  EnvelopeCheck,
} from './verify-digest.js';
