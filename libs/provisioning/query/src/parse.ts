import type { Condition, Field, Query, Scalar } from './ast.js';
import { IDENTITY_FIELDS } from './ast.js';

/** Caps on what `parseQuery` accepts, so a stored or submitted query has a bounded cost. */
export const QUERY_LIMITS = {
  /** Nested query objects (the top level is 1; each `$and`/`$or`/`$nor`/`$not` adds one). */
  maxDepth: 16,
  /** Query objects, keys, operators and `$in` elements, all counted. */
  maxNodes: 1000,
  /** Of every key, path and string operand, in UTF-16 code units. */
  maxStringLength: 4096,
  maxInLength: 1000,
} as const;

export type ParseQueryResult =
  { readonly ok: true; readonly query: Query } | { readonly ok: false; readonly error: string };

/**
 * Validates a query (a parsed JSON value, not its text) and returns its typed form, or the first
 * error with the place it was found, e.g. `query.$and[1]["Device.X"].$in: expected an array`.
 */
export function parseQuery(json: unknown): ParseQueryResult {
  try {
    return { ok: true, query: new Parser().query(json, 'query', 1) };
  } catch (error) {
    if (error instanceof InvalidQuery) return { ok: false, error: error.message };
    throw error;
  }
}

class InvalidQuery extends Error {}

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const RESERVED_ROOTS: ReadonlySet<string> = new Set(['DeviceID', 'Tags', 'Events']);
const FIELD_OPERATORS: ReadonlySet<string> = new Set(
  '$eq $ne $gt $gte $lt $lte $in $nin $exists $prefix $suffix $contains'.split(' '),
);
const OPERATORS: ReadonlySet<string> = new Set([...FIELD_OPERATORS, '$and', '$or', '$nor', '$not']);

function fail(where: string, message: string): never {
  throw new InvalidQuery(`${where}: ${message}`);
}

/** A key as it appears in an error message: quoted, and cut short if long. */
function quote(key: string): string {
  return key.length > 64 ? `${JSON.stringify(key.slice(0, 64))}…` : JSON.stringify(key);
}

