import type { CoordinationStore } from '@headend/ports';
import { InvalidConfigError } from '@headend/ports';
import { parseAuthorization } from './authorization.js';
import type { BasicCredentials, DigestCredentials } from './authorization.js';
import { basicChallenge, digestChallenge } from './challenge.js';
import type { CredentialSource } from './credentials.js';
import { secretEqual } from './digest-hash.js';
import { authFailure, failureCode, respondTo } from './failures.js';
import type { AuthFailure, AuthFailureCode, AuthFailureReason } from './failures.js';
import { issueNonce, NONCE_RANDOM_BYTES } from './nonce.js';
import type { NonceSecrets } from './nonce.js';
import { authPolicy, checkSecret, MIN_NONCE_SECRET_BYTES } from './policy.js';
import { ReplayEpoch } from './replay-epoch.js';
import type { AuthPolicy } from './policy.js';
import { checkDigestEnvelope, settle, verifyDigestResponse } from './verify-digest.js';

/**
 * The whole decision for one request, over ports: parse, cheap checks, one credential look-up, the
 * response, and (Digest only) one put-if-absent for replay. What to answer comes back as data; the
 * gateway writes it. Store errors (BackendUnavailableError) propagate: the gateway answers 503.
 */

export interface AuthenticatorConfig {
  /** Settings over DEFAULT_AUTH_POLICY; `realm` is required. */
  readonly policy: Partial<AuthPolicy> & Pick<AuthPolicy, 'realm'>;
  /** The current nonce secret first (>= 32 bytes each), then any still accepted after a rotation. */
  readonly nonceSecrets: NonceSecrets;
  /** Null when no device has credentials (then `unknownDevices: 'register'` is required). */
  readonly credentials: CredentialSource | null;
  /**
   * The store that remembers used (nonce, nc) pairs and the replay epoch: the CoordinationStore, or a
   * fake in tests.
   */
  readonly replayStore: Pick<CoordinationStore, 'put' | 'get'>;
  /** crypto.randomBytes in production; a seeded source in tests. */
  readonly randomBytes: (size: number) => Uint8Array;
}

export interface AuthRequest {
  /** The `Authorization` header value, if any. */
  readonly authorization: string | undefined;
  readonly method: string;
  /** The request-target as received (`req.url`). */
  readonly uri: string;
  /** TLS terminated in the gateway, or a trusted proxy said so (see README). */
  readonly secure: boolean;
  readonly now: number;
}

export type AuthSuccess = {
  readonly ok: true;
  readonly scheme: 'digest' | 'basic';
  readonly username: string;
  /** `unregistered`: no credentials on record and the policy is `register`; nothing was verified. */
  readonly credential: 'verified' | 'unregistered';
};

export type AuthResponse =
  | { readonly status: 401; readonly wwwAuthenticate: readonly string[] }
  | { readonly status: 400 }
  | { readonly status: 403 };

export type AuthRefusal = {
  readonly ok: false;
  readonly reason: AuthFailureReason;
  readonly code: AuthFailureCode;
  /** For logs; never contains a password, HA1 or secret. */
  readonly detail: string;
  /** The username the client claimed, when it got that far (device data: log it escaped). */
  readonly username: string | null;
  readonly response: AuthResponse;
};

export type AuthOutcome = AuthSuccess | AuthRefusal;

export interface Authenticator {
  readonly policy: AuthPolicy;
  authenticate(request: AuthRequest): Promise<AuthOutcome>;
  /** The 401 answer for a request that must be challenged before anything else (e.g. a new session). */
  challenge(request: Pick<AuthRequest, 'secure' | 'now'>, stale?: boolean): Promise<AuthResponse>;
  /**
   * Whether authenticated credentials may open a session for `deviceId` (the one its Inform names);
   * see README, "Credentials are bound to a device". A refusal is answered 403.
   */
  bind(success: AuthSuccess, deviceId: string, usernameIsDeviceId: boolean): Promise<BindOutcome>;
}

export type BindOutcome = { readonly ok: true } | AuthRefusal;

