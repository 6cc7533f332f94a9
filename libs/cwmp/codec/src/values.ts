/**
 * Typed readings of CWMP values. A decoded parameter value keeps its raw string and its xsi:type; these
 * accessors interpret it on demand and say why when they cannot.
 */

export type ValueResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function ok<T>(value: T): ValueResult<T> {
  return { ok: true, value };
}

function fail<T>(reason: string): ValueResult<T> {
  return { ok: false, reason };
}

/** xsd:boolean, and the `0`/`1`/`true`/`false` (any case) real CPEs send. */
export function readBoolean(raw: string): ValueResult<boolean> {
  const s = raw.trim().toLowerCase();
  if (s === '1' || s === 'true') return ok(true);
  if (s === '0' || s === 'false') return ok(false);
  return fail(`"${raw.slice(0, 40)}" is not a boolean`);
}

const INTEGER = /^[+-]?\d+$/;

function readBigInteger(raw: string, min: bigint, max: bigint, type: string): ValueResult<bigint> {
  const s = raw.trim();
  if (!INTEGER.test(s) || s.length > 40) return fail(`"${raw.slice(0, 40)}" is not an integer`);
  const n = BigInt(s);
  return n < min || n > max ? fail(`${s} is outside the range of ${type}`) : ok(n);
}

function readSafeInteger(raw: string, min: number, max: number, type: string): ValueResult<number> {
  const s = raw.trim();
  if (!INTEGER.test(s) || s.length > 20) return fail(`"${raw.slice(0, 40)}" is not an integer`);
  const n = Number(s);
  return n < min || n > max ? fail(`${s} is outside the range of ${type}`) : ok(n);
}

export function readInt(raw: string): ValueResult<number> {
  return readSafeInteger(raw, -2147483648, 2147483647, 'xsd:int');
}

export function readUnsignedInt(raw: string): ValueResult<number> {
  return readSafeInteger(raw, 0, 4294967295, 'xsd:unsignedInt');
}

export function readLong(raw: string): ValueResult<bigint> {
  return readBigInteger(raw, -(2n ** 63n), 2n ** 63n - 1n, 'xsd:long');
}

export function readUnsignedLong(raw: string): ValueResult<bigint> {
  return readBigInteger(raw, 0n, 2n ** 64n - 1n, 'xsd:unsignedLong');
}

/**
 * A CWMP dateTime. TR-106 reserves `0001-01-01T00:00:00Z` for "unknown time", and other year-1 values
 * for time since boot when absolute time is unknown.
 */
export interface CwmpDateTime {
  readonly date: Date;
  /** False when the text had no time zone; it is then read as UTC. */
  readonly hasTimezone: boolean;
  readonly kind: 'absolute' | 'unknown' | 'sinceBoot';
  /** For kind 'sinceBoot': seconds since 0001-01-01T00:00:00Z. */
  readonly secondsSinceBoot?: number;
}

const DATE_TIME = /^(\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|([+-])(\d\d):(\d\d))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function readDateTime(raw: string): ValueResult<CwmpDateTime> {
  const m = DATE_TIME.exec(raw.trim());
  if (m === null) return fail(`"${raw.slice(0, 40)}" is not an xsd:dateTime`);
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] === undefined ? 0 : Number(m[7]);
  const midnight24 = hour === 24 && minute === 0 && second === 0 && fraction === 0;
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail(`"${raw.slice(0, 40)}" has an invalid date`);
  }
  if ((hour > 23 && !midnight24) || minute > 59 || second > 59)
    return fail(`"${raw.slice(0, 40)}" has an invalid time`);
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const tzHours = Number(m[10]);
    const tzMinutes = Number(m[11]);
    if (tzHours > 14 || tzMinutes > 59 || (tzHours === 14 && tzMinutes > 0)) {
      return fail(`"${raw.slice(0, 40)}" has an invalid time zone`);
    }
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (tzHours * 60 + tzMinutes);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, Math.round(fraction * 1000));
  const hasTimezone = m[8] !== undefined;
  if (year === 1 && date.getUTCFullYear() === 1) {
    const seconds = (date.getTime() - YEAR_ONE) / 1000;
    return ok(
      seconds === 0
        ? { date, hasTimezone, kind: 'unknown' }
        : { date, hasTimezone, kind: 'sinceBoot', secondsSinceBoot: seconds },
    );
  }
  return ok({ date, hasTimezone, kind: 'absolute' });
}

