import { BackendUnavailableError, InvalidConfigError } from '@headend/ports';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticator.js';
import type { AuthenticatorConfig, AuthOutcome, AuthResponse, Authenticator } from './authenticator.js';
import { findDigestChallenge, parseChallenges } from './challenge.js';
import type { DigestChallenge } from './challenge.js';
import { basicAuthorization, digestAuthorization } from './client.js';
import { derivedCredentials, derivedPassword, firstOf, staticCredentials } from './credentials.js';
import type { CredentialSource } from './credentials.js';
import {
  DERIVED_SECRET,
  DEVICE,
  NONCE_SECRET,
  REALM,
  T0,
  mapReplayStore,
  seededBytes,
} from './testing/fixtures.js';

function countingSource(inner: CredentialSource): CredentialSource & { calls: number } {
  const source = {
    calls: 0,
    passwordFor(username: string) {
      source.calls++;
      return inner.passwordFor(username);
    },
  };
  return source;
}

function setup(overrides: Partial<AuthenticatorConfig> = {}) {
  const store = mapReplayStore();
  const source = countingSource(staticCredentials(new Map([[DEVICE, 'right']])));
  const auth = createAuthenticator({
    policy: { realm: REALM },
    nonceSecrets: [NONCE_SECRET],
    credentials: source,
    replayStore: store,
    randomBytes: seededBytes(),
    ...overrides,
  });
  return { auth, store, source };
}

/** The replay claims the store holds (the epoch key aside). */
function claims(store: { keys: Map<string, number> }): string[] {
  return [...store.keys.keys()].filter((key) => key.startsWith('nonce:'));
}

function challengeOf(response: AuthResponse): DigestChallenge {
  if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
  const parsed = parseChallenges(response.wwwAuthenticate.join(', '));
  if (!parsed.ok) throw new Error(parsed.detail);
  const found = findDigestChallenge(parsed.challenges);
  if (found === null) throw new Error('no Digest challenge');
  return found;
}

const request = { method: 'POST', uri: '/', secure: false, now: T0 } as const;

/** A CPE's first request (no credentials) and its answer to the challenge. */
async function login(
  auth: Authenticator,
  options: { username?: string; password?: string; nc?: number; now?: number; uri?: string } = {},
): Promise<{ outcome: AuthOutcome; authorization: string }> {
  const first = await auth.authenticate({ ...request, authorization: undefined });
  if (first.ok) throw new Error('expected a challenge');
  const authorization = digestAuthorization({
    username: options.username ?? DEVICE,
    password: options.password ?? 'right',
    method: 'POST',
    uri: options.uri ?? '/',
    challenge: challengeOf(first.response),
    nc: options.nc ?? 1,
    cnonce: 'cafe01',
  });
  const outcome = await auth.authenticate({ ...request, authorization, now: options.now ?? T0 + 500 });
  return { outcome, authorization };
}

