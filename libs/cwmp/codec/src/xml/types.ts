/**
 * The library's own small XML interface. Decoders see only this; the scanner behind it can be replaced
 * without touching any message codec.
 */

/** An in-scope namespace binding; a chain from the innermost element outwards. */
export interface NamespaceScope {
  readonly prefix: string;
  readonly uri: string;
  readonly parent: NamespaceScope | undefined;
}

export interface XmlAttribute {
  /** Namespace URI of a prefixed attribute; '' for an unprefixed one (XML Namespaces 1.0, section 6.2). */
  readonly ns: string;
  readonly name: string;
  readonly prefix: string;
  readonly value: string;
}

export interface XmlElement {
  /** Resolved namespace URI; '' when the element is in no namespace. */
  readonly ns: string;
  /** Local name, without prefix. */
  readonly name: string;
  readonly prefix: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** Character data (text and CDATA) that came before the first child element, entities decoded. */
  readonly text: string;
  readonly scope: NamespaceScope | undefined;
}

/** Caps enforced before and while the tree is built; a document over any cap is refused. */
export interface XmlLimits {
  /** Input size, in bytes for binary input and in UTF-16 code units for string input. */
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxElements: number;
  readonly maxAttributesPerElement: number;
}

export type XmlErrorCode =
  | 'INPUT_TOO_LARGE'
  | 'DTD_FORBIDDEN'
  | 'TOO_DEEP'
  | 'TOO_MANY_ELEMENTS'
  | 'TOO_MANY_ATTRIBUTES'
  | 'NOT_XML'
  | 'XML_MALFORMED'
  | 'XML_TRUNCATED';

export interface XmlError {
  readonly code: XmlErrorCode;
  readonly detail: string;
}

export type XmlParseResult =
  { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly error: XmlError };

/** What a parser adapter provides. */
export type XmlParser = (text: string, limits: XmlLimits) => XmlParseResult;

/** Resolves a prefix ('' = default namespace) in a scope; undefined when unbound. */
export function resolvePrefix(scope: NamespaceScope | undefined, prefix: string): string | undefined {
  for (let s = scope; s !== undefined; s = s.parent) {
    if (s.prefix === prefix) return s.uri;
  }
  if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
  return undefined;
}

/** The first attribute with this local name whose namespace satisfies `nsTest`. */
export function findAttribute(
  el: XmlElement,
  name: string,
  nsTest: (ns: string) => boolean,
): XmlAttribute | undefined {
  for (const a of el.attributes) {
    if (a.name === name && nsTest(a.ns)) return a;
  }
  return undefined;
}
