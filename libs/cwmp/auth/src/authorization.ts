import { parseAlgorithm, hexLengthOf, isSessionAlgorithm } from './digest-hash.js';
import type { DigestAlgorithm } from './digest-hash.js';
import { authFailure } from './failures.js';
import type { AuthFailure } from './failures.js';
import {
  checkHeaderText,
  DEFAULT_HEADER_LIMITS,
  readParams,
  readToken,
  skipWhitespace,
} from './header-params.js';
import type { HeaderLimits } from './header-params.js';

/** The parameters of `Authorization: Digest ...`, checked for shape (not yet for truth). */
export interface DigestCredentials {
  readonly scheme: 'digest';
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  /** Hex as sent (32 or 64 digits, by algorithm). */
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  /** null for an RFC 2069 client, which sends no qop, nc or cnonce. */
  readonly qop: 'auth' | null;
  /** As sent (8 hex digits), since it is hashed as sent; null without qop. */
  readonly nc: string | null;
  /** The nonce count as a number (1 or more); null without qop. */
  readonly ncValue: number | null;
  readonly cnonce: string | null;
  /** Echoed back by the client; carried for logs, not checked (see README). */
  readonly opaque: string | null;
}

export interface BasicCredentials {
  readonly scheme: 'basic';
  readonly username: string;
  readonly password: string;
}

export type Credentials = DigestCredentials | BasicCredentials;
export type ParsedAuthorization = { readonly ok: true; readonly credentials: Credentials } | AuthFailure;

const NC = /^[0-9a-fA-F]{8}$/;
const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses an `Authorization` header value. Never throws; hostile input yields `malformed` (or
 * `unsupported-*`), never an exception, a prototype write or super-linear work.
 */
export function parseAuthorization(
  header: string | undefined,
  limits: HeaderLimits = DEFAULT_HEADER_LIMITS,
): ParsedAuthorization {
  if (header === undefined) return authFailure('missing');
  const bad = checkHeaderText(header, limits);
  if (bad !== null) return authFailure('malformed', bad.detail);
  const start = skipWhitespace(header, 0);
  const scheme = readToken(header, start);
  if (scheme === '') return authFailure('malformed', 'no authentication scheme');
  const afterScheme = start + scheme.length;
  if (afterScheme < header.length && header[afterScheme] !== ' ' && header[afterScheme] !== '\t') {
    return authFailure('malformed', 'no space after the authentication scheme');
  }
  switch (scheme.toLowerCase()) {
    case 'digest': {
      const params = readParams(header, afterScheme, limits, false);
      return params.ok ? digestCredentials(params.value) : authFailure('malformed', params.detail);
    }
    case 'basic':
      return basicCredentials(header.slice(afterScheme).trim());
    default:
      return authFailure('unsupported-scheme', `scheme ${scheme.slice(0, 32)}`);
  }
}

function digestCredentials(params: ReadonlyMap<string, string>): ParsedAuthorization {
  const username = params.get('username');
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const uri = params.get('uri');
  const response = params.get('response');
  if (username === undefined || realm === undefined || nonce === undefined || uri === undefined) {
    return authFailure('malformed', 'username, realm, nonce and uri are required');
  }
  if (response === undefined) return authFailure('malformed', 'response is required');
  if (username === '' || nonce === '' || uri === '') {
    return authFailure('malformed', 'username, nonce and uri must not be empty');
  }
  if (params.has('username*') || params.get('userhash')?.toLowerCase() === 'true') {
    return authFailure('malformed', 'username* and userhash=true are not supported');
  }
  const algorithm = parseAlgorithm(params.get('algorithm'));
  if (algorithm === null) return authFailure('unsupported-algorithm', 'algorithm not recognised');
  if (response.length !== hexLengthOf(algorithm) || !HEX.test(response)) {
    return authFailure('malformed', `response must be ${hexLengthOf(algorithm)} hex digits for ${algorithm}`);
  }
  const opaque = params.get('opaque') ?? null;
  const qop = params.get('qop');
  if (qop === undefined) {
    if (isSessionAlgorithm(algorithm)) return authFailure('malformed', `${algorithm} needs qop and cnonce`);
    return ok({
      username,
      realm,
      nonce,
      uri,
      response,
      algorithm,
      qop: null,
      nc: null,
      ncValue: null,
      cnonce: null,
      opaque,
    });
  }
  if (qop.toLowerCase() !== 'auth') return authFailure('unsupported-qop', 'only qop=auth is supported');
  const nc = params.get('nc');
  const cnonce = params.get('cnonce');
  if (nc === undefined || !NC.test(nc)) return authFailure('malformed', 'with qop, nc must be 8 hex digits');
  if (cnonce === undefined || cnonce === '') return authFailure('malformed', 'with qop, cnonce is required');
  const ncValue = Number.parseInt(nc, 16);
  if (ncValue === 0) return authFailure('malformed', 'nc starts at 00000001');
  return ok({ username, realm, nonce, uri, response, algorithm, qop: 'auth', nc, ncValue, cnonce, opaque });
}

function ok(fields: Omit<DigestCredentials, 'scheme'>): ParsedAuthorization {
  return { ok: true, credentials: { scheme: 'digest', ...fields } };
}

function basicCredentials(token68: string): ParsedAuthorization {
  // RFC 7617 requires padding; some clients drop it, which is harmless to accept.
  if (!BASE64.test(token68) || token68.length % 4 === 1) {
    return authFailure('malformed', 'Basic credentials are not base64');
  }
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(token68, 'base64'));
  } catch {
    return authFailure('malformed', 'Basic credentials are not UTF-8');
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return authFailure('malformed', 'Basic credentials are not user:password');
  if (hasControl(decoded)) return authFailure('malformed', 'Basic credentials contain a control character');
  // The user-id cannot contain ':' (RFC 7617), the password can: split at the first one.
  return {
    ok: true,
    credentials: { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) },
  };
}

/** RFC 7617: the user-id and password contain no control characters (CTL). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
