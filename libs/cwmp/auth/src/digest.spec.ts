import { describe, expect, it } from 'vitest';
import { parseAuthorization } from './authorization.js';
import type { DigestCredentials } from './authorization.js';
import { findDigestChallenge, parseChallenges } from './challenge.js';
import { digestAuthorization } from './client.js';
import { digestHa1, digestResponse } from './digest-hash.js';
import { issueNonce, NONCE_RANDOM_BYTES } from './nonce.js';
import { authPolicy } from './policy.js';
import type { DigestPolicy } from './policy.js';
import { REALM, SECRETS, NONCE_SECRET, T0, seededBytes } from './testing/fixtures.js';
import { pathAndQuery, verifyDigest } from './verify-digest.js';

function digestOf(header: string): DigestCredentials {
  const parsed = parseAuthorization(header);
  if (!parsed.ok || parsed.credentials.scheme !== 'digest') throw new Error(JSON.stringify(parsed));
  return parsed.credentials;
}

function expectedResponse(c: DigestCredentials, method: string, password: string): string {
  return digestResponse({ ...c, method, ha1: digestHa1(c.algorithm, c.username, c.realm, password) });
}

describe('known-answer vectors', () => {
  it('given the RFC 2617 section 3.5 example (Mufasa), when its response is computed, then it is 6629fae4...', () => {
    const header =
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
      'uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", ' +
      'response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    const c = digestOf(header);
    expect(c).toMatchObject({
      algorithm: 'MD5',
      qop: 'auth',
      nc: '00000001',
      ncValue: 1,
      cnonce: '0a4f113b',
    });
    expect(expectedResponse(c, 'GET', 'Circle Of Life')).toBe('6629fae49393a05397450978507c4ef1');
    expect(expectedResponse(c, 'GET', 'Circle of Life')).not.toBe('6629fae49393a05397450978507c4ef1');
  });

  it('given the RFC 2617 example, when the client helper answers it, then it sends the same response', () => {
    const header = digestAuthorization({
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      challenge: {
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        algorithm: 'MD5',
      },
      nc: 1,
      cnonce: '0a4f113b',
    });
    expect(digestOf(header).response).toBe('6629fae49393a05397450978507c4ef1');
  });

  const RFC7616 = {
    realm: 'http-auth@example.org',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  };

  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ])(
    'given the RFC 7616 section 3.9.1 example with %s, when computed, then the response is %s',
    (algorithm, response) => {
      const header =
        `Digest username="Mufasa", realm="${RFC7616.realm}", uri="/dir/index.html", algorithm=${algorithm}, ` +
        `nonce="${RFC7616.nonce}", nc=00000001, cnonce="${RFC7616.cnonce}", qop=auth, ` +
        `response="${response}", opaque="${RFC7616.opaque}"`;
      const c = digestOf(header);
      expect(expectedResponse(c, 'GET', 'Circle of Life')).toBe(response);
    },
  );

  it('given the RFC 7616 challenge, when parsed on the client side, then realm, qop list, algorithm and opaque come out', () => {
    const header = `Digest realm="${RFC7616.realm}", qop="auth, auth-int", algorithm=SHA-256, nonce="${RFC7616.nonce}", opaque="${RFC7616.opaque}"`;
    const parsed = parseChallenges(header);
    if (!parsed.ok) throw new Error(parsed.detail);
    expect(findDigestChallenge(parsed.challenges)).toEqual({
      realm: RFC7616.realm,
      nonce: RFC7616.nonce,
      qop: ['auth', 'auth-int'],
      algorithm: 'SHA-256',
      opaque: RFC7616.opaque,
      stale: false,
    });
  });
});

