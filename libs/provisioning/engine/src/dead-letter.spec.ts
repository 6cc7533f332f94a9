import { describe, expect, it } from 'vitest';
import { fromRecord, toRecord, TOPICS } from '@headend/events';
import type { ConsumedRecord } from '@headend/ports';
import { BackendUnavailableError, DocumentRefusedError, DuplicateKeyError } from '@headend/ports';
import { emptyProjection } from '@headend/provisioning-planner';
import { deadLetterEvent, reasonOf, UnprocessableRecordError } from './dead-letter.js';
import { lostSessionEnded } from './lost-session.js';

function consumed(key: string, value: Uint8Array): ConsumedRecord {
  return {
    topic: TOPICS.deviceEvents,
    partition: 7,
    offset: '1234',
    key,
    value,
    headers: new Map([['ce_type', 'x\u0001y']]),
    timestamp: 1_765_000_000_000,
  };
}

/** The dead letter as a consumer of acs.dead-letters.v1 reads it. */
function readBack(record: ConsumedRecord, reason = 'undecodable' as const) {
  const written = toRecord(deadLetterEvent(record, 'provisioning', reason, 'invalid-json: oops'), {
    time: '2026-12-08T00:00:00Z',
  });
  const read = fromRecord({
    ...written,
    partition: 0,
    offset: '0',
    headers: new Map(Object.entries(written.headers ?? {})),
    timestamp: 0,
  });
  if (!read.ok) throw new Error(`${read.error.code}: ${read.error.detail}`);
  return read;
}

describe('dead letters', () => {
  it('given a record, then its dead letter says where it is, why, and carries its key, headers and bytes, under a deterministic id', () => {
    const record = consumed('00D09E-BM632w-S1', new Uint8Array([0xff, 0x00, 0x7b]));
    const read = readBack(record);
    expect(read.meta.id).toBe(`dead-letter:provisioning:${TOPICS.deviceEvents}:7:1234`);
    expect(read.meta.topic).toBe(TOPICS.deadLetters);
    expect(read.event).toMatchObject({
      type: 'RecordDeadLettered',
      data: {
        group: 'provisioning',
        reason: 'undecodable',
        key: '00D09E-BM632w-S1',
        partition: 7,
        offset: '1234',
        headers: [{ name: 'ce_type', value: 'x\u0001y' }],
        valueBytes: 3,
        value: Buffer.from([0xff, 0x00, 0x7b]).toString('base64'),
      },
    });
  });

  it.each([
    ['', '-'],
    ['key with spaces\n', 'key%20with%20spaces%0A'],
    ['ключ', '%D0%BA%D0%BB%D1%8E%D1%87'],
  ])('given the key %j, then the dead letter carries it as printable ASCII', (key, carried) => {
    expect(readBack(consumed(key, new Uint8Array(1))).event).toMatchObject({ data: { key: carried } });
  });

  it('given a value over 4 MiB, then the dead letter refers to it without its bytes', () => {
    const read = readBack(consumed('k', new Uint8Array(4 * 1024 * 1024 + 1)));
    expect(read.event).toMatchObject({ data: { valueBytes: 4 * 1024 * 1024 + 1, value: null } });
  });

  it('names the reason of each failure', () => {
    expect(reasonOf(new UnprocessableRecordError('projection-unstorable', 'too big')).reason).toBe(
      'projection-unstorable',
    );
    expect(reasonOf(new DocumentRefusedError('devices', 'nested arrays')).reason).toBe('document-refused');
    expect(reasonOf(new DuplicateKeyError('devices')).reason).toBe('document-refused');
    expect(reasonOf(new TypeError('x is undefined')).reason).toBe('fold-failed');
    expect(reasonOf(new BackendUnavailableError('mongodb', 'down')).reason).toBe('fold-failed');
  });
});

describe('lostSessionEnded', () => {
  const device = emptyProjection(
    'D',
    { oui: 'O', productClass: 'P', serialNumber: 'S', manufacturer: '' },
    0,
  );
  const started = (sessionId: string) =>
    ({
      type: 'SessionStarted',
      version: 1,
      data: {
        deviceId: 'OUI-P-S',
        sessionId,
        sequence: 0,
        cwmpVersion: '1.0',
        authentication: 'digest',
        tls: false,
      },
    }) as const;
  const open = {
    id: 'old',
    events: ['2 PERIODIC'],
    startedAt: 1_000,
    planned: 3,
    issued: [],
    inFlight: null,
    followUp: null,
    ended: true,
    suspect: [],
  };

  it('given an earlier session still open, then it is ended as lost, with its id, duration and planned RPCs', () => {
    const ended = lostSessionEnded({ ...device, session: open }, started('new'), 61_000);
    expect(ended).toEqual({
      type: 'SessionEnded',
      version: 1,
      data: {
        deviceId: 'OUI-P-S',
        sessionId: 'old',
        sequence: 8,
        outcome: 'lost',
        rpcCount: 3,
        durationMs: 60_000,
        reason: expect.any(String) as string,
      },
    });
    expect(toRecord(ended!, { time: '2026-12-08T00:00:00Z' }).headers?.['ce_id']).toBe('old:lost');
  });

  it('given no session open, or the same session started again (a redelivery), then nothing is ended', () => {
    expect(lostSessionEnded(device, started('new'), 0)).toBeNull();
    expect(lostSessionEnded(null, started('new'), 0)).toBeNull();
    expect(lostSessionEnded({ ...device, session: open }, started('old'), 0)).toBeNull();
  });
});
