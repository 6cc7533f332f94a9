import type { ConsumedRecord } from '@headend/ports';
import { describe, expect, it } from 'vitest';
import { fromRecord } from './decode.js';
import { toRecord } from './encode.js';
import type { DecodeErrorCode } from './errors.js';
import type { EventOfType } from './headend-catalogue.js';
import { MAX_RECORD_BYTES } from './headers.js';
import { consumed, errorOf, withHeaders } from './testing/records.js';

const TIME = '2025-01-02T03:04:05Z';
const DEVICE = '001234-CZWBT16OCH00058';

const ended: EventOfType<'SessionEnded'> = {
  type: 'SessionEnded',
  version: 1,
  data: {
    deviceId: DEVICE,
    sessionId: 's1',
    sequence: 4,
    outcome: 'completed',
    rpcCount: 2,
    durationMs: 840,
    reason: null,
  },
};
const good = consumed(toRecord(ended, { time: TIME }));
const bytes = (text: string) => new TextEncoder().encode(text);
const body = (data: unknown) => ({ ...good, value: bytes(JSON.stringify(data)) });

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

const table: readonly (readonly [string, unknown, DecodeErrorCode, string?])[] = [
  ['null instead of a record', null, 'not-a-record'],
  ['a string value', { ...good, value: 'hello' }, 'not-a-record'],
  ['headers as a plain object', { ...good, headers: { ce_specversion: '1.0' } }, 'not-a-record'],
  ['a numeric key', { ...good, key: 7 }, 'not-a-record'],
  ['no ce_id', withHeaders(good, { ce_id: undefined }), 'missing-header', 'ce_id'],
  ['no ce_type', withHeaders(good, { ce_type: undefined }), 'missing-header', 'ce_type'],
  ['no content-type', withHeaders(good, { 'content-type': undefined }), 'missing-header', 'content-type'],
  [
    'a numeric header value',
    { ...good, headers: new Map<string, unknown>([...good.headers, ['ce_id', 42]]) },
    'invalid-header',
    'ce_id',
  ],
  [
    'a control character in ce_source',
    withHeaders(good, { ce_source: 'urn:x\r\nInjected: 1' }),
    'invalid-header',
    'ce_source',
  ],
  [
    'a 10 kB ce_subject',
    withHeaders(good, { ce_subject: 'x'.repeat(10_000) }),
    'invalid-header',
    'ce_subject',
  ],
  ['an empty ce_id', withHeaders(good, { ce_id: '' }), 'invalid-header', 'ce_id'],
  ['specversion 0.3', withHeaders(good, { ce_specversion: '0.3' }), 'unsupported-specversion'],
  [
    'an XML content type',
    withHeaders(good, { 'content-type': 'application/xml' }),
    'unsupported-content-type',
  ],
  ['ce_time not RFC 3339', withHeaders(good, { ce_time: 'Tue, 1 Jan 2025' }), 'invalid-header', 'ce_time'],
  [
    'ce_dataschema with spaces',
    withHeaders(good, { ce_dataschema: 'not a uri' }),
    'invalid-header',
    'ce_dataschema',
  ],
  ['an unknown ce_type', withHeaders(good, { ce_type: 'org.headend.cwmp.Nope.v1' }), 'unknown-type'],
  ['ce_type __proto__', withHeaders(good, { ce_type: '__proto__' }), 'unknown-type'],
  ['ce_type toString', withHeaders(good, { ce_type: 'toString' }), 'unknown-type'],
  ['a future version', withHeaders(good, { ce_type: 'org.headend.cwmp.SessionEnded.v2' }), 'unknown-type'],
  [
    'a command type on the device topic',
    withHeaders(good, { ce_type: 'org.headend.command.TaskRequested.v1' }),
    'wrong-topic',
  ],
  ['a body over the cap', { ...good, value: new Uint8Array(MAX_RECORD_BYTES + 1) }, 'too-large'],
  ['invalid UTF-8', { ...good, value: Uint8Array.of(0x7b, 0xff, 0x7d) }, 'invalid-encoding'],
  ['not JSON', { ...good, value: bytes('{"deviceId":') }, 'invalid-json'],
  ['JSON null', body(null), 'invalid-data', 'data.(root)'],
  ['a JSON array', body([ended.data]), 'invalid-data'],
  ['a JSON string', body('SessionEnded'), 'invalid-data'],
  ['a wrong field type', body({ ...ended.data, rpcCount: '2' }), 'invalid-data', 'data.rpcCount'],
  ['an unknown outcome', body({ ...ended.data, outcome: 'exploded' }), 'invalid-data', 'data.outcome'],
  ['a missing field', body({ ...ended.data, reason: undefined }), 'invalid-data', 'data.reason'],
  ['an array nested 100,000 deep', { ...good, value: bytes(deep(100_000)) }, 'invalid-data'],
  ['a record key of another device', { ...good, key: '001234-OTHER' }, 'key-mismatch'],
  ['a ce_subject of another device', withHeaders(good, { ce_subject: '001234-OTHER' }), 'subject-mismatch'],
  ['a ce_id that is not sessionId:sequence', withHeaders(good, { ce_id: 's1:5' }), 'id-mismatch'],
];

describe('fromRecord on hostile records', () => {
  it.each(table)('given %s, when read, then it fails with %s', (_, record, code, detail) => {
    const result = fromRecord(record as ConsumedRecord);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (detail !== undefined && !result.ok) expect(result.error.detail).toContain(detail);
  });

  it('given a record whose properties throw when read, when read, then it fails without throwing', () => {
    const trap = new Proxy(good, {
      get() {
        throw new Error('boom');
      },
    });
    expect(fromRecord(trap)).toMatchObject({ ok: false, error: { code: 'not-a-record' } });
  });

  it('given __proto__ keys in the body and headers, when read, then they are dropped and nothing is polluted', () => {
    const text = `{"__proto__":{"polluted":true},${JSON.stringify(ended.data).slice(1)}`;
    const record = withHeaders({ ...good, value: bytes(text) }, { ['__proto__']: 'x', constructor: 'y' });

    const result = fromRecord(record);

    expect(result).toMatchObject({ ok: true, event: ended });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    if (result.ok) expect(Object.getPrototypeOf(result.event.data)).toBe(Object.prototype);
  });

  it('given a preset definition nested deeper than the cap, when read, then it is invalid data', () => {
    const preset = toRecord(
      { type: 'PresetSaved', version: 1, data: { presetId: 'p1', revision: 1, name: 'n', definition: {} } },
      { time: TIME },
    );
    const nested = `{"presetId":"p1","revision":1,"name":"n","definition":${deep(40)}}`;
    const result = fromRecord({ ...consumed(preset), value: bytes(nested) });
    expect(errorOf(result).code).toBe('invalid-data');
    expect(errorOf(result).detail).toContain('definition');
  });

  it('given an invalid traceparent, when read, then the event is kept and the trace ignored', () => {
    const result = fromRecord(
      withHeaders(good, { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }),
    );
    expect(result).toMatchObject({ ok: true, meta: { traceparent: null } });
  });

  it('given a content type with a charset parameter, when read, then it is accepted', () => {
    expect(fromRecord(withHeaders(good, { 'content-type': 'application/json; charset=utf-8' })).ok).toBe(
      true,
    );
  });
});
