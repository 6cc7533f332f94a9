import { createAuthenticator } from '../authenticator.js';
import type { AuthenticatorConfig, AuthOutcome, AuthResponse, Authenticator } from '../authenticator.js';
import { findDigestChallenge, parseChallenges } from '../challenge.js';
import type { DigestChallenge } from '../challenge.js';
import { digestAuthorization } from '../client.js';
import { staticCredentials } from '../credentials.js';
import { DEVICE, NONCE_SECRET, REALM, T0, mapReplayStore, seededBytes } from './fixtures.js';

/** An authenticator over a Map store, with DEVICE's password 'right' on record unless overridden. */
export function setupAuthenticator(overrides: Partial<AuthenticatorConfig> = {}) {
  const store = mapReplayStore();
  const auth = createAuthenticator({
    policy: { realm: REALM },
    nonceSecrets: [NONCE_SECRET],
    credentials: staticCredentials(new Map([[DEVICE, 'right']])),
    replayStore: store,
    randomBytes: seededBytes(),
    ...overrides,
  });
  return { auth, store };
}

export function challengeOf(response: AuthResponse): DigestChallenge {
  if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
  const parsed = parseChallenges(response.wwwAuthenticate.join(', '));
  if (!parsed.ok) throw new Error(parsed.detail);
  const found = findDigestChallenge(parsed.challenges);
  if (found === null) throw new Error('no Digest challenge');
  return found;
}

export const REQUEST = { method: 'POST', uri: '/', secure: false, now: T0 } as const;

/** A CPE's first request (no credentials) and its answer to the challenge. */
export async function loginWith(
  auth: Authenticator,
  options: { username?: string; password?: string; nc?: number; now?: number } = {},
): Promise<{ outcome: AuthOutcome; authorization: string }> {
  const first = await auth.authenticate({ ...REQUEST, authorization: undefined });
  if (first.ok) throw new Error('expected a challenge');
  const authorization = digestAuthorization({
    username: options.username ?? DEVICE,
    password: options.password ?? 'right',
    method: 'POST',
    uri: '/',
    challenge: challengeOf(first.response),
    nc: options.nc ?? 1,
    cnonce: 'cafe01',
  });
  const outcome = await auth.authenticate({ ...REQUEST, authorization, now: options.now ?? T0 + 500 });
  return { outcome, authorization };
}
