import type { HeadendEvent } from '@headend/events';
import { DEAD_LETTER_INLINE_BYTES, isInvalidEvent } from '@headend/events';
import type { ConsumedRecord } from '@headend/ports';
import { isDocumentRefused, isDuplicateKey } from '@headend/ports';

/** Why a record was set aside: stable codes (metric label, dead-letter reason, record fault). */
export type DeadLetterReason =
  /** No reader can use it (not a CloudEvent of ours, invalid data ...). */
  | 'undecodable'
  /** The device's stored projection cannot be read. */
  | 'stored-projection-invalid'
  /** The planner failed on it (a bug: the record is kept for the fix). */
  | 'fold-failed'
  /** The projection it makes cannot be stored even within the limits. */
  | 'projection-unstorable'
  /** The document store refused the projection. */
  | 'document-refused'
  /** An effect of it could not be written for what it is (an event the catalogue refuses). */
  | 'effect-failed';

/** A record this process can never fold or store: it is set aside, not retried. */
export class UnprocessableRecordError extends Error {
  constructor(
    readonly reason: DeadLetterReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = 'UnprocessableRecordError';
  }
}

/** The reason and a bounded description of any failure that is not a backend outage. */
export function reasonOf(error: unknown): { reason: DeadLetterReason; detail: string } {
  const detail = (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
  if (error instanceof UnprocessableRecordError) return { reason: error.reason, detail };
  if (isDocumentRefused(error) || isDuplicateKey(error)) return { reason: 'document-refused', detail };
  if (isInvalidEvent(error)) return { reason: 'effect-failed', detail };
  return { reason: 'fold-failed', detail };
}

const PRINTABLE_KEY = /^[\x21-\x7e]{1,1024}$/;

/** The RecordDeadLettered event for a consumed record: where it is, why, and its bytes when small enough. */
export function deadLetterEvent(
  record: ConsumedRecord,
  group: string,
  reason: DeadLetterReason,
  detail: string,
): HeadendEvent {
  const value = record.value;
  const inline = value.byteLength <= DEAD_LETTER_INLINE_BYTES;
  return {
    type: 'RecordDeadLettered',
    version: 1,
    data: {
      group,
      reason,
      detail: detail.slice(0, 4_096),
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: printableKey(record.key),
      timestamp: Number.isSafeInteger(record.timestamp) && record.timestamp >= 0 ? record.timestamp : 0,
      headers: [...record.headers]
        .slice(0, 1_024)
        .map(([name, text]) => ({ name: name.slice(0, 4_096), value: text.slice(0, 4_096) })),
      valueBytes: value.byteLength,
      value: inline ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : null,
    },
  };
}

/** Device ids are printable ASCII; anything else is percent-encoded (and `-` stands for no key). */
function printableKey(key: string): string {
  if (PRINTABLE_KEY.test(key)) return key;
  if (key === '') return '-';
  return encodeURIComponent(key.slice(0, 300)).slice(0, 1_024);
}
