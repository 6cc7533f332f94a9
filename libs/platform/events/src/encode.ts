import type { OutgoingRecord } from '@headend/ports';
import type { Catalogue, EventShape } from './catalogue.js';
import { InvalidEventError } from './errors.js';
import { formatPath } from './issue-path.js';
import { HEADEND_CATALOGUE, type EventSource, type HeadendEvent } from './headend-catalogue.js';
import {
  CE_HEADERS,
  CONTENT_TYPE,
  MAX_RECORD_BYTES,
  SPEC_VERSION,
  isPrintableToken,
  isTimestamp,
  isTraceparent,
} from './headers.js';

/** What the writer knows that the event does not: when, who, and the trace it belongs to. */
export interface RecordContext {
  /** When it happened, RFC 3339 (passed in: this library never reads the clock). */
  readonly time: string;
  /** Defaults to the topic's writer: cwmp-gateway for device events, admin-api for the rest. */
  readonly source?: EventSource | undefined;
  /** W3C traceparent of the span that produced the event. */
  readonly traceparent?: string | undefined;
  /** URI of the data's JSON Schema (e.g. the AsyncAPI document's message). */
  readonly dataschema?: string | undefined;
  /**
   * The writer built this event itself, from values it had already validated (its own ids,
   * counters, enums): the schema check is skipped, which is most of the cost of a small event.
   * Never set it for an event that carries a peer's input not yet validated (an Inform's contents,
   * an RPC response): those must go through the schema. The envelope checks still apply.
   */
  readonly trustedWriter?: boolean | undefined;
}

const encoder = new TextEncoder();

/**
 * Validates an event against its current schema and packs it as a CloudEvents binary-mode Kafka record:
 * topic, key and ce_id follow from the event itself (see ids.ts), the value is the UTF-8 JSON of
 * `data`. Throws InvalidEventError when the event or the context is invalid: consumers would refuse
 * such a record, so it must never be written.
 */
export function toRecord(event: HeadendEvent, context: RecordContext): OutgoingRecord {
  return encodeWith(HEADEND_CATALOGUE, event, context);
}

/** toRecord over any catalogue (tests use their own). */
export function encodeWith<E extends EventShape>(
  catalogue: Catalogue<E>,
  event: E,
  context: RecordContext,
): OutgoingRecord {
  const current = catalogue.current.get(event.type);
  if (current === undefined)
    throw new InvalidEventError('type', `unknown event type ${JSON.stringify(event.type)}`);
  let valid = event;
  if (context.trustedWriter !== true) {
    const parsed = current.schema.safeParse(event);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidEventError(formatPath(issue?.path ?? []), issue?.message ?? 'invalid');
    }
    valid = parsed.data as E;
  }
  const route = catalogue.route(valid);

  if (!isTimestamp(context.time)) throw new InvalidEventError('context.time', 'not an RFC 3339 timestamp');
  const source = context.source ?? catalogue.defaultSource(route.topic);
  if (context.traceparent !== undefined && !isTraceparent(context.traceparent)) {
    throw new InvalidEventError('context.traceparent', 'not a W3C traceparent');
  }
  if (context.dataschema !== undefined && !isPrintableToken(context.dataschema)) {
    throw new InvalidEventError('context.dataschema', 'not a URI');
  }

  const value = encoder.encode(JSON.stringify(valid.data));
  if (value.byteLength > MAX_RECORD_BYTES) {
    throw new InvalidEventError('data', `${value.byteLength} bytes, more than ${MAX_RECORD_BYTES}`);
  }

  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: SPEC_VERSION,
    [CE_HEADERS.id]: route.id,
    [CE_HEADERS.source]: source,
    [CE_HEADERS.type]: current.ceType,
    [CE_HEADERS.subject]: route.subject,
    [CE_HEADERS.time]: context.time,
    [CE_HEADERS.contentType]: CONTENT_TYPE,
  };
  if (context.traceparent !== undefined) headers[CE_HEADERS.traceparent] = context.traceparent;
  if (context.dataschema !== undefined) headers[CE_HEADERS.dataschema] = context.dataschema;

  return { topic: route.topic, key: route.key, value, headers };
}
