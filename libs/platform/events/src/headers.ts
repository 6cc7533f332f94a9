import { Timestamp } from './schemas/common.js';

/** CloudEvents 1.0 Kafka protocol binding, binary mode: attributes as `ce_*` headers, data as the value. */
export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  subject: 'ce_subject',
  time: 'ce_time',
  dataschema: 'ce_dataschema',
  contentType: 'content-type',
  traceparent: 'traceparent',
} as const;

export const SPEC_VERSION = '1.0';
export const CONTENT_TYPE = 'application/json';

/**
 * The largest record value written or read. Above Kafka's 1 MiB default: topics carrying whole
 * parameter trees need `max.message.bytes` (and the producer's `max.request.size`) raised to match.
 */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** Header values other than ids: bounded, printable ASCII (CloudEvents attributes are URIs and tokens). */
export const MAX_HEADER_LENGTH = 2_048;
const PRINTABLE = /^[\x21-\x7e]+$/;

export function isPrintableToken(value: string, max = MAX_HEADER_LENGTH): boolean {
  return value.length <= max && PRINTABLE.test(value);
}

/** Any header value we read: non-empty, bounded, no control characters. */
export function isHeaderText(value: string): boolean {
  // Control characters are what we mean to refuse (header injection, log forging).
  // eslint-disable-next-line no-control-regex
  return value.length > 0 && value.length <= MAX_HEADER_LENGTH && !/[\x00-\x1f\x7f]/.test(value);
}

export function isTimestamp(value: string): boolean {
  return value.length <= 64 && Timestamp.safeParse(value).success;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[\x21-\x7e]*)?$/;

/**
 * W3C Trace Context `traceparent`: version ff is invalid, version 00 has exactly four fields, and the
 * trace and parent ids are not all zeros. A consumer ignores an invalid one (it starts a new trace).
 */
export function isTraceparent(value: string): boolean {
  if (value.length > 512) return false;
  const match = TRACEPARENT.exec(value);
  if (match === null) return false;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return false;
  return !/^0+$/.test(traceId ?? '') && !/^0+$/.test(parentId ?? '');
}
