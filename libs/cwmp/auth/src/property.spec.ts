import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuthorization } from './authorization.js';
import { digestChallenge, findDigestChallenge, parseChallenges } from './challenge.js';
import { digestAuthorization } from './client.js';
import { DIGEST_ALGORITHMS } from './digest-hash.js';
import { isAuthFailureReason } from './failures.js';
import { issueNonce, NONCE_RANDOM_BYTES } from './nonce.js';
import { authPolicy } from './policy.js';
import { NONCE_SECRET, REALM, SECRETS, T0 } from './testing/fixtures.js';
import { verifyDigest } from './verify-digest.js';

/** Printable ASCII, quotes and backslashes included: what a header may carry in a quoted-string. */
const printable = (minLength: number, maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength,
    maxLength,
  });

const policy = authPolicy({ realm: REALM, algorithms: [...DIGEST_ALGORITHMS], legacyNoQop: 'accept' });

const exchange = fc.record({
  username: printable(1, 40),
  password: fc.string({ maxLength: 40 }),
  path: printable(0, 60).map((p) => `/${p.replace(/[\s"\\]/g, '')}`),
  nc: fc.integer({ min: 1, max: 0xffffffff }),
  cnonce: printable(1, 32),
  algorithm: fc.constantFrom(...DIGEST_ALGORITHMS),
  method: fc.constantFrom('POST', 'GET'),
  qop: fc.constantFrom('auth' as const, 'none' as const),
  issuedAt: fc.integer({ min: T0, max: T0 + 1_000_000 }),
  random: fc.uint8Array({ minLength: NONCE_RANDOM_BYTES, maxLength: NONCE_RANDOM_BYTES }),
  age: fc.integer({ min: 0, max: 300_000 }),
  absoluteUri: fc.boolean(),
});

describe('properties', () => {
  it('given any exchange, when digestAuthorization answers one of our challenges, then verifyDigest accepts it', () => {
    fc.assert(
      fc.property(exchange, (x) => {
        const nonce = issueNonce({
          secret: NONCE_SECRET,
          realm: REALM,
          now: x.issuedAt,
          epoch: 7,
          random: x.random,
        });
        // Skip -sess without qop: RFC 2617 defines no such exchange.
        fc.pre(x.qop === 'auth' || !x.algorithm.endsWith('-sess'));
        const header = digestAuthorization({
          username: x.username,
          password: x.password,
          method: x.method,
          uri: x.absoluteUri ? `http://acs.example.net:7547${x.path}` : x.path,
          challenge: { realm: REALM, nonce, algorithm: x.algorithm, qop: ['auth'], opaque: 'o' },
          nc: x.nc,
          cnonce: x.cnonce,
          qop: x.qop,
        });
        const parsed = parseAuthorization(header);
        if (!parsed.ok || parsed.credentials.scheme !== 'digest') return false;
        expect(parsed.credentials.username).toBe(x.username);
        const request = { method: x.method, uri: x.path };
        // Nonces are dated to the second.
        const now = Math.floor(x.issuedAt / 1000) * 1000 + x.age;
        const verdict = verifyDigest({
          credentials: parsed.credentials,
          request,
          now,
          secrets: SECRETS,
          policy,
          secret: { password: x.password },
        });
        expect(verdict).toMatchObject({ ok: true, username: x.username });
        const wrong = verifyDigest({
          credentials: parsed.credentials,
          request,
          now,
          secrets: SECRETS,
          policy,
          secret: { password: `${x.password}!` },
        });
        expect(wrong).toMatchObject({ ok: false, reason: 'bad-response' });
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('given any string, when parsed as an Authorization header, then a result (never an exception) with a catalogued reason', () => {
    const mutatedGood = fc
      .tuple(fc.nat(300), fc.nat(300), fc.string({ maxLength: 8 }))
      .map(([at, cut, insert]) => {
        const good = `Digest username="dev", realm="r", nonce="n", uri="/", response="${'a'.repeat(32)}", qop=auth, nc=00000001, cnonce="c"`;
        return good.slice(0, at) + insert + good.slice(Math.min(good.length, at + (cut % 5)));
      });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), printable(0, 300), mutatedGood), (header) => {
        const parsed = parseAuthorization(header);
        return parsed.ok || isAuthFailureReason(parsed.reason);
      }),
      { numRuns: 2_000 },
    );
  });

  it('given any realm and nonce, when a challenge is built and parsed back by a client, then the fields survive', () => {
    fc.assert(
      fc.property(
        printable(1, 60),
        printable(1, 60),
        fc.constantFrom(...DIGEST_ALGORITHMS),
        fc.boolean(),
        (realm, nonce, algorithm, stale) => {
          const parsed = parseChallenges(
            `${digestChallenge({ realm, nonce, algorithm, stale })}, Basic realm="x"`,
          );
          if (!parsed.ok) return false;
          expect(parsed.challenges.map((c) => c.scheme)).toEqual(['digest', 'basic']);
          expect(findDigestChallenge(parsed.challenges)).toMatchObject({
            realm,
            nonce,
            algorithm,
            stale,
            qop: ['auth'],
          });
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
