import { describe, expect, it } from 'vitest';
import { documentShapeProblem } from '@headend/ports';
import type { ProjectionLimits } from './limits.js';
import { limitProjection } from './limits.js';
import type { DeviceProjection, ParamRecord } from './projection.js';
import { MAX_RECORD_FAULTS } from './projection.js';
import { fromStoredProjection } from './stored.js';
import { emptyProjection } from './working.js';

const T = Date.UTC(2026, 0, 1);
const AT = { topic: 'cwmp.device-events.v1', partition: 3, offset: '42' };
const LIMITS: ProjectionLimits = { maxParameters: 1_000, maxValueChars: 100, maxBytes: 1024 * 1024 };

function param(path: string, value: string | null = 'v'): ParamRecord {
  return {
    path,
    object: false,
    writable: null,
    value,
    type: 'xsd:string',
    notification: null,
    accessList: null,
    valueAt: T,
  };
}

function device(parameters: ParamRecord[]): DeviceProjection {
  const blank = emptyProjection(
    'D-1',
    { oui: 'O', productClass: 'P', serialNumber: 'S', manufacturer: 'M' },
    T,
  );
  return { ...blank, parameters: [...parameters].sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

describe('limitProjection: what one device may store', () => {
  it('given everything within the limits, then the projection is unchanged and storable', () => {
    const after = device([param('Device.A'), param('Device.B')]);
    const limited = limitProjection(null, after, LIMITS, AT, T);
    expect(limited.ok && limited.projection).toBe(after);
    expect(limited.reports).toEqual([]);
    expect(limited.ok && fromStoredProjection(limited.stored)).toEqual(after);
  });

  it('given a value over maxValueChars, then it is cut there (not inside a surrogate pair) and a fault says so', () => {
    const after = device([
      param('Device.Long', 'x'.repeat(150)),
      param('Device.Emoji', `${'y'.repeat(99)}😀`),
    ]);
    const limited = limitProjection(null, after, LIMITS, AT, T);
    if (!limited.ok) throw new Error(limited.problem);
    const value = (path: string) => limited.projection.parameters.find((p) => p.path === path)?.value;
    expect(value('Device.Long')).toBe('x'.repeat(100));
    expect(value('Device.Emoji')).toBe('y'.repeat(99));
    expect(limited.reports).toEqual([
      { kind: 'value-truncated', count: 2, detail: expect.stringContaining('Device.Emoji') as string },
    ]);
    expect(limited.projection.recordFaults).toEqual([
      {
        reason: 'value-truncated',
        detail: expect.stringContaining('cut to 100 characters') as string,
        at: T,
        ...AT,
      },
    ]);
  });

  it('given more parameters than maxParameters, then those known before stay and new ones are kept in path order up to the limit', () => {
    const before = device([param('Z.Old1'), param('Z.Old2')]);
    const after = device([
      param('A.New1'),
      param('A.New2'),
      param('A.New3'),
      param('Z.Old1'),
      param('Z.Old2'),
    ]);
    const limited = limitProjection(before, after, { ...LIMITS, maxParameters: 3 }, AT, T);
    if (!limited.ok) throw new Error(limited.problem);
    expect(limited.projection.parameters.map((p) => p.path)).toEqual(['A.New1', 'Z.Old1', 'Z.Old2']);
    expect(limited.reports).toEqual([
      {
        kind: 'parameters-refused',
        count: 2,
        detail: expect.stringMatching(/2 parameter\(s\) over the limit of 3.*A\.New2, A\.New3/) as string,
      },
    ]);
  });

  it('given a record that would grow the projection past maxBytes, then its parameters are not kept, the rest is, and a fault says so', () => {
    const before = device([param('Device.Small', 'x')]);
    const big = Array.from({ length: 60 }, (_, i) => param(`Device.Blob.${i}`, 'b'.repeat(60_000)));
    const after = { ...device([...before.parameters, ...big]), tags: ['kept'] };
    const limited = limitProjection(before, after, { ...LIMITS, maxValueChars: 65_536 }, AT, T);
    if (!limited.ok) throw new Error(limited.problem);
    expect(limited.projection.parameters).toEqual(before.parameters);
    expect(limited.projection.tags).toEqual(['kept']);
    expect(limited.reports.map((r) => r.kind)).toEqual(['record-refused']);
    expect(limited.projection.recordFaults[0]?.detail).toMatch(
      /not kept: .*bytes as BSON, more than 1048576/,
    );
    expect(documentShapeProblem(limited.stored, LIMITS.maxBytes)).toBeNull();
  });

  it('given a projection that stays over maxBytes without the record, then it is not storable', () => {
    const huge = device([param('Device.Huge', 'h'.repeat(90))]);
    const limited = limitProjection(huge, huge, { ...LIMITS, maxBytes: 64 }, AT, T);
    expect(limited.ok).toBe(false);
  });

  it('given many cuts, then the projection keeps only the newest MAX_RECORD_FAULTS faults', () => {
    let projection = device([]);
    for (let i = 0; i < MAX_RECORD_FAULTS + 5; i++) {
      const next = device([param(`Device.V${i}`, 'x'.repeat(200))]);
      const limited = limitProjection(
        projection,
        { ...next, recordFaults: projection.recordFaults },
        LIMITS,
        { ...AT, offset: String(i) },
        T,
      );
      if (!limited.ok) throw new Error(limited.problem);
      projection = limited.projection;
    }
    expect(projection.recordFaults).toHaveLength(MAX_RECORD_FAULTS);
    expect(projection.recordFaults.at(-1)?.offset).toBe(String(MAX_RECORD_FAULTS + 4));
  });
});
