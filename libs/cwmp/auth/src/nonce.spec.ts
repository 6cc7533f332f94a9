import { describe, expect, it } from 'vitest';
import { checkNonce, issueNonce, replayClaim } from './nonce.js';
import type { NonceSecrets } from './nonce.js';
import { NONCE_SECRET, OLD_NONCE_SECRET, REALM, SECRETS, T0, seededBytes } from './testing/fixtures.js';

const timing = { lifetimeMs: 60_000, maxClockSkewMs: 5_000 };
const random = seededBytes();
const issue = (now = T0, secret = NONCE_SECRET) =>
  issueNonce({ secret, realm: REALM, now, random: random(16) });
const check = (nonce: string, now = T0, secrets: NonceSecrets = SECRETS) =>
  checkNonce(nonce, { secrets, realm: REALM, now, ...timing });

describe('stateless nonces', () => {
  it('given a nonce we issued, when checked by any replica with the secret, then authentic, fresh and dated', () => {
    const nonce = issue();
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{52}$/);
    expect(check(nonce, T0 + 60_000)).toEqual({ ok: true, issuedAt: T0, fresh: true });
  });

  it('given two nonces issued in the same millisecond, when compared, then they differ (random part)', () => {
    expect(issue()).not.toBe(issue());
  });

  it('given a nonce past its lifetime, when checked, then authentic but not fresh', () => {
    expect(check(issue(), T0 + 60_001)).toEqual({ ok: true, issuedAt: T0, fresh: false });
  });

  it('given a nonce dated ahead within the clock skew, when checked, then fresh; beyond it, not fresh', () => {
    expect(check(issue(T0 + 5_000))).toMatchObject({ ok: true, fresh: true });
    expect(check(issue(T0 + 5_001))).toMatchObject({ ok: true, fresh: false });
  });

  it('given every single-byte change of a nonce, when checked, then each is forged', () => {
    const bytes = Buffer.from(issue(), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(check(tampered.toString('base64url'))).toEqual({ ok: false, reason: 'forged-nonce' });
    }
  });

  it('given a nonce whose date was moved forward (to extend its life), when checked, then forged', () => {
    const bytes = Buffer.from(issue(T0), 'base64url');
    bytes.writeUIntBE(T0 + 3_600_000, 1, 6);
    expect(check(bytes.toString('base64url'), T0 + 3_600_000)).toEqual({ ok: false, reason: 'forged-nonce' });
  });

  it.each([
    ['empty', ''],
    ['too short', 'AAAA'],
    ['right length, wrong alphabet', '+'.repeat(52)],
    ['padding', `${'A'.repeat(50)}==`],
    ['another server nonce (RFC 2617)', 'dcd98b7102dd2f0e8b11d0f600bfb0c093'],
  ])('given %s, when checked, then forged', (_name, nonce) => {
    expect(check(nonce)).toEqual({ ok: false, reason: 'forged-nonce' });
  });

  it('given a nonce from another secret, when checked, then forged', () => {
    expect(check(issue(T0, OLD_NONCE_SECRET))).toEqual({ ok: false, reason: 'forged-nonce' });
  });

  it('given a rotation that keeps the old secret second, when a nonce of the old secret is checked, then authentic', () => {
    expect(check(issue(T0, OLD_NONCE_SECRET), T0, [NONCE_SECRET, OLD_NONCE_SECRET])).toMatchObject({
      ok: true,
    });
  });

  it('given wrong-sized randomness or a bad clock, when issuing, then it throws (a programming error)', () => {
    expect(() =>
      issueNonce({ secret: NONCE_SECRET, realm: REALM, now: T0, random: new Uint8Array(8) }),
    ).toThrow(RangeError);
    expect(() => issueNonce({ secret: NONCE_SECRET, realm: REALM, now: -1, random: random(16) })).toThrow(
      RangeError,
    );
  });
});

describe('replay claims', () => {
  it('given qop=auth, when claimed, then the key is per (nonce, nc) with nc canonical, inside the nonce hash tag', () => {
    expect(replayClaim({ nonce: 'N', ncValue: 10 }, T0, T0 + 1_000, timing)).toEqual({
      key: 'nonce:{N}:0000000a',
      ttlMs: 60_000 + 5_000 - 1_000,
    });
  });

  it('given no qop (RFC 2069), when claimed, then the key is the nonce alone: one use per nonce', () => {
    expect(replayClaim({ nonce: 'N', ncValue: null }, T0, T0, timing).key).toBe('nonce:{N}');
  });

  it('given a nonce at the edge of its life, when claimed, then the TTL stays positive', () => {
    expect(replayClaim({ nonce: 'N', ncValue: 1 }, T0, T0 + 70_000, timing).ttlMs).toBe(1);
  });
});
