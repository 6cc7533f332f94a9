import type { XmlErrorCode } from './types.js';

/** Thrown inside the scanner only; parseXml turns it into a result. */
export class XmlSyntaxError extends Error {
  constructor(
    readonly code: XmlErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

/** XML 1.0 Char production. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function decodeReference(ref: string): string {
  switch (ref) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  if (ref.charCodeAt(0) === 0x23 /* # */) {
    const hex = ref.charCodeAt(1) === 0x78; /* x */
    const digits = ref.slice(hex ? 2 : 1);
    const valid = hex ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
    const cp = valid ? Number.parseInt(digits, hex ? 16 : 10) : -1;
    if (!isXmlChar(cp)) throw new XmlSyntaxError('XML_MALFORMED', `invalid character reference &${ref};`);
    return String.fromCodePoint(cp);
  }
  // No DTD is ever read, so only the five predefined entities exist.
  throw new XmlSyntaxError('XML_MALFORMED', `undefined entity &${ref.slice(0, 32)};`);
}

/** Replaces entity and character references; the input contains at least one '&'. */
export function decodeReferences(raw: string): string {
  let out = '';
  let pos = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', pos)) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 12)
      throw new XmlSyntaxError('XML_MALFORMED', 'unterminated entity reference');
    out += raw.slice(pos, amp) + decodeReference(raw.slice(amp + 1, semi));
    pos = semi + 1;
  }
  return out + raw.slice(pos);
}

/** Character data as the XML spec defines it: line ends normalised, then references replaced. */
export function decodeCharacterData(raw: string): string {
  let s = raw;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  return s.includes('&') ? decodeReferences(s) : s;
}
