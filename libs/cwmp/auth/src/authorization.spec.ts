import { describe, expect, it } from 'vitest';
import { parseAuthorization } from './authorization.js';
import { basicAuthorization } from './client.js';

const NONCE = 'AQGUIQ0sAAgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYn';
const RESPONSE = '0123456789abcdef0123456789abcdef';
const GOOD = `Digest username="dev", realm="Headend", nonce="${NONCE}", uri="/", response="${RESPONSE}", qop=auth, nc=00000001, cnonce="abc"`;

describe('parseAuthorization: what real clients send', () => {
  it('given the MikroTik header from the codec fixtures (opaque="", bare tokens), when parsed, then all fields are read', () => {
    const header =
      'Digest username="qacafe", realm="qacafe", uri="/", algorithm=MD5, nonce="XXXXXXXXXXXXXXXX", nc=00000001, ' +
      'cnonce="XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", qop=auth, response="0123456789ABCDEF0123456789abcdef", opaque=""';
    expect(parseAuthorization(header)).toEqual({
      ok: true,
      credentials: {
        scheme: 'digest',
        username: 'qacafe',
        realm: 'qacafe',
        nonce: 'XXXXXXXXXXXXXXXX',
        uri: '/',
        response: '0123456789ABCDEF0123456789abcdef',
        algorithm: 'MD5',
        qop: 'auth',
        nc: '00000001',
        ncValue: 1,
        cnonce: 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
        opaque: '',
      },
    });
  });

  it('given odd but legal spelling (scheme case, bare uri, quoted qop, escapes, spaces around =, empty list items), when parsed, then read', () => {
    const header = `  dIgEsT username = "a\\"b" ,, realm="Headend", nonce=${NONCE}, uri=/acs?x=1, qop="auth", nc=0000000A, cnonce=c, response=${RESPONSE}, algorithm="md5", x-vendor=1 `;
    const parsed = parseAuthorization(header);
    expect(parsed).toMatchObject({
      ok: true,
      credentials: {
        username: 'a"b',
        uri: '/acs?x=1',
        qop: 'auth',
        nc: '0000000A',
        ncValue: 10,
        algorithm: 'MD5',
      },
    });
  });

  it('given Basic with a ":" in the password and no padding, when parsed, then split at the first ":"', () => {
    const token = Buffer.from('dev:pa:ss:word').toString('base64').replace(/=+$/, '');
    expect(parseAuthorization(`Basic ${token}`)).toEqual({
      ok: true,
      credentials: { scheme: 'basic', username: 'dev', password: 'pa:ss:word' },
    });
  });

  it('given the RFC 7617 example, when parsed, then Aladdin / open sesame', () => {
    expect(basicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(parseAuthorization('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==')).toMatchObject({
      credentials: { username: 'Aladdin', password: 'open sesame' },
    });
  });

  it('given a UTF-8 Basic password, when parsed, then it is decoded as UTF-8', () => {
    expect(parseAuthorization(basicAuthorization('dev', 'pässwörd'))).toMatchObject({
      credentials: { password: 'pässwörd' },
    });
  });
});

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');

describe('parseAuthorization: hostile headers', () => {
  it.each([
    ['absent', undefined, 'missing'],
    ['empty', '', 'malformed'],
    ['blank', '   ', 'malformed'],
    ['scheme only', 'Digest', 'malformed'],
    ['huge (10 KB)', `Digest username="${'a'.repeat(10_000)}"`, 'malformed'],
    ['unterminated quote', 'Digest username="dev, realm="x', 'malformed'],
    ['escape at the very end', 'Digest username="dev\\', 'malformed'],
    ['__proto__ as a parameter', `${GOOD}, __proto__="x"`, 'ok'],
    ['__proto__ only', 'Digest __proto__=1, constructor=2', 'malformed'],
    ['duplicate username', `${GOOD}, username="other"`, 'malformed'],
    ['duplicate unknown parameter', `${GOOD}, x=1, X=2`, 'malformed'],
    ['non-ASCII in a value', GOOD.replace('dev', 'dév'), 'malformed'],
    ['NUL byte', GOOD.replace('dev', 'd\0v'), 'malformed'],
    ['CR LF injection', GOOD.replace('dev', 'd\r\nX-Evil: 1'), 'malformed'],
    [
      'too many parameters',
      `${GOOD}${Array.from({ length: 20 }, (_, i) => `, p${i}=1`).join('')}`,
      'malformed',
    ],
    ['missing "="', 'Digest username "dev"', 'malformed'],
    ['missing value', 'Digest username=, realm="x"', 'malformed'],
    ['junk after a value', `${GOOD} junk`, 'malformed'],
    ['no space after the scheme', 'Digest,username="x"', 'malformed'],
    ['missing response', GOOD.replace(`response="${RESPONSE}"`, 'x=1'), 'malformed'],
    ['short response', GOOD.replace(RESPONSE, 'abc'), 'malformed'],
    ['non-hex response', GOOD.replace(RESPONSE, 'z'.repeat(32)), 'malformed'],
    ['qop without nc', GOOD.replace('nc=00000001', 'x=1'), 'malformed'],
    ['nc not 8 hex digits', GOOD.replace('nc=00000001', 'nc=1'), 'malformed'],
    ['nc zero', GOOD.replace('nc=00000001', 'nc=00000000'), 'malformed'],
    ['qop without cnonce', GOOD.replace('cnonce="abc"', 'x=1'), 'malformed'],
    ['qop=auth-int', GOOD.replace('qop=auth', 'qop=auth-int'), 'unsupported-qop'],
    ['unknown algorithm', `${GOOD}, algorithm=SHA-512-256`, 'unsupported-algorithm'],
    ['userhash=true', `${GOOD}, userhash=true`, 'malformed'],
    [
      'MD5-sess without qop',
      `Digest username="d", realm="r", nonce="n", uri="/", response="${RESPONSE}", algorithm=MD5-sess`,
      'malformed',
    ],
    ['other scheme', 'Bearer abc.def', 'unsupported-scheme'],
    ['NTLM', 'NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==', 'unsupported-scheme'],
    ['Basic not base64', 'Basic !!!', 'malformed'],
    ['Basic without a colon', `Basic ${b64('devpassword')}`, 'malformed'],
    ['Basic with an empty user', `Basic ${b64(':password')}`, 'malformed'],
    ['Basic with invalid UTF-8', `Basic ${b64('dev:\xff\xfe')}`, 'malformed'],
    ['Basic with a control character', `Basic ${b64('dev:pa\x07ss')}`, 'malformed'],
    ['Basic with two tokens', `Basic ${b64('a:b')} ${b64('c:d')}`, 'malformed'],
  ])('given %s, when parsed, then %s', (_name, header, expected) => {
    const parsed = parseAuthorization(header);
    expect(parsed.ok ? 'ok' : parsed.reason).toBe(expected);
  });

  it('given __proto__ among the parameters, when parsed, then no prototype is touched', () => {
    const parsed = parseAuthorization(`${GOOD}, __proto__="polluted", constructor="x"`);
    expect(parsed.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('given a header of escaped quotes that never closes, when parsed, then malformed (not an exception)', () => {
    const header = `Digest a="${'\\"'.repeat(2000)}`;
    expect(header.length).toBeLessThan(4096);
    expect(parseAuthorization(header)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