describe('verifyDigest', () => {
  const policy: DigestPolicy = authPolicy({ realm: REALM, algorithms: ['MD5', 'SHA-256'] });
  const random = seededBytes();
  const nonceAt = (now: number) =>
    issueNonce({ secret: NONCE_SECRET, realm: REALM, now, epoch: 7, random: random(NONCE_RANDOM_BYTES) });

  function answer(
    overrides: { nonce?: string; password?: string; uri?: string; algorithm?: 'MD5' | 'SHA-256' } = {},
  ) {
    return digestOf(
      digestAuthorization({
        username: 'dev-1',
        password: overrides.password ?? 'right',
        method: 'POST',
        uri: overrides.uri ?? '/acs',
        challenge: {
          realm: REALM,
          nonce: overrides.nonce ?? nonceAt(T0),
          algorithm: overrides.algorithm ?? 'MD5',
        },
        nc: 1,
        cnonce: 'c0ffee',
      }),
    );
  }

  const verify = (credentials: DigestCredentials, now = T0 + 1000, uri = '/acs', p = policy) =>
    verifyDigest({
      credentials,
      request: { method: 'POST', uri },
      now,
      secrets: SECRETS,
      policy: p,
      secret: { password: 'right' },
    });

  it('given the right password, when verified, then ok with the username and a replay claim on (nonce, nc)', () => {
    const credentials = answer();
    const verdict = verify(credentials);
    expect(verdict).toEqual({
      ok: true,
      username: 'dev-1',
      replay: { key: `nonce:{${credentials.nonce}}:00000001`, ttlMs: 300_000 + 30_000 - 1000 },
    });
  });

  it('given SHA-256 and a stored HA1 instead of the password, when verified, then ok', () => {
    const credentials = answer({ algorithm: 'SHA-256' });
    const ha1 = digestHa1('SHA-256', 'dev-1', REALM, 'right');
    const verdict = verifyDigest({
      credentials,
      request: { method: 'POST', uri: '/acs' },
      now: T0,
      secrets: SECRETS,
      policy,
      secret: { ha1 },
    });
    expect(verdict.ok).toBe(true);
  });

  it('given a wrong password, when verified, then bad-response', () => {
    expect(verify(answer({ password: 'wrong' }))).toMatchObject({ ok: false, reason: 'bad-response' });
  });

  it('given a nonce with one character changed, when verified, then forged-nonce', () => {
    const nonce = nonceAt(T0);
    const tampered = (nonce[10] === 'A' ? 'B' : 'A') + '';
    const credentials = answer({ nonce: nonce.slice(0, 10) + tampered + nonce.slice(11) });
    expect(verify(credentials)).toMatchObject({ ok: false, reason: 'forged-nonce' });
  });

  it('given a nonce from another realm, when verified, then forged-nonce', () => {
    const foreign = issueNonce({
      secret: NONCE_SECRET,
      realm: 'Other',
      now: T0,
      epoch: 7,
      random: random(NONCE_RANDOM_BYTES),
    });
    expect(verify(answer({ nonce: foreign }))).toMatchObject({ ok: false, reason: 'forged-nonce' });
  });

  it('given an expired nonce and the right password, when verified, then stale-nonce', () => {
    expect(verify(answer(), T0 + 300_001)).toMatchObject({ ok: false, reason: 'stale-nonce' });
  });

  it('given an expired nonce and a wrong password, when verified, then bad-response (stale only for right answers)', () => {
    expect(verify(answer({ password: 'wrong' }), T0 + 300_001)).toMatchObject({
      ok: false,
      reason: 'bad-response',
    });
  });

  it('given a nonce dated in the future beyond the clock skew, when verified, then stale-nonce', () => {
    expect(verify(answer({ nonce: nonceAt(T0 + 31_000) }), T0)).toMatchObject({
      ok: false,
      reason: 'stale-nonce',
    });
    expect(verify(answer({ nonce: nonceAt(T0 + 29_000) }), T0).ok).toBe(true);
  });

  it('given a realm other than ours, when verified, then realm-mismatch', () => {
    const credentials = { ...answer(), realm: 'Elsewhere' };
    expect(verify(credentials)).toMatchObject({ ok: false, reason: 'realm-mismatch' });
  });

  it('given an algorithm the policy does not enable, when verified, then unsupported-algorithm', () => {
    const md5Only = authPolicy({ realm: REALM });
    expect(verify(answer({ algorithm: 'SHA-256' }), T0, '/acs', md5Only)).toMatchObject({
      reason: 'unsupported-algorithm',
    });
  });

  it.each([
    ['path', '/acs', 'http://acs.example.net:7547/acs', true],
    ['path', 'https://10.0.0.1/acs?x=1', '/acs?x=1', true],
    ['path', '/acs', '/other', false],
    ['exact', 'http://acs.example.net:7547/acs', '/acs', false],
    ['exact', '/acs', '/acs', true],
    ['any', '/whatever', '/acs', true],
  ] as const)(
    'given uriMatch=%s, digest uri %s and request target %s, when verified, then accepted=%s',
    (mode, digestUri, target, accepted) => {
      const credentials = answer({ uri: digestUri });
      const verdict = verify(credentials, T0, target, authPolicy({ realm: REALM, uriMatch: mode }));
      expect(verdict.ok ? true : verdict.reason).toBe(accepted ? true : 'uri-mismatch');
    },
  );

  it('given absolute URLs, when reduced to path and query, then scheme and authority are dropped', () => {
    expect(pathAndQuery('http://h:1/a?b')).toBe('/a?b');
    expect(pathAndQuery('http://h:1')).toBe('/');
    expect(pathAndQuery('http://h?q')).toBe('/?q');
    expect(pathAndQuery('/a')).toBe('/a');
  });

  describe('RFC 2069 clients (no qop)', () => {
    const legacy = (nonce: string) =>
      digestOf(
        digestAuthorization({
          username: 'old-cpe',
          password: 'right',
          method: 'POST',
          uri: '/',
          challenge: { realm: REALM, nonce, algorithm: 'MD5' },
          nc: 1,
          cnonce: 'unused',
          qop: 'none',
        }),
      );

    it('given legacyNoQop=refuse (the default), when a response without qop arrives, then unsupported-qop', () => {
      const c = legacy(nonceAt(T0));
      expect(c).toMatchObject({ qop: null, nc: null, cnonce: null });
      expect(verify(c, T0, '/')).toMatchObject({ ok: false, reason: 'unsupported-qop' });
    });

    it('given legacyNoQop=accept, when verified, then ok and the replay claim is on the nonce alone', () => {
      const c = legacy(nonceAt(T0));
      const verdict = verify(c, T0, '/', authPolicy({ realm: REALM, legacyNoQop: 'accept' }));
      expect(verdict).toMatchObject({ ok: true, replay: { key: `nonce:{${c.nonce}}` } });
    });
  });
});
