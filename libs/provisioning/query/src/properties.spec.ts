import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Query, QueryTarget, Truth } from './ast.js';
import { referencedPaths } from './ast.js';
import { evaluate, not } from './evaluate.js';
import { parseQuery } from './parse.js';
import { knownDevice, mask, partly, queryJson } from './testing/arbitraries.js';
import { matchesPattern, targetOf } from './testing/target.js';

function parsed(json: unknown): Query {
  const result = parseQuery(json);
  if (!result.ok) throw new Error(`generated an invalid query: ${result.error}`);
  return result.query;
}

/** A device the ACS has partly read, and the same device fully read. */
const devices = fc
  .tuple(knownDevice, mask)
  .map(([device, hide]) => ({ full: targetOf(device), partial: targetOf(partly(device, hide)) }));

/** Any JSON-like value with the keys a query uses, forbidden keys and stray strings mixed in. */
const hostileJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 5, depthIdentifier: 'hostile' },
    fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('$and', '$or', '$nor', '$not', '$eq', '$in', '$gt', '$exists', '$regex', 'Tags'),
            fc.constantFrom('__proto__', 'constructor', 'Device.A.X', 'Device.*.X', 'DeviceID.OUI', '', '$'),
            fc.string(),
          ),
          tie('value'),
        ),
        { maxLength: 4 },
      )
      .map((entries) => JSON.parse(JSON.stringify(Object.fromEntries(entries))) as unknown),
  ),
})).value;

const TRUTHS: readonly Truth[] = [true, false, 'unknown'];

describe('properties of the query language', () => {
  it('given any value, when parsed, then it is accepted or refused, never thrown, and evaluation never throws', () => {
    fc.assert(
      fc.property(fc.oneof(hostileJson, fc.anything()), devices, (json, { partial }) => {
        const result = parseQuery(json);
        if (result.ok) expect(TRUTHS).toContain(evaluate(result.query, partial));
        else expect(result.error).toMatch(/^query/);
      }),
      { numRuns: 500 },
    );
  });

  it('given any generated query and device, then $not is the Kleene negation', () => {
    fc.assert(
      fc.property(queryJson, devices, (json, { partial, full }) => {
        for (const target of [partial, full]) {
          expect(evaluate(parsed({ $not: json }), target)).toBe(not(evaluate(parsed(json), target)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('given two queries, then $nor is the AND of their negations (De Morgan)', () => {
    fc.assert(
      fc.property(queryJson, queryJson, devices, (a, b, { partial }) => {
        expect(evaluate(parsed({ $nor: [a, b] }), partial)).toBe(
          evaluate(parsed({ $and: [{ $not: a }, { $not: b }] }), partial),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('given a partly read device, when a query decides, then reading the rest never changes the answer', () => {
    fc.assert(
      fc.property(queryJson, devices, (json, { partial, full }) => {
        const query = parsed(json);
        const before = evaluate(query, partial);
        if (before !== 'unknown') expect(evaluate(query, full)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });

  it('given any query, then evaluation reads only the parameters referencedPaths names', () => {
    fc.assert(
      fc.property(queryJson, devices, (json, { full }) => {
        const query = parsed(json);
        const patterns = referencedPaths(query);
        const read: string[] = [];
        const spy: QueryTarget = {
          ...full,
          value: (path) => (read.push(path), full.value(path)),
          expand: (pattern) => (read.push(pattern), full.expand(pattern)),
        };
        evaluate(query, spy);
        for (const path of read) expect(patterns.some((p) => matchesPattern(p, path))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
