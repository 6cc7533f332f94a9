import { describe, expect, it } from 'vitest';
import { bytesToText, declaredEncoding, firstInvalidUtf8, latin1ToString } from './bytes.js';

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('bytes to text', () => {
  it('given an XML declaration with an encoding, when read, then the label is found (single or double quotes)', () => {
    expect(declaredEncoding(new Uint8Array(ascii(`<?xml version='1.0' encoding='ISO-8859-1'?><r/>`)))).toBe(
      'ISO-8859-1',
    );
    expect(declaredEncoding(new Uint8Array(ascii('  <?xml version="1.0" encoding="utf-8"?>')))).toBe('utf-8');
    expect(declaredEncoding(new Uint8Array(ascii('<r/>')))).toBeUndefined();
  });

  it('given ISO-8859-1 bytes 0x80-0xFF, when decoded, then each byte is the same code point (not windows-1252)', () => {
    const bytes = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
    expect([...latin1ToString(bytes)].map((c) => c.charCodeAt(0))).toEqual([...bytes]);
  });

  it('given windows-1252, when decoded, then 0x80 is the euro sign', () => {
    const r = bytesToText(
      new Uint8Array([...ascii('<?xml version="1.0" encoding="windows-1252"?><r>'), 0x80, ...ascii('</r>')]),
      'replace',
    );
    expect(r.ok && r.text.includes('\u20ac')).toBe(true);
  });

  it('given UTF-16 with a BOM, when decoded, then the text is read', () => {
    const text = '<r>\u00e9</r>';
    const le = new Uint8Array([
      0xff,
      0xfe,
      ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ]);
    expect(bytesToText(le, 'replace')).toMatchObject({ ok: true, text });
  });

  it('given a UTF-8 BOM, when decoded, then the BOM is dropped', () => {
    expect(bytesToText(new Uint8Array([0xef, 0xbb, 0xbf, ...ascii('<r/>')]), 'replace')).toMatchObject({
      ok: true,
      text: '<r/>',
    });
  });

  it.each([
    [[0x61, 0x80], 1],
    [[0x61, 0xc0, 0x80], 1],
    [[0xe0, 0x80, 0x80], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x61, 0xe2, 0x82], 1],
    [[0xe2, 0x82, 0xac, 0x61], -1],
  ])('given %j, when checked, then the first invalid UTF-8 byte is at %d', (bytes, at) => {
    expect(firstInvalidUtf8(new Uint8Array(bytes))).toBe(at);
  });
});
