import { describe, expect, it } from 'vitest';
import type { Query } from './ast.js';
import { referencedPaths } from './ast.js';
import { QUERY_LIMITS, parseQuery } from './parse.js';

function parsed(json: unknown): Query {
  const result = parseQuery(json);
  if (!result.ok) throw new Error(`expected a valid query, got ${result.error}`);
  return result.query;
}

function refused(json: unknown): string {
  const result = parseQuery(json);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.query)}`);
  return result.error;
}

const SSID = { kind: 'parameter', path: 'Device.WiFi.SSID.1.SSID', wildcard: false } as const;

/** `depth` query objects, each the `$not` of the next. */
function nestedNots(depth: number): unknown {
  let query: unknown = { 'Device.A.B': 1 };
  for (let i = 1; i < depth; i += 1) query = { $not: query };
  return query;
}

describe('parsing a query into its typed form', () => {
  it('given a bare value, then it is an equality on that field', () => {
    expect(parsed({ 'Device.WiFi.SSID.1.SSID': 'home' })).toEqual({
      kind: 'field',
      field: SSID,
      condition: { op: 'eq', operand: 'home' },
    });
  });

  it('given several keys and several operators, then each operator is a clause of one AND', () => {
    expect(parsed({ 'Device.WiFi.SSID.1.SSID': { $prefix: 'h', $ne: 'hx' }, Tags: 'lab' })).toEqual({
      kind: 'and',
      clauses: [
        { kind: 'field', field: SSID, condition: { op: 'prefix', operand: 'h' } },
        { kind: 'field', field: SSID, condition: { op: 'ne', operand: 'hx' } },
        { kind: 'field', field: { kind: 'tags' }, condition: { op: 'eq', operand: 'lab' } },
      ],
    });
  });

  it('given an empty object, then it is an AND without clauses', () => {
    expect(parsed({})).toEqual({ kind: 'and', clauses: [] });
  });

  it('given the logical operators, then they nest', () => {
    const leaf = { kind: 'field', field: { kind: 'events' }, condition: { op: 'eq', operand: '1 BOOT' } };
    expect(
      parsed({ $or: [{ Events: '1 BOOT' }], $nor: [{ Events: '1 BOOT' }], $not: { Events: '1 BOOT' } }),
    ).toEqual({
      kind: 'and',
      clauses: [
        { kind: 'or', clauses: [leaf] },
        { kind: 'nor', clauses: [leaf] },
        { kind: 'not', clause: leaf },
      ],
    });
  });

  it('given reserved names and wildcards, then the field says which it is', () => {
    const fields = (q: Query) =>
      q.kind === 'and' ? q.clauses.map((c) => c.kind === 'field' && c.field) : [];
    expect(
      fields(
        parsed({
          'DeviceID.ID': 'a',
          'DeviceID.OUI': 'a',
          'DeviceID.ProductClass': 'a',
          'DeviceID.SerialNumber': 'a',
          'DeviceID.Manufacturer': 'a',
          'Device.WiFi.SSID.*.SSID': 'a',
          'X_ACME-COM_Box.Mode': 'a',
        }),
      ),
    ).toEqual([
      { kind: 'identity', name: 'id' },
      { kind: 'identity', name: 'oui' },
      { kind: 'identity', name: 'productClass' },
      { kind: 'identity', name: 'serialNumber' },
      { kind: 'identity', name: 'manufacturer' },
      { kind: 'parameter', path: 'Device.WiFi.SSID.*.SSID', wildcard: true },
      { kind: 'parameter', path: 'X_ACME-COM_Box.Mode', wildcard: false },
    ]);
  });

  it('given every operator, then each is kept with its operand', () => {
    const conditions = {
      $eq: true,
      $ne: 1,
      $gt: 1,
      $gte: 'a',
      $lt: -1.5,
      $lte: 'z',
      $in: [1, 'a', false],
      $nin: [],
      $exists: false,
      $prefix: 'a',
      $suffix: '',
      $contains: 'b',
    };
    const query = parsed({ 'Device.A.B': conditions });
    expect(query.kind === 'and' && query.clauses.map((c) => c.kind === 'field' && c.condition)).toEqual([
      { op: 'eq', operand: true },
      { op: 'ne', operand: 1 },
      { op: 'gt', operand: 1 },
      { op: 'gte', operand: 'a' },
      { op: 'lt', operand: -1.5 },
      { op: 'lte', operand: 'z' },
      { op: 'in', operands: [1, 'a', false] },
      { op: 'nin', operands: [] },
      { op: 'exists', operand: false },
      { op: 'prefix', operand: 'a' },
      { op: 'suffix', operand: '' },
      { op: 'contains', operand: 'b' },
    ]);
  });

  it('given a query at the depth and node limits, then it is accepted', () => {
    expect(parseQuery(nestedNots(QUERY_LIMITS.maxDepth)).ok).toBe(true);
    const values = Array.from({ length: QUERY_LIMITS.maxInLength }, (_, i) => i);
    expect(parseQuery({ 'Device.A.B': { $in: values } }).ok).toBe(false); // 1 + 1 + 1 + 1000 nodes
    expect(parseQuery({ 'Device.A.B': { $in: values.slice(3) } }).ok).toBe(true); // exactly 1000
    expect(parseQuery({ 'Device.A.B': 'x'.repeat(QUERY_LIMITS.maxStringLength) }).ok).toBe(true);
  });
});

describe('the parameters a query reads', () => {
  it('given a query, then referencedPaths lists each parameter path once, wildcards as written', () => {
    const query = parsed({
      'Device.A.B': { $gt: 1, $lt: 5 },
      $or: [{ 'Device.S.*.V': 'x' }, { $not: { 'Device.A.B': 3, 'Device.C.D': { $exists: true } } }],
      Tags: 'x',
      Events: '1 BOOT',
      'DeviceID.OUI': '00D09E',
    });
    expect(referencedPaths(query)).toEqual(['Device.A.B', 'Device.S.*.V', 'Device.C.D']);
  });

  it('given a query on reserved fields only, then it reads no parameter', () => {
    expect(referencedPaths(parsed({ Tags: 'x', 'DeviceID.ID': 'y' }))).toEqual([]);
  });
});

describe('refusing invalid queries', () => {
  const longString = 'x'.repeat(QUERY_LIMITS.maxStringLength + 1);
  it.each<[string, unknown, RegExp]>([
    ['a string', 'Device.A.B', /^query: a query must be an object/],
    ['null', null, /^query: a query must be an object/],
    ['an array', [{ 'Device.A.B': 1 }], /^query: a query must be an object/],
    ['a class instance', new Date(0), /^query: a query must be an object/],
    [
      'an unknown field operator',
      { 'Device.A.B': { $regex: 'a.*' } },
      /\["Device.A.B"\]\["\$regex"\]: unknown operator/,
    ],
    ['an unknown query operator', { $where: 'true' }, /^query\["\$where"\]: unknown query operator/],
    ['a field operator at query level', { $eq: 1 }, /^query.\$eq: \$eq applies to a field/],
    ['a nested plain object', { 'Device.A.B': { a: 1 } }, /expected an operator such as \$eq/],
    ['an empty operator object', { 'Device.A.B': {} }, /needs at least one operator/],
    ['a query nested too deep', nestedNots(QUERY_LIMITS.maxDepth + 1), /deeper than 16 levels/],
    [
      'too many nodes',
      { $or: Array.from({ length: 501 }, () => ({ 'Device.A.B': 1 })) },
      /^query.\$or\[499\]: the query has more than 1000 nodes/,
    ],
    [
      '__proto__ as a key',
      JSON.parse('{"__proto__": {"Device.A.B": 1}}'),
      /\["__proto__"\]: the key __proto__ is not/,
    ],
    ['constructor as a key', { constructor: 1 }, /the key constructor is not allowed/],
    ['prototype as an operator', { 'Device.A.B': { prototype: 1 } }, /the key prototype is not allowed/],
    ['__proto__ in a path', { 'Device.__proto__.B': 1 }, /the path segment __proto__ is not allowed/],
    ['$in with a non-array', { 'Device.A.B': { $in: 'a' } }, /\.\$in: \$in needs an array of values/],
    ['$nin with an object inside', { 'Device.A.B': { $nin: [1, {}] } }, /\.\$nin\[1\]: expected a string/],
    ['$in over the cap', { 'Device.A.B': { $in: new Array(1001).fill(1) } }, /more than 1000 values/],
    ['$and with a non-array', { $and: { 'Device.A.B': 1 } }, /^query.\$and: \$and needs an array of queries/],
    ['an empty $and', { $and: [] }, /^query.\$and: \$and needs at least one query/],
    ['an empty $or', { $or: [] }, /\$or needs at least one query/],
    [
      '$nor with a bad clause',
      { $nor: [{ 'Device.A.B': 1 }, 7] },
      /^query.\$nor\[1\]: a query must be an object/,
    ],
    ['$not with an array', { $not: [] }, /^query.\$not: a query must be an object/],
    ['$exists with a string', { 'Device.A.B': { $exists: 'yes' } }, /\$exists needs true or false/],
    ['$gt with a boolean', { 'Device.A.B': { $gt: true } }, /\$gt compares numbers or strings/],
    ['$prefix with a number', { 'Device.A.B': { $prefix: 1 } }, /\$prefix needs a string/],
    ['null as a value', { 'Device.A.B': null }, /null is not a value/],
    ['an array as a value', { 'Device.A.B': ['a'] }, /expected a string, a number or a boolean/],
    ['an infinite number', { 'Device.A.B': { $lt: Infinity } }, /a number must be finite/],
    ['NaN', { 'Device.A.B': NaN }, /a number must be finite/],
    ['a string over the cap', { 'Device.A.B': { $contains: longString } }, /longer than 4096 characters/],
    ['a key over the cap', { [`Device.${longString}`]: 1 }, /a key is longer than 4096/],
    ['one segment', { SoftwareVersion: '1' }, /at least two segments/],
    ['an empty segment', { 'Device..B': 1 }, /invalid path segment ""/],
    ['a trailing dot', { 'Device.A.': 1 }, /invalid path segment ""/],
    ['a space in a segment', { 'Device.A B.C': 1 }, /invalid path segment "A B"/],
    ['a partial wildcard', { 'Device.SSID*.C': 1 }, /invalid path segment "SSID\*"/],
    ['a path ending in *', { 'Device.WiFi.SSID.*': { $exists: true } }, /cannot end with \*/],
    ['an unknown DeviceID field', { 'DeviceID.Serial': 'x' }, /unknown reserved field/],
    ['a path under Tags', { 'Tags.lab': true }, /unknown reserved field/],
  ])('given %s, then it is refused naming where', (_name, json, error) => {
    expect(refused(json)).toMatch(error);
  });

  it('given a long offending key, then the message quotes it cut short', () => {
    const error = refused({ [`Device.${'A'.repeat(500)} B`]: 1 });
    expect(error.length).toBeLessThan(300);
  });
});
