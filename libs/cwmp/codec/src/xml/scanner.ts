import { decodeCharacterData, XmlSyntaxError } from './entities.js';
import type { NamespaceScope, XmlAttribute, XmlElement, XmlLimits, XmlParseResult } from './types.js';
import { resolvePrefix } from './types.js';

/**
 * A small non-validating XML 1.0 + Namespaces scanner, specialised for SOAP: it builds the element tree
 * in one pass with native indexOf jumps, enforces depth/element/attribute caps as it goes, refuses any
 * markup declaration, and knows only the five predefined entities. Out of scope on purpose: DTDs,
 * external entities, attribute defaults, xml:space, text after a child element (mixed content; dropped,
 * CWMP has none), and full Name-production checks (only the first character of a name is checked).
 */

interface MutableElement {
  ns: string;
  name: string;
  prefix: string;
  attributes: readonly XmlAttribute[];
  children: MutableElement[];
  text: string;
  scope: NamespaceScope | undefined;
  /** The name as written, to match the end tag. */
  qname: string;
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isBlank(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(src.charCodeAt(i))) return false;
  return true;
}

function malformed(detail: string): XmlSyntaxError {
  return new XmlSyntaxError('XML_MALFORMED', detail);
}

function truncated(detail: string): XmlSyntaxError {
  return new XmlSyntaxError('XML_TRUNCATED', detail);
}

/** A name may not start with these (nor with a digit, '-', '.'); anything else is left to the codecs. */
function isNameStart(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x5f ||
    c === 0x3a ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7)
  );
}

function splitQName(qname: string): [prefix: string, local: string] {
  const colon = qname.indexOf(':');
  if (colon === -1) return ['', qname];
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  if (prefix === '' || local === '' || local.includes(':'))
    throw malformed(`invalid qualified name "${qname.slice(0, 64)}"`);
  return [prefix, local];
}

function normaliseAttributeValue(raw: string): string {
  if (raw.includes('<')) throw malformed('"<" in an attribute value');
  let s = raw;
  if (/[\t\n\r]/.test(s)) s = s.replace(/\r\n|[\t\n\r]/g, ' ');
  return decodeCharacterData(s);
}

class Scanner {
  private pos: number;
  private elements = 0;
  private readonly stack: MutableElement[] = [];
  private root: MutableElement | undefined;
  private scope: NamespaceScope | undefined;

