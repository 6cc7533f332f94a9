/**
 * Platform errors: a small catalogue with stable codes. Apps map them to an HTTP status, a gRPC
 * status or a CWMP fault at the edge; libraries only throw them.
 */

export type Backend = 'kafka' | 'redis' | 'mongodb';

export const PlatformErrorCode = {
  BackendUnavailable: 'HEADEND_BACKEND_UNAVAILABLE',
  DuplicateKey: 'HEADEND_DUPLICATE_KEY',
  InvalidConfig: 'HEADEND_INVALID_CONFIG',
  Closed: 'HEADEND_CLOSED',
  DocumentRefused: 'HEADEND_DOCUMENT_REFUSED',
} as const;
export type PlatformErrorCode = (typeof PlatformErrorCode)[keyof typeof PlatformErrorCode];

export abstract class HeadendError extends Error {
  abstract readonly code: string;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A backing service could not be reached or did not acknowledge: retry later (HTTP 503, gRPC UNAVAILABLE). */
export class BackendUnavailableError extends HeadendError {
  readonly code = PlatformErrorCode.BackendUnavailable;

  constructor(
    readonly backend: Backend,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A unique index refused a write (HTTP 409, gRPC ALREADY_EXISTS). */
export class DuplicateKeyError extends HeadendError {
  readonly code = PlatformErrorCode.DuplicateKey;

  constructor(
    readonly collection: string,
    options?: { cause?: unknown },
  ) {
    super(`a document with the same unique key already exists in "${collection}"`, options);
  }
}

/**
 * The store refused this document for what it is (too large, a shape it cannot hold): writing it
 * again will fail again. Not for an unavailable server (BackendUnavailableError).
 */
export class DocumentRefusedError extends HeadendError {
  readonly code = PlatformErrorCode.DocumentRefused;

  constructor(
    readonly collection: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`"${collection}" refused the document: ${reason}`, options);
  }
}

/** Configuration or environment is invalid; `variable` names what to fix. */
export class InvalidConfigError extends HeadendError {
  readonly code = PlatformErrorCode.InvalidConfig;

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

/** The adapter was closed; the call was not performed. */
export class ClosedError extends HeadendError {
  readonly code = PlatformErrorCode.Closed;

  constructor(what: string) {
    super(`${what} is closed`);
  }
}

export function isBackendUnavailable(error: unknown): error is BackendUnavailableError {
  return error instanceof BackendUnavailableError;
}

export function isDuplicateKey(error: unknown): error is DuplicateKeyError {
  return error instanceof DuplicateKeyError;
}

export function isInvalidConfig(error: unknown): error is InvalidConfigError {
  return error instanceof InvalidConfigError;
}

export function isDocumentRefused(error: unknown): error is DocumentRefusedError {
  return error instanceof DocumentRefusedError;
}