function child(where: string, key: string): string {
  return OPERATORS.has(key) ? `${where}.${key}` : `${where}[${quote(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function checkString(text: string, where: string, what: string): void {
  if (text.length > QUERY_LIMITS.maxStringLength) {
    fail(where, `${what} is longer than ${QUERY_LIMITS.maxStringLength} characters`);
  }
}

/** The own keys of an object, each checked before its value is read. */
function keysOf(object: Record<string, unknown>, where: string): string[] {
  const keys = Object.keys(object);
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) fail(child(where, key), `the key ${key} is not allowed`);
    checkString(key, where, 'a key');
  }
  return keys;
}

class Parser {
  private nodes = 0;

  private count(where: string): void {
    this.nodes += 1;
    if (this.nodes > QUERY_LIMITS.maxNodes)
      fail(where, `the query has more than ${QUERY_LIMITS.maxNodes} nodes`);
  }

  query(value: unknown, where: string, depth: number): Query {
    if (depth > QUERY_LIMITS.maxDepth)
      fail(where, `queries nest deeper than ${QUERY_LIMITS.maxDepth} levels`);
    this.count(where);
    if (!isPlainObject(value)) fail(where, 'a query must be an object');
    const clauses: Query[] = [];
    for (const key of keysOf(value, where)) {
      const here = child(where, key);
      this.count(here);
      if (key.startsWith('$')) clauses.push(this.logical(key, value[key], here, depth));
      else clauses.push(...this.conditions(fieldOf(key, here), value[key], here));
    }
    const [only] = clauses;
    return clauses.length === 1 && only ? only : { kind: 'and', clauses };
  }

  private logical(key: string, value: unknown, where: string, depth: number): Query {
    switch (key) {
      case '$and':
      case '$or':
      case '$nor': {
        if (!Array.isArray(value)) fail(where, `${key} needs an array of queries`);
        if (value.length === 0) fail(where, `${key} needs at least one query`);
        const clauses = value.map((clause: unknown, i) => this.query(clause, `${where}[${i}]`, depth + 1));
        return { kind: key === '$and' ? 'and' : key === '$or' ? 'or' : 'nor', clauses };
      }
      case '$not':
        return { kind: 'not', clause: this.query(value, where, depth + 1) };
      default:
        if (FIELD_OPERATORS.has(key))
          fail(where, `${key} applies to a field, e.g. { "<path>": { "${key}": … } }`);
        return fail(where, `unknown query operator ${quote(key)}; expected $and, $or, $nor or $not`);
    }
  }

  /** A field's bare value (equality) or operator object, as one field query per operator. */
  private conditions(field: Field, value: unknown, where: string): Query[] {
    if (!isPlainObject(value))
      return [{ kind: 'field', field, condition: { op: 'eq', operand: scalar(value, where) } }];
    const keys = keysOf(value, where);
    if (keys.length === 0) fail(where, 'an operator object needs at least one operator');
    return keys.map((key) => {
      const here = child(where, key);
      this.count(here);
      return { kind: 'field', field, condition: this.condition(key, value[key], here) };
    });
  }

  private condition(key: string, value: unknown, where: string): Condition {
    switch (key) {
      case '$eq':
        return { op: 'eq', operand: scalar(value, where) };
      case '$ne':
        return { op: 'ne', operand: scalar(value, where) };
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const operand = scalar(value, where);
        if (typeof operand === 'boolean') fail(where, `${key} compares numbers or strings, not booleans`);
        return { op: key === '$gt' ? 'gt' : key === '$gte' ? 'gte' : key === '$lt' ? 'lt' : 'lte', operand };
      }
      case '$in':
      case '$nin':
        return { op: key === '$in' ? 'in' : 'nin', operands: this.list(key, value, where) };
      case '$exists':
        if (typeof value !== 'boolean') fail(where, '$exists needs true or false');
        return { op: 'exists', operand: value };
      case '$prefix':
      case '$suffix':
      case '$contains':
        if (typeof value !== 'string') fail(where, `${key} needs a string`);
        checkString(value, where, 'the string');
        return {
          op: key === '$prefix' ? 'prefix' : key === '$suffix' ? 'suffix' : 'contains',
          operand: value,
        };
      default:
        if (!key.startsWith('$')) fail(where, `expected an operator such as $eq, not the key ${quote(key)}`);
        return fail(
          where,
          `unknown operator ${quote(key)}; expected one of ${[...FIELD_OPERATORS].join(' ')}`,
        );
    }
  }

  private list(key: string, value: unknown, where: string): Scalar[] {
    if (!Array.isArray(value)) fail(where, `${key} needs an array of values`);
    if (value.length > QUERY_LIMITS.maxInLength) {
      fail(where, `${key} has more than ${QUERY_LIMITS.maxInLength} values`);
    }
    return value.map((item: unknown, i) => {
      this.count(`${where}[${i}]`);
      return scalar(item, `${where}[${i}]`);
    });
  }
}

function scalar(value: unknown, where: string): Scalar {
  switch (typeof value) {
    case 'string':
      checkString(value, where, 'the string');
      return value;
    case 'number':
      if (!Number.isFinite(value)) fail(where, 'a number must be finite');
      return value;
    case 'boolean':
      return value;
    default:
      if (value === null)
        fail(where, 'null is not a value; use { "$exists": false } for a missing parameter');
      return fail(where, 'expected a string, a number or a boolean');
  }
}

/** A field reference: a reserved name, or a parameter path whose segments are names, numbers or `*`. */
function fieldOf(key: string, where: string): Field {
  const identity = IDENTITY_FIELDS.get(key);
  if (identity) return { kind: 'identity', name: identity };
  if (key === 'Tags') return { kind: 'tags' };
  if (key === 'Events') return { kind: 'events' };
  const segments = key.split('.');
  const [root] = segments;
  if (root !== undefined && RESERVED_ROOTS.has(root)) {
    fail(
      where,
      `unknown reserved field; expected Tags, Events or one of ${[...IDENTITY_FIELDS.keys()].join(', ')}`,
    );
  }
  if (segments.length < 2)
    fail(where, 'a parameter path has at least two segments, e.g. Device.DeviceInfo.UpTime');
  let wildcard = false;
  for (const segment of segments) {
    if (segment === '*') wildcard = true;
    else if (!isName(segment)) fail(where, `invalid path segment ${quote(segment)}`);
    else if (FORBIDDEN_KEYS.has(segment)) fail(where, `the path segment ${segment} is not allowed`);
  }
  if (segments.at(-1) === '*')
    fail(where, 'a parameter path cannot end with *; it names objects, not a parameter');
  return { kind: 'parameter', path: key, wildcard };
}

/** Letters, digits, `_` and `-` (TR-106 names and instance numbers); checked without a regex. */
function isName(segment: string): boolean {
  if (segment.length === 0) return false;
  for (let i = 0; i < segment.length; i += 1) {
    const c = segment.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 95 /* _ */ ||
      c === 45; /* - */
    if (!ok) return false;
  }
  return true;
}