  constructor(
    private readonly src: string,
    private readonly limits: XmlLimits,
  ) {
    this.pos = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  run(): XmlElement {
    const { src } = this;
    const len = src.length;
    let first = this.pos;
    while (first < len && isSpace(src.charCodeAt(first))) first++;
    if (first >= len || src.charCodeAt(first) !== 0x3c)
      throw new XmlSyntaxError('NOT_XML', 'input does not start with "<"');
    while (this.pos < len) {
      const lt = src.indexOf('<', this.pos);
      const textEnd = lt === -1 ? len : lt;
      if (textEnd > this.pos) this.characterData(src.slice(this.pos, textEnd), this.pos, textEnd);
      if (lt === -1) break;
      const c = src.charCodeAt(lt + 1);
      if (c === 0x2f) this.endTag(lt);
      else if (c === 0x3f) this.processingInstruction(lt);
      else if (c === 0x21) this.markup(lt);
      else this.startTag(lt);
    }
    const open = this.stack[this.stack.length - 1];
    if (open !== undefined) throw truncated(`end of input inside <${open.qname}>`);
    if (this.root === undefined) throw truncated('no root element');
    return this.root;
  }

  private characterData(raw: string, from: number, to: number): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      if (!isBlank(this.src, from, to)) throw malformed('text outside the root element');
    } else if (top.children.length === 0) {
      top.text += decodeCharacterData(raw);
    }
  }

  private endTag(lt: number): void {
    const { src } = this;
    const gt = src.indexOf('>', lt + 2);
    if (gt === -1) throw truncated('end of input inside an end tag');
    const top = this.stack.pop();
    if (top === undefined) throw malformed('end tag without a start tag');
    const nameEnd = lt + 2 + top.qname.length;
    if (nameEnd > gt || !src.startsWith(top.qname, lt + 2) || !isBlank(src, nameEnd, gt)) {
      throw malformed(`end tag does not match <${top.qname}>`);
    }
    this.scope = this.stack[this.stack.length - 1]?.scope;
    this.pos = gt + 1;
  }

  private processingInstruction(lt: number): void {
    const end = this.src.indexOf('?>', lt + 2);
    if (end === -1) throw truncated('end of input inside a processing instruction');
    this.pos = end + 2;
  }

  private markup(lt: number): void {
    const { src } = this;
    if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      if (end === -1) throw truncated('end of input inside a comment');
      this.pos = end + 3;
    } else if (src.startsWith('<![CDATA[', lt)) {
      const end = src.indexOf(']]>', lt + 9);
      if (end === -1) throw truncated('end of input inside a CDATA section');
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) throw malformed('CDATA outside the root element');
      if (top.children.length === 0) top.text += src.slice(lt + 9, end).replace(/\r\n?/g, '\n');
      this.pos = end + 3;
    } else if (lt + 2 >= src.length) {
      throw truncated('end of input after "<!"');
    } else {
      throw new XmlSyntaxError('DTD_FORBIDDEN', 'DOCTYPE and ENTITY declarations are not accepted');
    }
  }

  private startTag(lt: number): void {
    const { src, limits } = this;
    const len = src.length;
    let i = lt + 1;
    if (i >= len) throw truncated('end of input after "<"');
    if (!isNameStart(src.charCodeAt(i))) throw malformed(`invalid element name at offset ${i}`);
    while (i < len) {
      const c = src.charCodeAt(i);
      if (isSpace(c) || c === 0x3e || c === 0x2f) break;
      i++;
    }
    if (i >= len) throw truncated('end of input inside a start tag');
    const qname = src.slice(lt + 1, i);
    let names: string[] | undefined;
    let values: string[] | undefined;
    let selfClosing = false;
    for (;;) {
      while (i < len && isSpace(src.charCodeAt(i))) i++;
      if (i >= len) throw truncated('end of input inside a start tag');
      const c = src.charCodeAt(i);
      if (c === 0x3e) {
        i++;
        break;
      }
      if (c === 0x2f) {
        if (i + 1 >= len) throw truncated('end of input inside a start tag');
        if (src.charCodeAt(i + 1) !== 0x3e) throw malformed('"/" not followed by ">"');
        i += 2;
        selfClosing = true;
        break;
      }
      if (i > lt + 1 && !isSpace(src.charCodeAt(i - 1)))
        throw malformed('attributes must be separated by whitespace');
      const nameStart = i;
      while (i < len) {
        const d = src.charCodeAt(i);
        if (isSpace(d) || d === 0x3d || d === 0x3e || d === 0x2f) break;
        i++;
      }
      const attrName = src.slice(nameStart, i);
      if (attrName === '' || !isNameStart(attrName.charCodeAt(0)))
        throw malformed(`invalid attribute name in <${qname}>`);
      while (i < len && isSpace(src.charCodeAt(i))) i++;
      if (i >= len) throw truncated('end of input inside a start tag');
      if (src.charCodeAt(i) !== 0x3d) throw malformed(`attribute ${attrName} has no value`);
      i++;
      while (i < len && isSpace(src.charCodeAt(i))) i++;
      if (i >= len) throw truncated('end of input inside a start tag');
      const quote = src.charCodeAt(i);
      if (quote !== 0x22 && quote !== 0x27) throw malformed(`attribute ${attrName} value is not quoted`);
      const close = src.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      if (close === -1) throw truncated('end of input inside an attribute value');
      names ??= [];
      values ??= [];
      if (names.includes(attrName)) throw malformed(`duplicate attribute ${attrName}`);
      if (names.length >= limits.maxAttributesPerElement) {
        throw new XmlSyntaxError(
          'TOO_MANY_ATTRIBUTES',
          `more than ${limits.maxAttributesPerElement} attributes on <${qname}>`,
        );
      }
      names.push(attrName);
      values.push(normaliseAttributeValue(src.slice(i + 1, close)));
      i = close + 1;
    }
    this.pos = i;
    this.open(qname, names, values, selfClosing);
  }

  private open(
    qname: string,
    names: string[] | undefined,
    values: string[] | undefined,
    selfClosing: boolean,
  ): void {
    const { limits, stack } = this;
    if (stack.length >= limits.maxDepth) {
      throw new XmlSyntaxError('TOO_DEEP', `nesting deeper than ${limits.maxDepth} elements`);
    }
    if (++this.elements > limits.maxElements) {
      throw new XmlSyntaxError('TOO_MANY_ELEMENTS', `more than ${limits.maxElements} elements`);
    }
    let scope = this.scope;
    if (names !== undefined && values !== undefined) {
      for (let k = 0; k < names.length; k++) {
        const n = names[k] as string;
        if (n === 'xmlns') scope = { prefix: '', uri: values[k] as string, parent: scope };
        else if (n.startsWith('xmlns:')) {
          const uri = values[k] as string;
          if (uri === '' || n.length === 6) throw malformed(`invalid namespace declaration ${n}`);
          scope = { prefix: n.slice(6), uri, parent: scope };
        }
      }
    }
    const [prefix, name] = splitQName(qname);
    const ns = resolvePrefix(scope, prefix) ?? (prefix === '' ? '' : undefined);
    if (ns === undefined) throw malformed(`unbound namespace prefix "${prefix.slice(0, 64)}"`);
    const element: MutableElement = {
      ns,
      name,
      prefix,
      attributes: names === undefined ? NO_ATTRIBUTES : this.attributes(names, values ?? [], scope),
      children: [],
      text: '',
      scope,
      qname,
    };
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children.push(element);
    else if (this.root === undefined) this.root = element;
    else throw malformed('more than one root element');
    if (!selfClosing) {
      stack.push(element);
      this.scope = scope;
    }
  }

  private attributes(names: string[], values: string[], scope: NamespaceScope | undefined): XmlAttribute[] {
    const out: XmlAttribute[] = [];
    for (let k = 0; k < names.length; k++) {
      const qname = names[k] as string;
      if (qname === 'xmlns' || qname.startsWith('xmlns:')) continue;
      const [prefix, name] = splitQName(qname);
      let ns = '';
      if (prefix !== '') {
        const resolved = resolvePrefix(scope, prefix);
        if (resolved === undefined) throw malformed(`unbound namespace prefix "${prefix.slice(0, 64)}"`);
        ns = resolved;
      }
      out.push({ ns, name, prefix, value: values[k] as string });
    }
    return out;
  }
}

/** Parses a whole document into the library's element tree, or says why not. Never throws on input. */
export function parseXml(text: string, limits: XmlLimits): XmlParseResult {
  try {
    return { ok: true, root: new Scanner(text, limits).run() };
  } catch (e) {
    if (e instanceof XmlSyntaxError) return { ok: false, error: { code: e.code, detail: e.message } };
    throw e;
  }
}
