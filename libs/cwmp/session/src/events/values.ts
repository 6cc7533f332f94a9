import type { ParameterValueStruct } from '@headend/cwmp-codec';
import { formatDateTime, readDateTime } from '@headend/cwmp-codec';
import { CAPS } from '@headend/events';
import type { RecordedFault, RecordedParameter, RecordedTime } from './types.js';

/**
 * Fitting what a CPE sent into the event catalogue's limits. Devices break TR-069 (overlong strings,
 * codes outside every range); a session must still be recorded, so each rule below keeps as much as is
 * true and never invents a value that names a different thing.
 */

/** The first `max` UTF-16 code units, without splitting a surrogate pair. */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** For the catalogue's nullable strings: absent or empty is null. */
export function fitTextOrNull(text: string | undefined, max: number): string | null {
  return text === undefined || text === '' ? null : fitText(text, max);
}

/** The first `max` items, mapped. */
export function fitList<T, U>(list: readonly T[], max: number, map: (item: T) => U): U[] {
  return list.slice(0, max).map(map);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Status 0 is "applied"; any other value is read as 1 ("applied, effective later"), the cautious reading. */
export function statusOf(status: number): 0 | 1 {
  return status === 0 ? 0 : 1;
}

const MAX_FAULT_CODE = 99_999;
/** CPE "Internal error": what a fault code no schema can hold (e.g. 4294967295) is recorded as. */
const INTERNAL_ERROR = 9002;

export function faultCodeOf(code: number): number {
  return Number.isInteger(code) && code >= 0 && code <= MAX_FAULT_CODE ? code : INTERNAL_ERROR;
}

/** A FaultStruct as recorded: code 0 ("no fault") is null. */
export function faultOf(code: number, text: string | undefined): RecordedFault | null {
  return code === 0 ? null : { code: faultCodeOf(code), string: fitText(text ?? '', CAPS.text) };
}

/**
 * A dateTime as `{ raw, iso }`. iso is the instant in UTC (millisecond precision) when readDateTime
 * reads an absolute time in years 1-9999 (RFC 3339 has four-digit years); a value without time zone is
 * read as UTC, as TR-106 says CWMP times are. iso is null for invalid text, for TR-106's unknown time
 * (0001-01-01T00:00:00Z) and for the other year-1 values, which count time since boot, not an instant.
 * raw is kept as sent (cut to the catalogue's cap; iso is read from the whole text).
 */
export function deviceTime(raw: string): RecordedTime {
  return { raw: fitText(raw, CAPS.eventCode), iso: isoOf(raw) };
}

function isoOf(raw: string): string | null {
  const read = readDateTime(raw);
  if (!read.ok || read.value.kind !== 'absolute') return null;
  const year = read.value.date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? formatDateTime(read.value.date) : null;
}

/**
 * A ParameterValueStruct list as recorded. An item whose name or value exceeds the catalogue's caps is
 * dropped rather than cut: a cut value would be recorded as a value the device does not have.
 */
export function parameterList(list: readonly ParameterValueStruct[]): RecordedParameter[] {
  const kept: RecordedParameter[] = [];
  for (const p of list) {
    if (kept.length === CAPS.parameters) break;
    if (p.name.length > CAPS.parameterName || p.value.length > CAPS.value) continue;
    kept.push({ name: p.name, value: p.value, type: fitTextOrNull(p.type, CAPS.token) });
  }
  return kept;
}

/** Names that identify parameters (GetParameterNames/Attributes responses): overlong ones are dropped. */
export function fitsName<T extends { readonly name: string }>(item: T): boolean {
  return item.name.length <= CAPS.parameterName;
}