describe('Digest through the authenticator', () => {
  it('given no Authorization, when authenticated, then 401 with one MD5 Digest challenge and no Basic over plain HTTP', async () => {
    const { auth, store } = setup();
    const outcome = await auth.authenticate({ ...request, authorization: undefined });
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'missing',
      code: 'HEADEND_AUTH_MISSING',
      username: null,
    });
    if (outcome.ok || outcome.response.status !== 401) throw new Error('expected 401');
    expect(outcome.response.wwwAuthenticate).toHaveLength(1);
    expect(outcome.response.wwwAuthenticate[0]).toMatch(
      /^Digest realm="Headend", qop="auth", nonce="[A-Za-z0-9_-]{32}", opaque="[A-Za-z0-9_-]{22}", algorithm=MD5$/,
    );
    expect(claims(store)).toEqual([]);
  });

  it('given the right password, when the CPE answers the challenge, then verified, with one replay key stored', async () => {
    const { auth, store } = setup();
    const { outcome } = await login(auth);
    expect(outcome).toEqual({ ok: true, scheme: 'digest', username: DEVICE, credential: 'verified' });
    expect(claims(store)).toEqual([expect.stringMatching(/^nonce:\{[A-Za-z0-9_-]{32}\}:00000001$/)]);
  });

  it('given a request that was already accepted, when it is sent again verbatim, then replay and a stale challenge', async () => {
    const { auth } = setup();
    const { authorization } = await login(auth);
    const again = await auth.authenticate({ ...request, authorization, now: T0 + 900 });
    expect(again).toMatchObject({ ok: false, reason: 'replay', code: 'HEADEND_AUTH_REPLAY' });
    if (again.ok) return;
    expect(challengeOf(again.response).stale).toBe(true);
  });

  it('given an accepted nonce, when the CPE sends its next request with nc=2, then accepted', async () => {
    const { auth } = setup();
    const { authorization } = await login(auth);
    const nonce = /nonce="([^"]+)"/.exec(authorization)?.[1] ?? '';
    const next = digestAuthorization({
      username: DEVICE,
      password: 'right',
      method: 'POST',
      uri: '/',
      challenge: { realm: REALM, nonce, algorithm: 'MD5' },
      nc: 2,
      cnonce: 'cafe02',
    });
    expect(await auth.authenticate({ ...request, authorization: next, now: T0 + 1_000 })).toMatchObject({
      ok: true,
    });
  });

  it('given a wrong password, when authenticated, then bad-response with a fresh, non-stale challenge', async () => {
    const { auth, store } = setup();
    const { outcome } = await login(auth, { password: 'wrong' });
    expect(outcome).toMatchObject({ ok: false, reason: 'bad-response', username: DEVICE });
    if (outcome.ok) return;
    expect(challengeOf(outcome.response).stale).toBe(false);
    expect(claims(store)).toEqual([]);
  });

  it('given the right password and an expired nonce, when authenticated, then stale-nonce with stale=true', async () => {
    const { auth } = setup();
    const { outcome } = await login(auth, { now: T0 + 300_001 });
    expect(outcome).toMatchObject({ ok: false, reason: 'stale-nonce' });
    if (outcome.ok) return;
    expect(challengeOf(outcome.response).stale).toBe(true);
  });

  it('given a forged nonce, when authenticated, then forged-nonce before any credential look-up or store write', async () => {
    const { auth, store, source } = setup();
    const authorization = digestAuthorization({
      username: DEVICE,
      password: 'right',
      method: 'POST',
      uri: '/',
      challenge: { realm: REALM, nonce: 'A'.repeat(52), algorithm: 'MD5' },
      nc: 1,
      cnonce: 'x',
    });
    expect(await auth.authenticate({ ...request, authorization })).toMatchObject({
      ok: false,
      reason: 'forged-nonce',
    });
    expect(source.calls).toBe(0);
    expect(claims(store)).toEqual([]);
  });

  it('given a Digest uri for another path, when authenticated, then uri-mismatch answered 400', async () => {
    const { auth } = setup();
    const { outcome } = await login(auth, { uri: '/elsewhere' });
    expect(outcome).toMatchObject({ ok: false, reason: 'uri-mismatch', response: { status: 400 } });
  });

  it('given two enabled algorithms, when challenged, then one challenge each, preferred first, same nonce', async () => {
    const { auth } = setup({ policy: { realm: REALM, algorithms: ['SHA-256', 'MD5'] } });
    const response = await auth.challenge({ secure: false, now: T0 });
    if (response.status !== 401) throw new Error('expected 401');
    expect(response.wwwAuthenticate.map((v) => /algorithm=([\w-]+)/.exec(v)?.[1])).toEqual([
      'SHA-256',
      'MD5',
    ]);
    expect(challengeOf(response).algorithm).toBe('SHA-256');
  });

  it('given the store is down, when a valid response arrives, then the error propagates (the gateway answers 503)', async () => {
    const { auth } = setup({
      replayStore: {
        put: () => Promise.reject(new BackendUnavailableError('redis', 'down')),
        get: () => Promise.reject(new BackendUnavailableError('redis', 'down')),
      },
    });
    await expect(login(auth)).rejects.toBeInstanceOf(BackendUnavailableError);
  });
});

describe('unknown devices: the policy table', () => {
  it('given refuse, when an unknown username answers, then 403 unknown-user', async () => {
    const { auth } = setup();
    const { outcome } = await login(auth, { username: 'stranger' });
    expect(outcome).toMatchObject({ ok: false, reason: 'unknown-user', response: { status: 403 } });
  });

  it('given register, when an unknown username answers with any password, then accepted as unregistered, once', async () => {
    const { auth } = setup({ policy: { realm: REALM, unknownDevices: 'register' } });
    const { outcome, authorization } = await login(auth, { username: 'stranger', password: 'anything' });
    expect(outcome).toEqual({ ok: true, scheme: 'digest', username: 'stranger', credential: 'unregistered' });
    expect(await auth.authenticate({ ...request, authorization, now: T0 + 600 })).toMatchObject({
      reason: 'replay',
    });
  });

  it('given register, when a known device answers with a wrong password, then still bad-response', async () => {
    const { auth } = setup({ policy: { realm: REALM, unknownDevices: 'register' } });
    expect((await login(auth, { password: 'wrong' })).outcome).toMatchObject({
      ok: false,
      reason: 'bad-response',
    });
  });

  it('given register and a forged nonce, when an unknown username answers, then still forged-nonce', async () => {
    const { auth } = setup({ policy: { realm: REALM, unknownDevices: 'register' } });
    const authorization = `Digest username="stranger", realm="${REALM}", nonce="${'B'.repeat(52)}", uri="/", response="${'0'.repeat(32)}", qop=auth, nc=00000001, cnonce="x"`;
    expect(await auth.authenticate({ ...request, authorization })).toMatchObject({ reason: 'forged-nonce' });
  });
});

