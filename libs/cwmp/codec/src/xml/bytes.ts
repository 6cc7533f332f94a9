/**
 * Bytes to text, honouring a BOM or the XML declaration's encoding. Supported: UTF-8 (the default),
 * US-ASCII (read as UTF-8), ISO-8859-1 (true Latin-1: bytes 0x80-0x9F become C1 controls) and
 * windows-1252; UTF-16 only with a BOM. Anything else is refused (UNSUPPORTED_ENCODING).
 */

export type InvalidUtf8Policy = 'replace' | 'reject';

export type BytesToTextResult =
  | { readonly ok: true; readonly text: string; readonly encoding: string; readonly invalidUtf8At?: number }
  | { readonly ok: false; readonly code: 'UNSUPPORTED_ENCODING' | 'INVALID_UTF8'; readonly detail: string };

// TextDecoder without { stream: true } keeps no state between calls, so sharing one is safe.
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const UTF8_REPLACING = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

type Charset = 'utf-8' | 'iso-8859-1' | 'windows-1252';

const CHARSETS = new Map<string, Charset>([
  ['utf-8', 'utf-8'],
  ['utf8', 'utf-8'],
  ['us-ascii', 'utf-8'],
  ['ascii', 'utf-8'],
  ['iso-8859-1', 'iso-8859-1'],
  ['iso8859-1', 'iso-8859-1'],
  ['iso_8859-1', 'iso-8859-1'],
  ['latin1', 'iso-8859-1'],
  ['latin-1', 'iso-8859-1'],
  ['l1', 'iso-8859-1'],
  ['windows-1252', 'windows-1252'],
  ['cp1252', 'windows-1252'],
]);

/** The encoding pseudo-attribute of a leading `<?xml ...?>`, read as ASCII from the first bytes. */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
  let i = 0;
  while (
    i < bytes.length &&
    i < 64 &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  if (bytes[i] !== 0x3c || bytes[i + 1] !== 0x3f) return undefined;
  let head = '';
  for (let k = i; k < bytes.length && k < i + 256; k++) {
    const b = bytes[k] as number;
    head += String.fromCharCode(b);
    if (b === 0x3e) break;
  }
  if (!head.startsWith('<?xml')) return undefined;
  return /\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head)?.[1];
}

export function latin1ToString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

// 0x80-0x9F of windows-1252 (Node 20's TextDecoder reads this label as Latin-1, so it is done here).
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function windows1252ToString(bytes: Uint8Array): string {
  const latin1 = latin1ToString(bytes);
  return /[\u0080-\u009f]/.test(latin1)
    ? latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH.charAt(c.charCodeAt(0) - 0x80))
    : latin1;
}

/** Offset of the first byte that breaks UTF-8 (only called once decoding has already failed). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    const b1 = bytes[i + 1] as number;
    if (
      (b === 0xe0 && b1 < 0xa0) ||
      (b === 0xed && b1 > 0x9f) ||
      (b === 0xf0 && b1 < 0x90) ||
      (b === 0xf4 && b1 > 0x8f)
    ) {
      return i;
    }
    i += need + 1;
  }
  return -1;
}

export function bytesToText(bytes: Uint8Array, onInvalidUtf8: InvalidUtf8Policy): BytesToTextResult {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const label = hasUtf8Bom ? 'utf-8' : (declaredEncoding(bytes) ?? 'utf-8');
  const charset = CHARSETS.get(label.toLowerCase());
  if (charset === undefined) {
    return {
      ok: false,
      code: 'UNSUPPORTED_ENCODING',
      detail: `encoding "${label.slice(0, 40)}" is not supported`,
    };
  }
  if (charset === 'iso-8859-1') return { ok: true, text: latin1ToString(bytes), encoding: charset };
  if (charset === 'windows-1252') return { ok: true, text: windows1252ToString(bytes), encoding: charset };
  try {
    return { ok: true, text: UTF8_STRICT.decode(bytes), encoding: charset };
  } catch {
    const at = firstInvalidUtf8(bytes);
    if (onInvalidUtf8 === 'reject') {
      return { ok: false, code: 'INVALID_UTF8', detail: `invalid UTF-8 at byte ${at}` };
    }
    return { ok: true, text: UTF8_REPLACING.decode(bytes), encoding: charset, invalidUtf8At: at };
  }
}
