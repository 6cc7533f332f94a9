import { describe, expect, it } from 'vitest';
import { bsonSize, documentShapeProblem, utf8Length } from './document-shape.js';

describe('documentShapeProblem: what every document store holds', () => {
  it('given documents MongoDB and FerretDB both store, then there is no problem', () => {
    expect(documentShapeProblem({ _id: 'a' })).toBeNull();
    expect(
      documentShapeProblem({
        _id: 'a',
        list: [{ names: ['x', 'y'] }, { names: [] }],
        when: new Date(0),
        n: 1.5,
        big: 2 ** 40,
        flag: false,
        none: null,
        text: 'with\u0000nul and ünïcödé',
        '': 'an empty field name',
      }),
    ).toBeNull();
  });

  it.each([
    ['an array in an array', { _id: 'a', session: { suspect: [['x']] } }, 'session.suspect.0'],
    ["a field name starting with '$'", { _id: 'a', p: { $set: 1 } }, 'p.$set'],
    ["a field name with '.'", { _id: 'a', p: { 'a.b': 1 } }, 'p.a.b'],
    ['a field name with NUL', { _id: 'a', 'x\u0000y': 1 }, 'x\u0000y'],
    ['NaN', { _id: 'a', n: Number.NaN }, 'n'],
    ['Infinity', { _id: 'a', list: [1, Number.POSITIVE_INFINITY] }, 'list.1'],
    ['undefined', { _id: 'a', u: undefined }, 'u'],
    ['a bigint', { _id: 'a', b: 1n }, 'b'],
    ['a buffer', { _id: 'a', b: new Uint8Array(2) }, 'b'],
  ])('given %s, then the problem names where', (_what, document, path) => {
    expect(documentShapeProblem(document)?.path).toBe(path);
  });

  it('given nesting past 100 levels, then it is refused; at 100 it is not', () => {
    const nested = (levels: number): Record<string, unknown> => {
      let value: Record<string, unknown> = { leaf: 1 };
      for (let i = 1; i < levels; i++) value = { a: value };
      return value;
    };
    expect(documentShapeProblem(nested(100))).toBeNull();
    expect(documentShapeProblem(nested(101))?.problem).toMatch(/nested deeper than 100/);
  });

  it('given a size limit, then a document over it is refused with its BSON size', () => {
    const document = { _id: 'a', p: 'é'.repeat(1_000) };
    const size = bsonSize(document)!;
    // As the BSON encoder counts (checked against the driver's calculateObjectSize): length, the
    // `_id` element (type, name, NUL, length, 'a', NUL), the `p` element (2,000 bytes of text), NUL.
    expect(size).toBe(4 + (1 + 3 + 1 + 4 + 1 + 1) + (1 + 1 + 1 + 4 + 2_000 + 1) + 1);
    expect(documentShapeProblem(document, size)).toBeNull();
    expect(documentShapeProblem(document, size - 1)?.problem).toBe(
      `${size} bytes as BSON, more than ${size - 1}`,
    );
  });

  it('counts UTF-8 bytes as the BSON encoder does', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('\ud800')).toBe(3);
    for (const text of ['plain', 'ünï', '😀x€', '\udc00a'])
      expect(utf8Length(text)).toBe(Buffer.byteLength(text));
  });
});