describe('derived credentials', () => {
  it('given derived mode, when any device answers with HMAC(secret, its id), then verified without a record', async () => {
    const { auth } = setup({ credentials: derivedCredentials(DERIVED_SECRET) });
    const password = derivedPassword(DERIVED_SECRET, DEVICE);
    expect(password).toMatch(/^[0-9a-f]{64}$/);
    expect((await login(auth, { password })).outcome).toMatchObject({ ok: true, credential: 'verified' });
    expect((await login(auth, { password: derivedPassword(DERIVED_SECRET, 'other') })).outcome).toMatchObject(
      {
        reason: 'bad-response',
      },
    );
  });

  it('given a per-device record in front of the derived fallback, when both devices log in, then each uses its own', async () => {
    const credentials = firstOf(
      staticCredentials(new Map([[DEVICE, 'special']])),
      derivedCredentials(DERIVED_SECRET),
    );
    const { auth } = setup({ credentials });
    expect((await login(auth, { password: 'special' })).outcome).toMatchObject({ ok: true });
    const other = 'A1B2C3-Box-0001';
    expect(
      (await login(auth, { username: other, password: derivedPassword(DERIVED_SECRET, other) })).outcome,
    ).toMatchObject({
      ok: true,
    });
  });

  it('given the same secret and username, when derived twice, then the same password; another secret, another one', () => {
    expect(derivedPassword(DERIVED_SECRET, DEVICE)).toBe(
      derivedPassword(Uint8Array.from(DERIVED_SECRET), DEVICE),
    );
    expect(derivedPassword(new Uint8Array(32).fill(1), DEVICE)).not.toBe(
      derivedPassword(DERIVED_SECRET, DEVICE),
    );
  });
});

describe('Basic', () => {
  const basic = (auth: Authenticator, secure: boolean, password = 'right', username = DEVICE) =>
    auth.authenticate({ ...request, secure, authorization: basicAuthorization(username, password) });

  it('given TLS and the right password, when authenticated, then verified', async () => {
    expect(await basic(setup().auth, true)).toEqual({
      ok: true,
      scheme: 'basic',
      username: DEVICE,
      credential: 'verified',
    });
  });

  it('given plain HTTP, when Basic is presented, then basic-insecure and a Digest-only challenge', async () => {
    const outcome = await basic(setup().auth, false);
    expect(outcome).toMatchObject({ ok: false, reason: 'basic-insecure' });
    if (outcome.ok || outcome.response.status !== 401) throw new Error('expected 401');
    expect(outcome.response.wwwAuthenticate.every((v) => v.startsWith('Digest '))).toBe(true);
  });

  it('given TLS, when challenged, then Basic is offered after Digest', async () => {
    const response = await setup().auth.challenge({ secure: true, now: T0 });
    expect(response).toMatchObject({
      status: 401,
      wwwAuthenticate: [expect.stringMatching(/^Digest /), 'Basic realm="Headend"'],
    });
  });

  it('given basic=never, when Basic is presented over TLS, then basic-disabled and no Basic challenge', async () => {
    const outcome = await basic(setup({ policy: { realm: REALM, basic: 'never' } }).auth, true);
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'basic-disabled',
      response: { wwwAuthenticate: [expect.stringMatching(/^Digest /)] },
    });
  });

  it('given a wrong password (same length or not), when authenticated, then bad-password', async () => {
    const { auth } = setup();
    expect(await basic(auth, true, 'wrong')).toMatchObject({ reason: 'bad-password' });
    expect(await basic(auth, true, 'right-but-longer')).toMatchObject({ reason: 'bad-password' });
  });

  it('given an unknown device, when Basic is presented, then 403 under refuse and unregistered under register', async () => {
    expect(await basic(setup().auth, true, 'x', 'stranger')).toMatchObject({
      reason: 'unknown-user',
      response: { status: 403 },
    });
    const register = setup({ policy: { realm: REALM, unknownDevices: 'register' } }).auth;
    expect(await basic(register, true, 'x', 'stranger')).toMatchObject({
      ok: true,
      credential: 'unregistered',
    });
  });
});

describe('configuration is checked at boot', () => {
  it.each([
    ['a short nonce secret', { nonceSecrets: [new Uint8Array(16)] }, 'nonceSecrets[0]'],
    ['no credentials while refusing unknown devices', { credentials: null }, 'credentials'],
    ['a realm with a quote', { policy: { realm: 'a"b' } }, 'realm'],
    [
      'an empty algorithm list',
      { policy: { realm: REALM, algorithms: [] as unknown as ['MD5'] } },
      'algorithms',
    ],
    ['a zero lifetime', { policy: { realm: REALM, lifetimeMs: 0 } }, 'lifetimeMs'],
  ] as const)('given %s, when created, then InvalidConfigError names %s', (_name, overrides, variable) => {
    expect(() => setup(overrides as Partial<AuthenticatorConfig>)).toThrow(InvalidConfigError);
    expect(() => setup(overrides as Partial<AuthenticatorConfig>)).toThrow(
      new RegExp(`^${variable.replace(/[[\]]/g, '\\$&')}:`),
    );
  });

  it('given a short derived secret, when the derived source is built, then InvalidConfigError', () => {
    expect(() => derivedCredentials(new Uint8Array(8))).toThrow(InvalidConfigError);
  });
});
