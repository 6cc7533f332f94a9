/**
 * The auth-param grammar of RFC 7235 / RFC 9110 section 11, shared by the Authorization parser (server
 * side) and the WWW-Authenticate parser (client side). Device input is hostile: caps are checked before
 * any work, names become keys of a `Map` only (never of a plain object), and every scan is a single
 * linear pass without backtracking.
 */

export interface HeaderLimits {
  /** Longest header value accepted, in characters. */
  readonly maxHeaderLength: number;
  /** Most auth-params in one header (known and unknown ones together). */
  readonly maxParams: number;
}

/** A Digest header from a CPE is ~300-600 characters with 9-11 parameters. */
export const DEFAULT_HEADER_LIMITS: HeaderLimits = { maxHeaderLength: 4096, maxParams: 16 };

export type Scan<T> = { readonly ok: true; readonly value: T; readonly end: number } | ScanError;
export interface ScanError {
  readonly ok: false;
  readonly detail: string;
}

/** Only HTAB and printable ASCII: header bytes outside that are refused, not guessed at. */
const UNACCEPTABLE = /[^\t\x20-\x7e]/;

export function checkHeaderText(text: string, limits: HeaderLimits): ScanError | null {
  if (text.length > limits.maxHeaderLength) {
    return { ok: false, detail: `longer than ${limits.maxHeaderLength} characters` };
  }
  if (UNACCEPTABLE.test(text)) return { ok: false, detail: 'contains a control or non-ASCII character' };
  return null;
}

const TCHAR_EXTRA = "!#$%&'*+-.^_`|~";

export function isTchar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code < 0x7f && TCHAR_EXTRA.includes(String.fromCharCode(code)))
  );
}

/** A value without quotes: lenient (CPEs send `uri=/acs` bare), anything visible but `"`, `,` and `\`. */
function isBareChar(code: number): boolean {
  return code >= 0x21 && code <= 0x7e && code !== 0x22 && code !== 0x2c && code !== 0x5c;
}

export function skipWhitespace(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return i;
}

export function readToken(text: string, pos: number): string {
  let i = pos;
  while (i < text.length && isTchar(text.charCodeAt(i))) i++;
  return text.slice(pos, i);
}

/** A quoted-string starting at `pos` (which holds `"`), with `\` escapes removed. */
export function readQuoted(text: string, pos: number): Scan<string> {
  let out = '';
  let chunk = pos + 1;
  for (let i = pos + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return { ok: true, value: out + text.slice(chunk, i), end: i + 1 };
    if (code === 0x5c) {
      if (i + 1 >= text.length) break;
      out += text.slice(chunk, i) + text.charAt(i + 1);
      i++;
      chunk = i + 1;
    }
  }
  return { ok: false, detail: `unterminated quoted string starting at ${pos}` };
}

/** True when `pos` starts a new challenge (`Scheme`, `Scheme param=...`), not an auth-param. */
function startsScheme(text: string, pos: number): boolean {
  const token = readToken(text, pos);
  if (token === '') return false;
  const next = skipWhitespace(text, pos + token.length);
  return text.charCodeAt(next) !== 0x3d;
}

/**
 * A comma-separated list of `name=value` (value a token or quoted-string) from `pos`. Names are lower-
 * cased; duplicates are refused (RFC 7616: each parameter at most once) and counted against the cap even
 * when unknown. With `stopAtScheme`, a following challenge ends the list (WWW-Authenticate may carry
 * several); otherwise the list must run to the end of the text.
 */
export function readParams(
  text: string,
  pos: number,
  limits: HeaderLimits,
  stopAtScheme: boolean,
): Scan<Map<string, string>> {
  const params = new Map<string, string>();
  let i = pos;
  for (;;) {
    // Empty list elements (",,") are allowed by the list syntax.
    while (i < text.length && (text[i] === ',' || text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= text.length) break;
    if (stopAtScheme && startsScheme(text, i)) break;
    const name = readToken(text, i);
    if (name === '') return { ok: false, detail: `expected a parameter name at ${i}` };
    i = skipWhitespace(text, i + name.length);
    if (text[i] !== '=') return { ok: false, detail: `expected "=" after a parameter name at ${i}` };
    i = skipWhitespace(text, i + 1);
    let value: string;
    if (text[i] === '"') {
      const quoted = readQuoted(text, i);
      if (!quoted.ok) return quoted;
      value = quoted.value;
      i = quoted.end;
    } else {
      const start = i;
      while (i < text.length && isBareChar(text.charCodeAt(i))) i++;
      if (i === start) return { ok: false, detail: `expected a parameter value at ${i}` };
      value = text.slice(start, i);
    }
    const key = name.toLowerCase();
    if (params.has(key)) return { ok: false, detail: `duplicate parameter at ${i}` };
    if (params.size >= limits.maxParams)
      return { ok: false, detail: `more than ${limits.maxParams} parameters` };
    params.set(key, value);
    i = skipWhitespace(text, i);
    if (i < text.length && text[i] !== ',') return { ok: false, detail: `expected "," at ${i}` };
  }
  return { ok: true, value: params, end: i };
}

/** Quotes a value for a header we write (realm, nonce, opaque, ...): escapes `"` and `\`. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
