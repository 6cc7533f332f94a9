import { documentShapeProblem } from '@headend/ports';
import type { Position } from './decide.js';
import type { DeviceProjection, ParamRecord, RecordFault } from './projection.js';
import { MAX_RECORD_FAULTS } from './projection.js';
import type { StoredProjection } from './stored.js';
import { toStoredProjection } from './stored.js';

/**
 * What one device may store. A device's Informs and answers are each within the event caps, but
 * they add up: without bounds, one device's projection grows past what a document may hold (16 MiB
 * in MongoDB) and can no longer be stored.
 */
export interface ProjectionLimits {
  /** Parameters and objects kept; new ones past it are not recorded. */
  readonly maxParameters: number;
  /** Characters of a parameter value; longer values are cut there. */
  readonly maxValueChars: number;
  /** The stored projection's size as BSON; a record that would grow it past this is not kept. */
  readonly maxBytes: number;
}

export const DEFAULT_LIMITS: ProjectionLimits = {
  maxParameters: 50_000,
  maxValueChars: 16_384,
  maxBytes: 8 * 1024 * 1024,
};

/** What a limit did to one record, for metrics (`kind`) and the device's record faults. */
export interface LimitReport {
  readonly kind: 'value-truncated' | 'parameters-refused' | 'record-refused';
  readonly count: number;
  readonly detail: string;
}

export type Limited =
  | {
      readonly ok: true;
      readonly projection: DeviceProjection;
      /** The projection as it is stored, checked storable. */
      readonly stored: StoredProjection;
      readonly reports: readonly LimitReport[];
    }
  /** Not storable even with the record's parameters left out: the record is dead-lettered. */
  | { readonly ok: false; readonly problem: string; readonly reports: readonly LimitReport[] };

/**
 * Applies the limits to the projection a record produced (`after`, from `before`): values are cut
 * at maxValueChars; parameters the device had before stay and new ones are kept in path order up to
 * maxParameters; and if the stored document would still exceed maxBytes (or not be storable), the
 * record's parameter changes are not kept at all (the rest of the record is). Each cut is recorded
 * on the projection as a record fault. ok: false when even that does not make it storable.
 */
export function limitProjection(
  before: DeviceProjection | null,
  after: DeviceProjection,
  limits: ProjectionLimits,
  position: Position,
  at: number,
): Limited {
  const reports: LimitReport[] = [];
  let parameters = truncateValues(after.parameters, limits.maxValueChars, reports);
  parameters = capCount(before, parameters, limits.maxParameters, reports);
  const counted = parameters === after.parameters ? after : { ...after, parameters };
  let projection = withFaults(counted, reports, position, at);
  let stored = toStoredProjection(projection);
  let problem = storeProblem(stored, limits.maxBytes);
  const previous = before?.parameters ?? [];
  if (problem !== null && parameters !== previous) {
    reports.push({
      kind: 'record-refused',
      count: 1,
      detail: `the record's parameters were not kept: ${problem}`,
    });
    const reverted = { ...counted, parameters: previous, absent: before?.absent ?? [] };
    projection = withFaults(reverted, reports, position, at);
    stored = toStoredProjection(projection);
    problem = storeProblem(stored, limits.maxBytes);
  }
  if (problem !== null) return { ok: false, problem, reports };
  return { ok: true, projection, stored, reports };
}

/** Records a fault on the projection (newest last, the oldest beyond MAX_RECORD_FAULTS dropped). */
export function withRecordFault(projection: DeviceProjection, fault: RecordFault): DeviceProjection {
  return { ...projection, recordFaults: appendFault(projection.recordFaults, fault) };
}

export function appendFault(faults: readonly RecordFault[], fault: RecordFault): RecordFault[] {
  return [...faults, fault].slice(-MAX_RECORD_FAULTS);
}

function withFaults(
  projection: DeviceProjection,
  reports: readonly LimitReport[],
  position: Position,
  at: number,
): DeviceProjection {
  let faults = projection.recordFaults;
  for (const report of reports) {
    faults = appendFault(faults, { reason: report.kind, detail: report.detail, at, ...position });
  }
  return faults === projection.recordFaults ? projection : { ...projection, recordFaults: faults };
}

function storeProblem(stored: StoredProjection, maxBytes: number): string | null {
  const problem = documentShapeProblem(stored, maxBytes);
  return problem === null ? null : `${problem.path === '' ? '' : `${problem.path}: `}${problem.problem}`;
}

function truncateValues(parameters: ParamRecord[], maxChars: number, reports: LimitReport[]): ParamRecord[] {
  const cut: string[] = [];
  const out = parameters.map((p) => {
    if (p.value === null || p.value.length <= maxChars) return p;
    cut.push(p.path);
    return { ...p, value: cutAt(p.value, maxChars) };
  });
  if (cut.length === 0) return parameters;
  reports.push({
    kind: 'value-truncated',
    count: cut.length,
    detail: `${cut.length} value(s) cut to ${maxChars} characters: ${names(cut)}`,
  });
  return out;
}

function capCount(
  before: DeviceProjection | null,
  parameters: ParamRecord[],
  max: number,
  reports: LimitReport[],
): ParamRecord[] {
  if (parameters.length <= max) return parameters;
  const known = new Set(before?.parameters.map((p) => p.path));
  const kept = new Set<string>();
  for (const p of parameters) if (known.has(p.path) && kept.size < max) kept.add(p.path);
  const refused: string[] = [];
  for (const p of parameters) {
    if (kept.has(p.path)) continue;
    if (!known.has(p.path) && kept.size < max) kept.add(p.path);
    else refused.push(p.path);
  }
  reports.push({
    kind: 'parameters-refused',
    count: refused.length,
    detail: `${refused.length} parameter(s) over the limit of ${max} not recorded: ${names(refused)}`,
  });
  return parameters.filter((p) => kept.has(p.path));
}

/** A string cut to at most `max` UTF-16 units, never inside a surrogate pair. */
function cutAt(value: string, max: number): string {
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** The first few names, for a fault's detail (bounded: device strings). */
function names(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).map((p) => p.slice(0, 256));
  return `${shown.join(', ')}${paths.length > shown.length ? `, and ${paths.length - shown.length} more` : ''}`;
}
