import { describe, expect, it } from 'vitest';
import { basicAuthorization, digestAuthorization, parseAuthHeader, verifyDigest } from './digest.js';

describe('the Digest client', () => {
  const challenge = parseAuthHeader(
    'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  )[0];

  it('answers the RFC 2617 example challenge with the published response', () => {
    expect(challenge).toBeDefined();
    const header = digestAuthorization({
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      challenge: challenge!,
      nc: 1,
      cnonce: '0a4f113b',
    });
    const params = parseAuthHeader(header)[0]?.params;
    expect(params?.get('response')).toBe('6629fae49393a05397450978507c4ef1');
    expect(params?.get('qop')).toBe('auth');
    expect(params?.get('nc')).toBe('00000001');
    expect(params?.get('opaque')).toBe('5ccc069c403ebaf9f0171e9517f40e41');
  });

  it('answers the RFC 7616 SHA-256 example', () => {
    const sha = parseAuthHeader(
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    )[0];
    const header = digestAuthorization({
      username: 'Mufasa',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      challenge: sha!,
      nc: 1,
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    });
    expect(parseAuthHeader(header)[0]?.params.get('response')).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('parses several challenges in one header, quoted commas included', () => {
    const parsed = parseAuthHeader('Digest realm="a, b", qop="auth", nonce=xyz, Basic realm="acs"');
    expect(parsed.map((c) => [c.scheme, [...c.params]])).toEqual([
      [
        'Digest',
        [
          ['realm', 'a, b'],
          ['qop', 'auth'],
          ['nonce', 'xyz'],
        ],
      ],
      ['Basic', [['realm', 'acs']]],
    ]);
  });

  it('verifies its own answer and refuses a wrong password', () => {
    const c = parseAuthHeader('Digest realm="r", qop="auth", nonce="n1"')[0]!;
    const answer = (password: string): ReturnType<typeof parseAuthHeader>[number] =>
      parseAuthHeader(
        digestAuthorization({
          username: 'u',
          password,
          method: 'GET',
          uri: '/cr/x',
          challenge: c,
          nc: 3,
          cnonce: 'c',
        }),
      )[0]!;
    expect(verifyDigest(answer('p'), { username: 'u', password: 'p', realm: 'r', method: 'GET' })).toEqual({
      ok: true,
      nonce: 'n1',
      nc: 3,
      uri: '/cr/x',
    });
    expect(verifyDigest(answer('q'), { username: 'u', password: 'p', realm: 'r', method: 'GET' }).ok).toBe(
      false,
    );
  });

  it('builds Basic credentials', () => {
    expect(basicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });
});
