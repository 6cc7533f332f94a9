/** A SOAP Fault carrying a cwmp:Fault detail (TR-069 A.2.2.1, A.5). Either side may send one. */

export interface SetParameterValuesFault {
  readonly parameterName: string;
  readonly faultCode: number;
  readonly faultString?: string | undefined;
}

export interface CwmpFaultDetail {
  readonly faultCode: number;
  readonly faultString?: string | undefined;
  /** Only in a fault answering SetParameterValues; one entry per rejected parameter. */
  readonly setParameterValuesFault: readonly SetParameterValuesFault[];
}

export interface Fault {
  readonly type: 'Fault';
  /** SOAP faultcode, 'Client' or 'Server' in CWMP (a prefix, if sent, is dropped). */
  readonly faultcode: string;
  /** SOAP faultstring, 'CWMP fault' in CWMP. */
  readonly faultstring: string;
  /** The cwmp:Fault detail; undefined when a peer sent a plain SOAP fault. */
  readonly detail?: CwmpFaultDetail | undefined;
}
