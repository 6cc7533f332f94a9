import type { ConsumedRecord } from '@headend/ports';
import type { Catalogue, EventShape } from './catalogue.js';
import type { DecodeError, DecodeErrorCode } from './errors.js';
import { HEADEND_CATALOGUE, type HeadendEvent } from './headend-catalogue.js';
import {
  CE_HEADERS,
  CONTENT_TYPE,
  MAX_RECORD_BYTES,
  SPEC_VERSION,
  isHeaderText,
  isPrintableToken,
  isTimestamp,
  isTraceparent,
} from './headers.js';

/** The envelope of a consumed event, and where it was read from. */
export interface EventMeta {
  readonly id: string;
  readonly source: string;
  /** The ce_type as stored, e.g. `org.headend.cwmp.InformReceived.v1`. */
  readonly ceType: string;
  /** The version the event was stored in; the event itself is always the current version. */
  readonly storedVersion: number;
  readonly time: string;
  readonly subject: string;
  readonly traceparent: string | null;
  readonly dataschema: string | null;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
}

export type DecodeResult<E> =
  | { readonly ok: true; readonly event: E; readonly meta: EventMeta }
  | { readonly ok: false; readonly error: DecodeError };

const fail = (code: DecodeErrorCode, detail: string): { ok: false; error: DecodeError } => ({
  ok: false,
  error: { code, detail },
});

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a consumed record into a current-version Headend event: checks the CloudEvents headers,
 * parses the value with the stored version's schema, upcasts, and checks that topic, key, subject and
 * ce_id are the ones the event implies. Never throws: anything else is an error result.
 */
export function fromRecord(record: ConsumedRecord): DecodeResult<HeadendEvent> {
  return decodeWith(HEADEND_CATALOGUE, record);
}

/** fromRecord over any catalogue (tests use their own). */
export function decodeWith<E extends EventShape>(
  catalogue: Catalogue<E>,
  record: ConsumedRecord,
): DecodeResult<E> {
  try {
    return decode(catalogue, record);
  } catch (error) {
    // Defence in depth (a getter on a hostile object, a stack overflow); nothing above should throw.
    return fail('not-a-record', `unreadable record: ${String(error).slice(0, 200)}`);
  }
}

function header(headers: ReadonlyMap<string, string>, name: string): string | undefined | null {
  const value: unknown = headers.get(name);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

function decode<E extends EventShape>(catalogue: Catalogue<E>, record: ConsumedRecord): DecodeResult<E> {
  const candidate = record as Partial<Record<keyof ConsumedRecord, unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null) return fail('not-a-record', 'not an object');
  const { topic, key, value, headers, partition, offset } = candidate;
  if (typeof topic !== 'string' || typeof key !== 'string')
    return fail('not-a-record', 'topic and key must be strings');
  if (!(value instanceof Uint8Array)) return fail('not-a-record', 'value must be bytes');
  if (!(headers instanceof Map)) return fail('not-a-record', 'headers must be a Map');
  if (value.byteLength > MAX_RECORD_BYTES) {
    return fail('too-large', `${value.byteLength} bytes, more than ${MAX_RECORD_BYTES}`);
  }
  const get = (name: string) => header(headers as ReadonlyMap<string, string>, name);

  const names = [
    CE_HEADERS.specversion,
    CE_HEADERS.id,
    CE_HEADERS.source,
    CE_HEADERS.type,
    CE_HEADERS.subject,
    CE_HEADERS.time,
    CE_HEADERS.contentType,
  ];
  for (const name of names) {
    const found = get(name);
    if (found === undefined) return fail('missing-header', name);
    if (found === null || !isHeaderText(found)) return fail('invalid-header', name);
  }
  const specversion = get(CE_HEADERS.specversion) as string;
  const id = get(CE_HEADERS.id) as string;
  const source = get(CE_HEADERS.source) as string;
  const ceType = get(CE_HEADERS.type) as string;
  const subject = get(CE_HEADERS.subject) as string;
  const time = get(CE_HEADERS.time) as string;
  const contentType = get(CE_HEADERS.contentType) as string;

  if (specversion !== SPEC_VERSION) return fail('unsupported-specversion', specversion.slice(0, 16));
  if (contentType.split(';')[0]?.trim().toLowerCase() !== CONTENT_TYPE) {
    return fail('unsupported-content-type', contentType.slice(0, 64));
  }
  if (!isTimestamp(time)) return fail('invalid-header', CE_HEADERS.time);
  const dataschema = get(CE_HEADERS.dataschema);
  if (dataschema === null || (dataschema !== undefined && !isPrintableToken(dataschema))) {
    return fail('invalid-header', CE_HEADERS.dataschema);
  }
  const traceparent = get(CE_HEADERS.traceparent);

  const reader = catalogue.readers.get(ceType);
  if (reader === undefined) return fail('unknown-type', ceType.slice(0, 128));
  if (reader.topic !== topic) return fail('wrong-topic', `${ceType} belongs on ${reader.topic}`);

  let text: string;
  try {
    text = decoder.decode(value);
  } catch {
    return fail('invalid-encoding', 'value is not UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail('invalid-json', String(error).slice(0, 200));
  }

  const read = reader.read(json);
  if (!read.ok) return fail(read.code, read.detail);

  const route = catalogue.route(read.event);
  if (route.key !== key) return fail('key-mismatch', 'the record key is not the one the event implies');
  if (route.subject !== subject)
    return fail('subject-mismatch', 'ce_subject is not the one the event implies');
  if (route.id !== id) return fail('id-mismatch', 'ce_id is not the one the event implies');

  return {
    ok: true,
    event: read.event,
    meta: {
      id,
      source,
      ceType,
      storedVersion: read.storedVersion,
      time,
      subject,
      traceparent: typeof traceparent === 'string' && isTraceparent(traceparent) ? traceparent : null,
      dataschema: dataschema ?? null,
      topic,
      partition: typeof partition === 'number' ? partition : -1,
      offset: typeof offset === 'string' ? offset : '',
      key,
    },
  };
}
