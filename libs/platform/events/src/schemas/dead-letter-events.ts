import { z } from 'zod';
import { Count, Text, Token, eventSchema } from './common.js';

/**
 * Events on acs.dead-letters.v1: records a consumer could not process and will never be able to
 * (undecodable, or a projection they would make cannot be stored), set aside so the partition moves
 * on. Keyed by the original record's key (a device id, usually). Id:
 * `dead-letter:<group>:<topic>:<partition>:<offset>`, so setting the same record aside twice (a crash
 * in between) gives the same event.
 */

/** Bytes of the original value carried inline (base64); larger values are referred to only. */
export const DEAD_LETTER_INLINE_BYTES = 4 * 1024 * 1024;
/** The original key as carried (a device id is at most 256 characters; anything may be on a topic). */
export const DEAD_LETTER_KEY_CHARS = 1_024;

/** Kafka group, topic names: what we mint and what Kafka allows, no ':'. */
const LogName = z.string().regex(/^[A-Za-z0-9_.-]{1,249}$/, { message: 'a Kafka topic or group name' });

export const RecordDeadLettered = eventSchema(
  'RecordDeadLettered',
  1,
  z.object({
    /** The consumer group that gave up on the record. */
    group: LogName,
    /** Why, a stable code: undecodable, stored-projection-invalid, fold-failed, projection-unstorable, document-refused, effect-failed. */
    reason: Token,
    /** What went wrong, for people. */
    detail: Text,
    /** Where the record is: it stays there for the topic's retention. */
    topic: LogName,
    partition: Count,
    offset: z.string().regex(/^\d{1,20}$/),
    /**
     * The record's key as printable ASCII (a device id is): percent-encoded otherwise, `-` when it
     * had none, cut at DEAD_LETTER_KEY_CHARS. Then its timestamp (ms) and headers.
     */
    key: z.string().regex(/^[\x21-\x7e]{1,1024}$/, { message: 'printable ASCII, 1-1024 characters' }),
    timestamp: Count,
    headers: z.array(z.object({ name: Text, value: Text })).max(1_024),
    /** The value's size, and the value itself in base64 when at most DEAD_LETTER_INLINE_BYTES (else null). */
    valueBytes: Count,
    value: z
      .string()
      .max(Math.ceil(DEAD_LETTER_INLINE_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'base64' })
      .nullable(),
  }),
);

export const DeadLetterEvent = z.discriminatedUnion('type', [RecordDeadLettered]);
export type DeadLetterEvent = z.infer<typeof DeadLetterEvent>;
