import type { ConsumedRecord, OutgoingRecord } from '@headend/ports';
import type { DecodeError } from '../errors.js';

/** What a consumer would receive for an appended record (test-only). */
export function consumed(record: OutgoingRecord, changes: Partial<ConsumedRecord> = {}): ConsumedRecord {
  return {
    topic: record.topic,
    partition: 3,
    offset: '42',
    key: record.key,
    value: record.value,
    headers: new Map(Object.entries(record.headers ?? {})),
    timestamp: 0,
    ...changes,
  };
}

/** The same record with some headers replaced (undefined removes one). */
export function withHeaders(
  record: ConsumedRecord,
  changes: Readonly<Record<string, string | undefined>>,
): ConsumedRecord {
  const headers = new Map(record.headers);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) headers.delete(name);
    else headers.set(name, value);
  }
  return { ...record, headers };
}

/** The error of a failed read; fails the test when the read succeeded. */
export function errorOf(result: { readonly ok: boolean; readonly error?: DecodeError }): DecodeError {
  if (result.ok || result.error === undefined) throw new Error('expected the read to fail');
  return result.error;
}
