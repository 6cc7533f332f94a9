import { describe, expect, it } from 'vitest';
import { checkNonce, issueNonce, MAX_NONCE_LENGTH, NONCE_RANDOM_BYTES, replayClaim } from './nonce.js';
import type { NonceSecrets } from './nonce.js';
import { NONCE_SECRET, OLD_NONCE_SECRET, REALM, SECRETS, T0, seededBytes } from './testing/fixtures.js';

const timing = { lifetimeMs: 60_000, maxClockSkewMs: 5_000 };
const random = seededBytes();
const EPOCH = 0x1234abcd;
const issue = (now = T0, secret = NONCE_SECRET, epoch = EPOCH) =>
  issueNonce({ secret, realm: REALM, now, epoch, random: random(NONCE_RANDOM_BYTES) });
const check = (nonce: string, now = T0, secrets: NonceSecrets = SECRETS) =>
  checkNonce(nonce, { secrets, realm: REALM, now, ...timing });

describe('stateless nonces', () => {
  it('given a nonce we issued, when checked by any replica with the secret, then authentic, fresh, dated (to the second) and of its epoch', () => {
    const nonce = issue(T0 + 999);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(check(nonce, T0 + 60_000)).toEqual({ ok: true, issuedAt: T0, fresh: true, epoch: EPOCH });
  });

  it('given 10,000 nonces issued over every kind of input, then none is longer than 32 characters (CPE firmware buffers)', () => {
    expect(MAX_NONCE_LENGTH).toBeLessThanOrEqual(32);
    const dates = [0, 1, T0, T0 + 123_456, 2 ** 32 * 1000 - 1];
    for (let i = 0; i < 10_000; i++) {
      const epoch = (i * 2_654_435_761) >>> 0;
      const now = dates[i % dates.length]!;
      const nonce = issue(now, i % 2 === 0 ? NONCE_SECRET : OLD_NONCE_SECRET, epoch);
      expect(nonce.length).toBeLessThanOrEqual(32);
    }
  });

  it('given two nonces issued in the same millisecond, when compared, then they differ (random part)', () => {
    expect(issue()).not.toBe(issue());
  });

  it('given a nonce past its lifetime, when checked, then authentic but not fresh', () => {
    expect(check(issue(), T0 + 60_001)).toEqual({ ok: true, issuedAt: T0, fresh: false, epoch: EPOCH });
  });

  it('given a nonce dated ahead within the clock skew, when checked, then fresh; beyond it, not fresh', () => {
    expect(check(issue(T0 + 5_000))).toMatchObject({ ok: true, fresh: true });
    expect(check(issue(T0 + 6_000))).toMatchObject({ ok: true, fresh: false });
  });

  it('given every single-bit change of a nonce, when checked, then each is forged', () => {
    const bytes = Buffer.from(issue(), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const tampered = Buffer.from(bytes);
        tampered[i] = (tampered[i] ?? 0) ^ (1 << bit);
        expect(check(tampered.toString('base64url'))).toEqual({ ok: false, reason: 'forged-nonce' });
      }
    }
  });

  it('given a nonce whose date was moved forward (to extend its life), when checked, then forged', () => {
    const bytes = Buffer.from(issue(T0), 'base64url');
    bytes.writeUInt32BE(T0 / 1000 + 3_600, 1);
    expect(check(bytes.toString('base64url'), T0 + 3_600_000)).toEqual({ ok: false, reason: 'forged-nonce' });
  });

  it('given a nonce whose epoch was changed (to survive a replay store that lost its data), when checked, then forged', () => {
    const bytes = Buffer.from(issue(T0), 'base64url');
    bytes.writeUInt32BE(0xdeadbeef, 5);
    expect(check(bytes.toString('base64url'))).toEqual({ ok: false, reason: 'forged-nonce' });
  });

  it.each([
    ['empty', ''],
    ['too short', 'AAAA'],
    ['right length, wrong alphabet', '+'.repeat(32)],
    ['padding', `${'A'.repeat(30)}==`],
    ['another server nonce (RFC 2617)', 'dcd98b7102dd2f0e8b11d0f600bfb0c0'],
    ['the former 52-character format', 'A'.repeat(52)],
  ])('given %s, when checked, then forged', (_name, nonce) => {
    expect(check(nonce)).toEqual({ ok: false, reason: 'forged-nonce' });
  });

  it('given a nonce from another secret, when checked, then forged', () => {
    expect(check(issue(T0, OLD_NONCE_SECRET))).toEqual({ ok: false, reason: 'forged-nonce' });
  });

  it('given a nonce of another realm, when checked, then forged', () => {
    const foreign = issueNonce({
      secret: NONCE_SECRET,
      realm: 'Other',
      now: T0,
      epoch: EPOCH,
      random: random(NONCE_RANDOM_BYTES),
    });
    expect(check(foreign)).toEqual({ ok: false, reason: 'forged-nonce' });
  });

  it('given a rotation that keeps the old secret second, when a nonce of the old secret is checked, then authentic', () => {
    expect(check(issue(T0, OLD_NONCE_SECRET), T0, [NONCE_SECRET, OLD_NONCE_SECRET])).toMatchObject({
      ok: true,
    });
  });

  it('given wrong-sized randomness, a bad clock or a bad epoch, when issuing, then it throws (a programming error)', () => {
    const base = { secret: NONCE_SECRET, realm: REALM, now: T0, epoch: EPOCH };
    expect(() => issueNonce({ ...base, random: new Uint8Array(16) })).toThrow(RangeError);
    expect(() => issueNonce({ ...base, now: -1, random: random(NONCE_RANDOM_BYTES) })).toThrow(RangeError);
    expect(() => issueNonce({ ...base, now: 2 ** 32 * 1000, random: random(NONCE_RANDOM_BYTES) })).toThrow(
      RangeError,
    );
    expect(() => issueNonce({ ...base, epoch: 2 ** 32, random: random(NONCE_RANDOM_BYTES) })).toThrow(
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