const YEAR_ONE = (() => {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  return d.getTime();
})();

/** How a decoder judges a dateTime field: valid, valid without a time zone, or invalid. */
export function classifyDateTime(raw: string): 'valid' | 'no-timezone' | 'invalid' {
  const r = readDateTime(raw);
  if (!r.ok) return 'invalid';
  return r.value.hasTimezone ? 'valid' : 'no-timezone';
}

/** A Date as an xsd:dateTime in UTC, e.g. 2024-05-01T12:00:00Z (milliseconds only when non-zero). */
export function formatDateTime(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map<string, number>([...BASE64_ALPHABET].map((c, i) => [c, i]));
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** xsd:base64Binary (whitespace allowed, as XML Schema allows it); also for the `xsd:base64` some CPEs send. */
export function readBase64(raw: string): ValueResult<Uint8Array> {
  const s = raw.replace(/[ \t\r\n]/g, '');
  if (!BASE64.test(s)) return fail('not valid base64');
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n =
      ((BASE64_VALUE.get(s.charAt(i)) ?? 0) << 18) |
      ((BASE64_VALUE.get(s.charAt(i + 1)) ?? 0) << 12) |
      ((BASE64_VALUE.get(s.charAt(i + 2)) ?? 0) << 6) |
      (BASE64_VALUE.get(s.charAt(i + 3)) ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return ok(out);
}

export function isBase64(raw: string): boolean {
  return BASE64.test(raw.replace(/[ \t\r\n]/g, ''));
}

export function readHexBinary(raw: string): ValueResult<Uint8Array> {
  const s = raw.trim();
  if (!/^(?:[0-9A-Fa-f]{2})*$/.test(s)) return fail('not valid hexBinary');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return ok(out);
}

/** A parameter value read according to its xsi:type. */
export type TypedValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'int' | 'unsignedInt'; readonly value: number }
  | { readonly type: 'long' | 'unsignedLong'; readonly value: bigint }
  | { readonly type: 'dateTime'; readonly value: CwmpDateTime }
  | { readonly type: 'base64' | 'hexBinary'; readonly value: Uint8Array }
  | { readonly type: 'invalid'; readonly declared: string; readonly reason: string }
  | { readonly type: 'unknown'; readonly declared: string; readonly value: string };

function typed<T, K extends TypedValue['type']>(declared: string, type: K, r: ValueResult<T>): TypedValue {
  return (r.ok ? { type, value: r.value } : { type: 'invalid', declared, reason: r.reason }) as TypedValue;
}

/** Reads `value` as its `type` says (`xsd:` types; a missing type means string, as in SOAP encoding). */
export function readTypedValue(pv: {
  readonly value: string;
  readonly type?: string | undefined;
}): TypedValue {
  const declared = pv.type ?? 'xsd:string';
  switch (declared) {
    case 'xsd:string':
    case 'xsd:anySimpleType':
      return { type: 'string', value: pv.value };
    case 'xsd:boolean':
      return typed(declared, 'boolean', readBoolean(pv.value));
    case 'xsd:int':
      return typed(declared, 'int', readInt(pv.value));
    case 'xsd:unsignedInt':
      return typed(declared, 'unsignedInt', readUnsignedInt(pv.value));
    case 'xsd:long':
      return typed(declared, 'long', readLong(pv.value));
    case 'xsd:unsignedLong':
      return typed(declared, 'unsignedLong', readUnsignedLong(pv.value));
    case 'xsd:dateTime':
      return typed(declared, 'dateTime', readDateTime(pv.value));
    case 'xsd:base64':
    case 'xsd:base64Binary':
    case 'soap-enc:base64':
      return typed(declared, 'base64', readBase64(pv.value));
    case 'xsd:hexBinary':
      return typed(declared, 'hexBinary', readHexBinary(pv.value));
    default:
      return { type: 'unknown', declared, value: pv.value };
  }
}
