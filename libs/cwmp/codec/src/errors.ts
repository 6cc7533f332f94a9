import type { EnvelopeHeaderInfo } from './soap/header.js';

/** Why a decode failed. Each code maps to a CWMP fault code at the edge (see faultCodeFor). */
export const DECODE_ERROR_CODES = {
  INPUT_TOO_LARGE: 'the input is larger than maxBytes',
  DTD_FORBIDDEN: 'the input contains a DOCTYPE, ENTITY or other markup declaration',
  TOO_DEEP: 'elements nest deeper than maxDepth',
  TOO_MANY_ELEMENTS: 'the input has more than maxElements elements',
  TOO_MANY_ATTRIBUTES: 'an element has more than maxAttributesPerElement attributes',
  UNSUPPORTED_ENCODING: 'the declared character encoding is not supported',
  INVALID_UTF8: 'the bytes are not valid UTF-8 (only with invalidUtf8: "reject")',
  NOT_XML: 'the input is not XML',
  XML_MALFORMED: 'the input is not well-formed XML (with namespaces)',
  XML_TRUNCATED: 'the input ends before the document does',
  NOT_SOAP_ENVELOPE: 'the root element is not a SOAP 1.1 Envelope',
  MISSING_BODY: 'the SOAP Envelope has no Body',
  NOT_CWMP: 'the Body element is neither a SOAP Fault nor in a urn:dslforum-org:cwmp-1-N namespace',
  UNKNOWN_METHOD: 'the Body element names no CWMP method this library knows',
  INTERNAL_ERROR: 'the decoder failed unexpectedly (a bug; please report the input)',
} as const;

export type DecodeErrorCode = keyof typeof DECODE_ERROR_CODES;

export interface DecodeError {
  readonly code: DecodeErrorCode;
  readonly detail: string;
  /** The CWMP fault code an answering peer would use (ACS 8xxx or CPE 9xxx, from the `role` option). */
  readonly faultCode: number;
  /** What was learnt of the envelope before the failure, so a fault can echo cwmp:ID in the right namespace. */
  readonly envelope?: EnvelopeHeaderInfo;
  /** The method element's local name, for UNKNOWN_METHOD. */
  readonly method?: string;
}

export type DecodeRole = 'acs' | 'cpe';

const RESOURCE_ERRORS: ReadonlySet<DecodeErrorCode> = new Set([
  'INPUT_TOO_LARGE',
  'TOO_DEEP',
  'TOO_MANY_ELEMENTS',
  'TOO_MANY_ATTRIBUTES',
]);

/**
 * The CWMP fault for a decode error: method not supported (8000/9000), resources exceeded
 * (8004/9004), internal error (8002/9002), otherwise invalid arguments (8003/9003).
 */
export function faultCodeFor(code: DecodeErrorCode, role: DecodeRole): number {
  const base = role === 'acs' ? 8000 : 9000;
  if (code === 'UNKNOWN_METHOD') return base;
  if (RESOURCE_ERRORS.has(code)) return base + 4;
  if (code === 'INTERNAL_ERROR') return base + 2;
  return base + 3;
}

/** Thrown by encodeCwmp when asked to encode a value that has no valid CWMP representation. */
export class CwmpEncodeError extends Error {
  override readonly name = 'CwmpEncodeError';

  constructor(
    readonly code: 'INVALID_XML_CHARACTER' | 'INVALID_VALUE' | 'INVALID_NAMESPACE' | 'UNKNOWN_MESSAGE_TYPE',
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}
