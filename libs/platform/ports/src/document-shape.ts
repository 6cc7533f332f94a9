/**
 * The document shapes every DocumentStore adapter stores: what both MongoDB and FerretDB 1.x accept.
 * A pure check, so a writer can refuse a document before it has acted on it (rather than learn from
 * the server, after its effects, that the document can never be stored).
 *
 * - no array directly inside an array (FerretDB 1.x: "nested arrays are not supported");
 * - field names neither start with `$`, nor contain `.` or NUL, nor are `__proto__`;
 * - numbers are finite (FerretDB refuses infinities and drops the connection on NaN);
 * - only strings, finite numbers, booleans, null, Dates, plain objects and arrays (no undefined,
 *   bigint, functions, buffers);
 * - at most MAX_DOCUMENT_DEPTH levels of nesting (MongoDB's limit);
 * - at most `maxBytes` as BSON (MongoDB refuses more than 16 MiB; the driver throws before sending).
 */

/** MongoDB's document size limit. */
export const MONGO_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** MongoDB's nesting limit for documents and arrays. */
export const MAX_DOCUMENT_DEPTH = 100;

export interface ShapeProblem {
  /** Where, as a dotted path of field names and array indexes ('' for the document itself). */
  readonly path: string;
  readonly problem: string;
}

/** Why the document cannot be stored by every adapter, or null when it can. */
export function documentShapeProblem(
  document: unknown,
  maxBytes: number = MONGO_MAX_DOCUMENT_BYTES,
): ShapeProblem | null {
  if (!isPlainObject(document)) return { path: '', problem: 'a document must be a plain object' };
  // First with 3 bytes per UTF-16 unit, an upper bound that needs no pass over the characters.
  const bound = new Walk(false);
  const most = bound.object(document, '', 1);
  if (bound.problem !== null) return bound.problem;
  if (most <= maxBytes) return null;
  const size = new Walk(true).object(document, '', 1);
  if (size > maxBytes) return { path: '', problem: `${size} bytes as BSON, more than ${maxBytes}` };
  return null;
}

/** The document's size as BSON, in bytes (null when its shape is not storable). */
export function bsonSize(document: Readonly<Record<string, unknown>>): number | null {
  const walk = new Walk(true);
  const size = walk.object(document, '', 1);
  return walk.problem === null ? size : null;
}

class Walk {
  problem: ShapeProblem | null = null;

  /** exact: UTF-8 lengths; else 3 bytes per UTF-16 unit (never less than the truth). */
  constructor(private readonly exact: boolean) {}

  private length(text: string): number {
    return this.exact ? utf8Length(text) : text.length * 3;
  }

  /** BSON: int32 length, the elements, a NUL. */
  object(value: object, path: string, depth: number): number {
    if (depth > MAX_DOCUMENT_DEPTH) return this.fail(path, `nested deeper than ${MAX_DOCUMENT_DEPTH}`);
    let size = 5;
    for (const key of Object.keys(value)) {
      const where = path === '' ? key : `${path}.${key}`;
      if (key.startsWith('$')) return this.fail(where, "a field name may not start with '$'");
      if (key.includes('.')) return this.fail(where, "a field name may not contain '.'");
      if (key.includes('\u0000')) return this.fail(where, 'a field name may not contain NUL');
      if (key === '__proto__') return this.fail(where, 'a field name may not be __proto__');
      size += 2 + this.length(key) + this.value((value as Record<string, unknown>)[key], where, depth, false);
      if (this.problem !== null) return 0;
    }
    return size;
  }

  private array(value: readonly unknown[], path: string, depth: number): number {
    if (depth > MAX_DOCUMENT_DEPTH) return this.fail(path, `nested deeper than ${MAX_DOCUMENT_DEPTH}`);
    let size = 5;
    for (let i = 0; i < value.length; i++) {
      size += 2 + String(i).length + this.value(value[i], `${path}.${i}`, depth, true);
      if (this.problem !== null) return 0;
    }
    return size;
  }

  private value(value: unknown, path: string, depth: number, inArray: boolean): number {
    if (value === null) return 0;
    switch (typeof value) {
      case 'string':
        return 5 + this.length(value);
      case 'boolean':
        return 1;
      case 'number':
        if (!Number.isFinite(value)) return this.fail(path, `${value} is not a finite number`);
        return Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647 ? 4 : 8;
      case 'object':
        if (value instanceof Date) return 8;
        if (Array.isArray(value)) {
          if (inArray) return this.fail(path, 'an array directly inside an array');
          return this.array(value, path, depth + 1);
        }
        if (isPlainObject(value)) return this.object(value, path, depth + 1);
        return this.fail(path, 'not a plain object');
      default:
        return this.fail(path, `a ${typeof value} is not storable`);
    }
  }

  private fail(path: string, problem: string): number {
    this.problem ??= { path, problem };
    return 0;
  }
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** UTF-8 length of a JavaScript string without encoding it (lone surrogates count as U+FFFD, 3). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}
