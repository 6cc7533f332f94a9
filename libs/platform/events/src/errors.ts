import { HeadendError } from '@headend/ports';

export const EventErrorCode = {
  InvalidEvent: 'HEADEND_INVALID_EVENT',
} as const;

/**
 * An event that does not satisfy its schema was about to be written (a bug in the producer, or device
 * data beyond the catalogue's caps that the producer should have refused). `path` locates the problem.
 */
export class InvalidEventError extends HeadendError {
  readonly code = EventErrorCode.InvalidEvent;

  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`invalid event at ${path === '' ? '(root)' : path}: ${problem}`);
  }
}

export function isInvalidEvent(error: unknown): error is InvalidEventError {
  return error instanceof InvalidEventError;
}

/** Why a consumed record could not be read. Stable strings: consumers count and alert on them. */
export type DecodeErrorCode =
  | 'not-a-record'
  | 'missing-header'
  | 'invalid-header'
  | 'unsupported-specversion'
  | 'unsupported-content-type'
  | 'unknown-type'
  | 'wrong-topic'
  | 'too-large'
  | 'invalid-encoding'
  | 'invalid-json'
  | 'invalid-data'
  | 'upcast-failed'
  | 'key-mismatch'
  | 'subject-mismatch'
  | 'id-mismatch';

export interface DecodeError {
  readonly code: DecodeErrorCode;
  readonly detail: string;
}
