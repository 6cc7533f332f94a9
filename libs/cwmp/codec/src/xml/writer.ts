import { CwmpEncodeError } from '../errors.js';

// Anything that needs escaping, or that XML 1.0 cannot carry (checked precisely on the slow path).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_WORK = /[&<>"\r\t\n\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const TEXT_SPECIALS = /[&<>\r]/g;
const ATTRIBUTE_SPECIALS = /[&<>"\r\t\n]/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
  '\t': '&#9;',
  '\n': '&#10;',
};

function escape(s: string, specials: RegExp, path: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  const bad = NOT_XML_CHAR.exec(s);
  if (bad !== null) {
    const cp = bad[0].codePointAt(0) ?? 0;
    throw new CwmpEncodeError(
      'INVALID_XML_CHARACTER',
      path,
      `U+${cp.toString(16).toUpperCase().padStart(4, '0')} cannot appear in XML 1.0`,
    );
  }
  return s.replace(specials, (ch) => ENTITIES[ch] ?? ch);
}

/** Text content: & < > escaped, and CR as a reference so a decoder's line-end normalisation keeps it. */
export function escapeText(s: string, path: string): string {
  return escape(s, TEXT_SPECIALS, path);
}

/** A double-quoted attribute value; tab, CR and LF as references so attribute normalisation keeps them. */
export function escapeAttribute(s: string, path: string): string {
  return escape(s, ATTRIBUTE_SPECIALS, path);
}

export interface WriterPrefixes {
  readonly env: string;
  readonly enc: string;
  readonly cwmp: string;
}

/** Appends markup to one string; element names come from the codecs, never from input. */
export class XmlWriter {
  out = '';

  constructor(readonly prefixes: WriterPrefixes) {}

  leaf(name: string, text: string, path: string): void {
    this.out += `<${name}>${escapeText(text, path)}</${name}>`;
  }

  text(text: string, path: string): void {
    this.out += escapeText(text, path);
  }

  open(name: string, attributes = ''): void {
    this.out += `<${name}${attributes}>`;
  }

  close(name: string): void {
    this.out += `</${name}>`;
  }

  empty(name: string, attributes = ''): void {
    this.out += `<${name}${attributes}/>`;
  }
}
