/**
 * Why a request was not authenticated: a catalogue with stable codes. The library never throws these
 * and never speaks HTTP; `respond` says what the gateway should answer, and the gateway maps it.
 *
 * - `challenge`: 401 with a fresh `WWW-Authenticate` challenge;
 * - `challenge-stale`: 401 with a fresh challenge carrying `stale=true` (the credentials were right, only
 *   the nonce was not, so the CPE may retry at once without re-reading its password);
 * - `bad-request`: 400;
 * - `forbidden`: 403 without a challenge (retrying cannot help).
 */
export const AUTH_FAILURES = {
  missing: {
    code: 'HEADEND_AUTH_MISSING',
    respond: 'challenge',
    description: 'the request has no Authorization header',
  },
  malformed: {
    code: 'HEADEND_AUTH_MALFORMED',
    respond: 'challenge',
    description: 'the Authorization header does not parse, exceeds a cap, or lacks a required parameter',
  },
  'unsupported-scheme': {
    code: 'HEADEND_AUTH_UNSUPPORTED_SCHEME',
    respond: 'challenge',
    description: 'the scheme is neither Digest nor Basic',
  },
  'unsupported-algorithm': {
    code: 'HEADEND_AUTH_UNSUPPORTED_ALGORITHM',
    respond: 'challenge',
    description: 'the Digest algorithm is unknown or not enabled by the policy',
  },
  'unsupported-qop': {
    code: 'HEADEND_AUTH_UNSUPPORTED_QOP',
    respond: 'challenge',
    description: 'qop is neither auth nor absent, or is absent while the policy refuses RFC 2069 clients',
  },
  'realm-mismatch': {
    code: 'HEADEND_AUTH_REALM_MISMATCH',
    respond: 'challenge',
    description: 'the Digest realm is not the configured realm',
  },
  'forged-nonce': {
    code: 'HEADEND_AUTH_FORGED_NONCE',
    respond: 'challenge',
    description: 'the nonce was not issued with our secret (or not for this realm)',
  },
  'stale-nonce': {
    code: 'HEADEND_AUTH_STALE_NONCE',
    respond: 'challenge-stale',
    description: 'the response is right but the nonce has expired',
  },
  'stale-epoch': {
    code: 'HEADEND_AUTH_STALE_EPOCH',
    respond: 'challenge-stale',
    description: 'the nonce was issued before the replay store lost its data (another epoch)',
  },
  'uri-mismatch': {
    code: 'HEADEND_AUTH_URI_MISMATCH',
    respond: 'bad-request',
    description: 'the Digest uri does not name the request target (per the uriMatch policy)',
  },
  'unknown-user': {
    code: 'HEADEND_AUTH_UNKNOWN_USER',
    respond: 'forbidden',
    description: 'no credentials exist for the username and the policy refuses unknown devices',
  },
  'bad-response': {
    code: 'HEADEND_AUTH_BAD_RESPONSE',
    respond: 'challenge',
    description: 'the Digest response does not match the password on record',
  },
  'bad-password': {
    code: 'HEADEND_AUTH_BAD_PASSWORD',
    respond: 'challenge',
    description: 'the Basic password does not match the password on record',
  },
  replay: {
    code: 'HEADEND_AUTH_REPLAY',
    respond: 'challenge-stale',
    description: 'this (nonce, nc) was already used',
  },
  'other-device': {
    code: 'HEADEND_AUTH_OTHER_DEVICE',
    respond: 'forbidden',
    description:
      "the credentials are another device's (the username is a device id the Inform does not name)",
  },
  'unregistered-username': {
    code: 'HEADEND_AUTH_UNREGISTERED_USERNAME',
    respond: 'forbidden',
    description: 'an unregistered username (policy register) that is not the device id of the Inform',
  },
  'device-on-record': {
    code: 'HEADEND_AUTH_DEVICE_ON_RECORD',
    respond: 'forbidden',
    description: 'the Inform names a device with credentials of its own, and other credentials were used',
  },
  'basic-disabled': {
    code: 'HEADEND_AUTH_BASIC_DISABLED',
    respond: 'challenge',
    description: 'Basic was presented but the policy accepts only Digest',
  },
  'basic-insecure': {
    code: 'HEADEND_AUTH_BASIC_INSECURE',
    respond: 'challenge',
    description: 'Basic was presented over a connection that is not TLS',
  },
} as const satisfies Record<
  string,
  { code: `HEADEND_AUTH_${string}`; respond: AuthRespond; description: string }
>;

export type AuthRespond = 'challenge' | 'challenge-stale' | 'bad-request' | 'forbidden';
export type AuthFailureReason = keyof typeof AUTH_FAILURES;
export type AuthFailureCode = (typeof AUTH_FAILURES)[AuthFailureReason]['code'];

/** A failed check. `detail` is for logs and never contains a password, HA1 or secret. */
export interface AuthFailure {
  readonly ok: false;
  readonly reason: AuthFailureReason;
  readonly detail: string;
}

export function authFailure(
  reason: AuthFailureReason,
  detail: string = AUTH_FAILURES[reason].description,
): AuthFailure {
  return { ok: false, reason, detail };
}

export function failureCode(reason: AuthFailureReason): AuthFailureCode {
  return AUTH_FAILURES[reason].code;
}

export function respondTo(reason: AuthFailureReason): AuthRespond {
  return AUTH_FAILURES[reason].respond;
}

export function isAuthFailureReason(value: string): value is AuthFailureReason {
  return Object.hasOwn(AUTH_FAILURES, value);
}
