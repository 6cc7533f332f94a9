export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

const CWMP_PREFIX = 'urn:dslforum-org:cwmp-1-';

/** A CWMP namespace URI, `urn:dslforum-org:cwmp-1-N`. */
export type CwmpNamespace = `urn:dslforum-org:cwmp-1-${number}`;

export type CwmpVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4';

/** The namespace each version's devices use (the 1.3/1.4 schemas themselves keep cwmp-1-2). */
export const CWMP_NAMESPACES: Readonly<Record<CwmpVersion, CwmpNamespace>> = Object.freeze({
  '1.0': 'urn:dslforum-org:cwmp-1-0',
  '1.1': 'urn:dslforum-org:cwmp-1-1',
  '1.2': 'urn:dslforum-org:cwmp-1-2',
  '1.3': 'urn:dslforum-org:cwmp-1-3',
  '1.4': 'urn:dslforum-org:cwmp-1-4',
});

/** N of `urn:dslforum-org:cwmp-1-N`, or undefined for any other URI. */
export function cwmpMinorVersion(ns: string): number | undefined {
  if (!ns.startsWith(CWMP_PREFIX)) return undefined;
  const digits = ns.slice(CWMP_PREFIX.length);
  return /^\d{1,3}$/.test(digits) ? Number(digits) : undefined;
}

export function isCwmpNamespace(ns: string): ns is CwmpNamespace {
  return cwmpMinorVersion(ns) !== undefined;
}

/** Unprefixed (the schemas' elementFormDefault) or, as some CPEs write them, in a cwmp namespace. */
export function isCwmpChildNamespace(ns: string): boolean {
  return ns === '' || ns.startsWith(CWMP_PREFIX);
}

/** '1.0'...'1.4' for the known namespaces; undefined for another cwmp-1-N. */
export function cwmpVersionOf(ns: CwmpNamespace): CwmpVersion | undefined {
  const minor = cwmpMinorVersion(ns);
  return minor !== undefined && minor <= 4 ? (`1.${minor}` as CwmpVersion) : undefined;
}

/** XML Schema namespaces, including the pre-2001 drafts old CPE stacks still declare. */
export function isXsdNamespace(ns: string): boolean {
  return (
    ns === XSD_NS || ns === 'http://www.w3.org/1999/XMLSchema' || ns === 'http://www.w3.org/2000/10/XMLSchema'
  );
}

export function isXsiNamespace(ns: string): boolean {
  return (
    ns === XSI_NS ||
    ns === 'http://www.w3.org/1999/XMLSchema-instance' ||
    ns === 'http://www.w3.org/2000/10/XMLSchema-instance'
  );
}

/** Where attributes like mustUnderstand or arrayType may live: real CPEs bind either SOAP namespace. */
export function isSoapNamespace(ns: string): boolean {
  return ns === SOAP_ENV_NS || ns === SOAP_ENC_NS;
}
