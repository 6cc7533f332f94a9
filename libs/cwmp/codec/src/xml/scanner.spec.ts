import { describe, expect, it } from 'vitest';
import { DEFAULT_XML_LIMITS } from './limits.js';
import { parseXml } from './scanner.js';
import type { XmlElement } from './types.js';

function parse(text: string): XmlElement {
  const r = parseXml(text, DEFAULT_XML_LIMITS);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.detail}`);
  return r.root;
}

function errorOf(text: string, limits = DEFAULT_XML_LIMITS): string {
  const r = parseXml(text, limits);
  return r.ok ? 'ok' : r.error.code;
}

describe('the XML scanner', () => {
  it('given prefixed and default namespaces, when parsed, then names resolve by URI', () => {
    const root = parse('<a:x xmlns:a="urn:a" xmlns="urn:d"><y a:k="1" k="2"/><a:z xmlns:a="urn:b"/></a:x>');
    expect([root.ns, root.name, root.prefix]).toEqual(['urn:a', 'x', 'a']);
    const [y, z] = root.children;
    expect(y?.ns).toBe('urn:d');
    expect(y?.attributes.map((at) => [at.ns, at.name, at.value])).toEqual([
      ['urn:a', 'k', '1'],
      ['', 'k', '2'],
    ]);
    expect(z?.ns).toBe('urn:b');
  });

  it('given single and double quotes, entities, char refs and CDATA, when parsed, then text is decoded', () => {
    const root = parse(`<r a='x"y' b="&lt;&#65;&#x42;"><t>&amp;&apos;&quot;&gt;<![CDATA[<&>]]></t></r>`);
    expect(root.attributes.map((at) => at.value)).toEqual(['x"y', '<AB']);
    expect(root.children[0]?.text).toBe(`&'">` + '<&>');
  });

  it('given CR LF line ends, when parsed, then text has LF only, and &#13; survives', () => {
    expect(parse('<r>a\r\nb\rc&#13;</r>').text).toBe('a\nb\nc\r');
  });

  it('given an XML declaration, comments, a BOM and whitespace around the root, when parsed, then they are skipped', () => {
    expect(parse('\uFEFF<?xml version="1.0"?>\n<!-- c --><r>t</r>\n<!-- after -->\n').text).toBe('t');
  });

  it.each([
    ['<r><a></r>', 'XML_MALFORMED'],
    ['<r></r><r/>', 'XML_MALFORMED'],
    ['<r a="1" a="2"/>', 'XML_MALFORMED'],
    ['<r a=1/>', 'XML_MALFORMED'],
    ['<r a="1"b="2"/>', 'XML_MALFORMED'],
    ['<r a="<"/>', 'XML_MALFORMED'],
    ['<r>&nbsp;</r>', 'XML_MALFORMED'],
    ['<r>&#0;</r>', 'XML_MALFORMED'],
    ['<r>&#xD800;</r>', 'XML_MALFORMED'],
    ['<p:r/>', 'XML_MALFORMED'],
    ['<r xmlns:p=""/>', 'XML_MALFORMED'],
    ['<1r/>', 'XML_MALFORMED'],
    ['text<r/>', 'NOT_XML'],
    ['', 'NOT_XML'],
    ['<r>', 'XML_TRUNCATED'],
    ['<r a="1', 'XML_TRUNCATED'],
    ['<r><!-- x', 'XML_TRUNCATED'],
    ['<r><![CDATA[x', 'XML_TRUNCATED'],
    ['<', 'XML_TRUNCATED'],
    ['<!DOCTYPE r><r/>', 'DTD_FORBIDDEN'],
    ['<r><!ENTITY x "y"></r>', 'DTD_FORBIDDEN'],
  ])('given %j, when parsed, then %s', (text, code) => {
    expect(errorOf(text)).toBe(code);
  });

  it('given the caps, when a document is one over any of them, then it is refused with that cap', () => {
    const limits = { ...DEFAULT_XML_LIMITS, maxDepth: 3, maxElements: 4, maxAttributesPerElement: 2 };
    expect(errorOf('<a><b><c/></b></a>', limits)).toBe('ok');
    expect(errorOf('<a><b><c><d/></c></b></a>', limits)).toBe('TOO_DEEP');
    expect(errorOf('<a><b/><b/><b/></a>', limits)).toBe('ok');
    expect(errorOf('<a><b/><b/><b/><b/></a>', limits)).toBe('TOO_MANY_ELEMENTS');
    expect(errorOf('<a x="1" y="2" z="3"/>', limits)).toBe('TOO_MANY_ATTRIBUTES');
  });

  it('given text after a child element (mixed content), when parsed, then only text before the first child is kept', () => {
    const root = parse('<r>before<c/>after</r>');
    expect(root.text).toBe('before');
  });
});