/** Validates the configuration at boot (throws InvalidConfigError naming the setting). */
export function createAuthenticator(config: AuthenticatorConfig): Authenticator {
  const policy = authPolicy(config.policy);
  config.nonceSecrets.forEach((secret, i) =>
    checkSecret(`nonceSecrets[${i}]`, secret, MIN_NONCE_SECRET_BYTES),
  );
  if (config.credentials === null && policy.unknownDevices === 'refuse') {
    throw new InvalidConfigError(
      'credentials',
      'no credential source while unknownDevices is refuse: no device could log in',
    );
  }
  // Copies, so a caller that reuses its buffers cannot change our keys.
  const [first, ...older] = config.nonceSecrets;
  const current = Uint8Array.from(first);
  const secrets: NonceSecrets = [current, ...older.map((s) => Uint8Array.from(s))];
  const { credentials: source, replayStore } = config;
  const epochs = new ReplayEpoch(replayStore, config.randomBytes);

  async function challenge(
    request: Pick<AuthRequest, 'secure' | 'now'>,
    stale = false,
  ): Promise<AuthResponse> {
    const nonce = issueNonce({
      secret: current,
      realm: policy.realm,
      now: request.now,
      epoch: await epochs.current(),
      random: config.randomBytes(NONCE_RANDOM_BYTES),
    });
    const values = policy.algorithms.map((algorithm) =>
      digestChallenge({ realm: policy.realm, nonce, algorithm, stale }),
    );
    if (policy.basic === 'tls-only' && request.secure) values.push(basicChallenge(policy.realm));
    return { status: 401, wwwAuthenticate: values };
  }

  async function refuse(
    request: Pick<AuthRequest, 'secure' | 'now'>,
    failure: AuthFailure,
    username: string | null,
  ): Promise<AuthRefusal> {
    const base = {
      ok: false,
      reason: failure.reason,
      code: failureCode(failure.reason),
      detail: failure.detail,
      username,
    } as const;
    const respond = respondTo(failure.reason);
    switch (respond) {
      case 'challenge':
        return { ...base, response: await challenge(request) };
      case 'challenge-stale':
        return { ...base, response: await challenge(request, true) };
      case 'bad-request':
        return { ...base, response: { status: 400 } };
      case 'forbidden':
        return { ...base, response: { status: 403 } };
      default: {
        const never: never = respond;
        return never;
      }
    }
  }

  async function lookup(username: string): Promise<string | null> {
    return source === null ? null : source.passwordFor(username);
  }

  async function digest(request: AuthRequest, credentials: DigestCredentials): Promise<AuthOutcome> {
    const input = { credentials, request, now: request.now, secrets, policy };
    const envelope = checkDigestEnvelope(input);
    if (!envelope.ok) return refuse(request, envelope, credentials.username);
    const password = await lookup(credentials.username);
    if (password === null && policy.unknownDevices === 'refuse') {
      return refuse(request, authFailure('unknown-user'), credentials.username);
    }
    // With no password on record (policy register) only the response cannot be checked.
    const verdict =
      password === null
        ? settle(input, envelope)
        : verifyDigestResponse({ ...input, secret: { password } }, envelope);
    const credential = password === null ? 'unregistered' : 'verified';
    if (!verdict.ok) return refuse(request, verdict, credentials.username);
    const first = await replayStore.put(verdict.replay.key, '1', verdict.replay.ttlMs, {
      onlyIfAbsent: true,
    });
    if (!first) return refuse(request, authFailure('replay'), credentials.username);
    // After the claim, not before: if the store lost its data at any point before this read, the
    // epoch read here is a new one, so a claim made in an emptied store is never trusted.
    if (!(await epochs.confirms(envelope.epoch))) {
      return refuse(request, authFailure('stale-epoch'), credentials.username);
    }
    return { ok: true, scheme: 'digest', username: credentials.username, credential };
  }

  async function basic(request: AuthRequest, credentials: BasicCredentials): Promise<AuthOutcome> {
    if (policy.basic === 'never') return refuse(request, authFailure('basic-disabled'), credentials.username);
    if (!request.secure) return refuse(request, authFailure('basic-insecure'), credentials.username);
    const password = await lookup(credentials.username);
    if (password === null) {
      if (policy.unknownDevices === 'refuse')
        return refuse(request, authFailure('unknown-user'), credentials.username);
      return { ok: true, scheme: 'basic', username: credentials.username, credential: 'unregistered' };
    }
    if (!secretEqual(password, credentials.password)) {
      return refuse(request, authFailure('bad-password'), credentials.username);
    }
    return { ok: true, scheme: 'basic', username: credentials.username, credential: 'verified' };
  }

  /**
   * Credentials open a session only for the device they belong to: their own device id; or, for a
   * verified username that is not a device id (a per-device record under another name), a device
   * that has no credentials of its own. An unregistered username (policy register) proves nothing,
   * so it opens only the device it names.
   */
  async function bind(
    success: AuthSuccess,
    deviceId: string,
    usernameIsDeviceId: boolean,
  ): Promise<BindOutcome> {
    if (success.username === deviceId) return { ok: true };
    const forbid = (reason: AuthFailureReason): AuthRefusal => {
      const failure = authFailure(reason);
      const code = failureCode(reason);
      return { ...failure, code, username: success.username, response: { status: 403 } };
    };
    if (usernameIsDeviceId) return forbid('other-device');
    if (success.credential === 'unregistered') return forbid('unregistered-username');
    if ((await lookup(deviceId)) !== null) return forbid('device-on-record');
    return { ok: true };
  }

  return {
    policy,
    challenge,
    bind,
    async authenticate(request) {
      const parsed = parseAuthorization(request.authorization, policy.limits);
      if (!parsed.ok) return refuse(request, parsed, null);
      const { credentials } = parsed;
      switch (credentials.scheme) {
        case 'digest':
          return digest(request, credentials);
        case 'basic':
          return basic(request, credentials);
        default: {
          const never: never = credentials;
          return never;
        }
      }
    },
  };
}
