/**
 * Quirks a decode tolerated. Each has a stable code; `path` says where (e.g. "Inform/CurrentTime").
 * Warnings are returned with each result; there is no module-level collector.
 */
export const WARNING_CODES = {
  INVALID_UTF8: 'bytes were not valid UTF-8; invalid sequences were replaced with U+FFFD',
  EMPTY_BODY: 'the SOAP Body was empty; treated as an empty message',
  MULTIPLE_BODY_ELEMENTS: 'the SOAP Body held more than one element; only the first was decoded',
  UNKNOWN_CWMP_VERSION: 'the cwmp namespace names a version this library does not know (accepted)',
  UNKNOWN_HEADER: 'a SOAP header element was not understood and was ignored',
  DEPRECATED_HEADER: 'a deprecated header element was tolerated (NoMoreRequests)',
  MISSING_ELEMENT: 'a required element was missing; a default value was used',
  UNKNOWN_ELEMENT: 'an element the message does not define was ignored',
  DUPLICATE_ELEMENT: 'an element appeared more than once; the first was kept',
  INVALID_VALUE: 'a value did not match its type; a default value was used',
  INVALID_DATETIME: 'a dateTime is not valid; its raw text is kept',
  DATETIME_WITHOUT_TIMEZONE: 'a dateTime has no time zone; its raw text is kept',
  INVALID_OUI: 'DeviceId.OUI is not six upper-case hexadecimal digits; kept as sent',
  UNKNOWN_EVENT_CODE: 'an event code matches none of the CWMP event code forms; kept as sent',
  DUPLICATE_PARAMETER: 'a parameter name is listed more than once',
  ARRAY_TYPE_MISSING: 'a SOAP array has no soap-enc:arrayType attribute',
  ARRAY_COUNT_MISMATCH: 'the count in soap-enc:arrayType differs from the number of items',
  UNRESOLVED_XSI_TYPE: 'an xsi:type prefix is not bound to a namespace; the raw type text is kept',
  UNKNOWN_FAULT_CODE: 'a fault code is outside the CWMP fault code ranges',
  FAULT_DETAIL_MISPLACED:
    'the cwmp:Fault of a SOAP fault was not at soap:Fault/detail/cwmp:Fault (or its fields were spelt otherwise); it was read where found',
} as const;

export type WarningCode = keyof typeof WARNING_CODES;

export interface CwmpWarning {
  readonly code: WarningCode;
  /** Where in the message, e.g. "Inform/ParameterList/ParameterValueStruct[3]/Value". */
  readonly path: string;
  readonly detail: string;
}

/** Collects warnings for one decode call; created per call, never shared. */
export class WarningSink {
  readonly list: CwmpWarning[] = [];

  add(code: WarningCode, path: string, detail: string): void {
    this.list.push({ code, path, detail });
  }
}
