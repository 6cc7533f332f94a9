import type { Fault, SetParameterValuesFault } from './messages/fault.js';

/**
 * The CWMP fault code catalogue (TR-069 A.5.1 / A.5.2), from cwmp-1-2.xsd and cwmp-1-4.xsd via
 * cwmp-constants.json. `soapFaultcode` for CPE faults is implementation-derived (icwmp), and for ACS
 * faults follows the same rule (invalid arguments is the client's fault, the rest the server's);
 * neither is confirmed against the TR-069 text.
 */
export interface FaultDefinition {
  readonly code: number;
  readonly text: string;
  /** Who raises it: the ACS (8xxx) or the CPE (9xxx). */
  readonly raisedBy: 'acs' | 'cpe';
  readonly soapFaultcode: 'Client' | 'Server';
}

const acs = (code: number, text: string, soapFaultcode: 'Client' | 'Server' = 'Server'): FaultDefinition => ({
  code,
  text,
  raisedBy: 'acs',
  soapFaultcode,
});
const cpe = (code: number, text: string, soapFaultcode: 'Client' | 'Server' = 'Server'): FaultDefinition => ({
  code,
  text,
  raisedBy: 'cpe',
  soapFaultcode,
});

export const FAULT_CODES: readonly FaultDefinition[] = Object.freeze([
  acs(8000, 'Method not supported'),
  acs(8001, 'Request denied (no reason specified)'),
  acs(8002, 'Internal error'),
  acs(8003, 'Invalid arguments', 'Client'),
  acs(8004, 'Resources exceeded'),
  acs(8005, 'Retry request'),
  acs(8006, 'ACS version incompatible with CPE'),
  cpe(9000, 'Method not supported'),
  cpe(9001, 'Request denied (no reason specified)'),
  cpe(9002, 'Internal error'),
  cpe(9003, 'Invalid arguments', 'Client'),
  cpe(9004, 'Resources exceeded'),
  cpe(9005, 'Invalid parameter name', 'Client'),
  cpe(9006, 'Invalid parameter type', 'Client'),
  cpe(9007, 'Invalid parameter value', 'Client'),
  cpe(9008, 'Attempt to set a non-writable parameter', 'Client'),
  cpe(9009, 'Notification request rejected'),
  cpe(9010, 'File transfer failure'),
  cpe(9011, 'Upload failure'),
  cpe(9012, 'File transfer server authentication failure'),
  cpe(9013, 'Unsupported protocol for file transfer'),
  cpe(9014, 'File transfer failure: unable to join multicast group'),
  cpe(9015, 'File transfer failure: unable to contact file server'),
  cpe(9016, 'File transfer failure: unable to access file'),
  cpe(9017, 'File transfer failure: unable to complete download'),
  cpe(9018, 'File transfer failure: file corrupted'),
  cpe(9019, 'File transfer failure: file authentication failure'),
  cpe(9020, 'File transfer failure: unable to complete download within specified time windows'),
  cpe(9021, 'Cancelation of file transfer not permitted in current transfer state'),
  cpe(9022, 'Invalid UUID Format'),
  cpe(9023, 'Unknown Execution Environment'),
  cpe(9024, 'Disabled Execution Environment'),
  cpe(9025, 'Deployment Unit to Execution Environment Mismatch'),
  cpe(9026, 'Duplicate Deployment Unit'),
  cpe(9027, 'System Resources Exceeded'),
  cpe(9028, 'Unknown Deployment Unit'),
  cpe(9029, 'Invalid Deployment Unit State'),
  cpe(9030, 'Invalid Deployement Unit Update \u2013 Downgrade not permitted'),
  cpe(9031, 'Invalid Deployement Unit Update \u2013 Version not specified'),
  cpe(9032, 'Invalid Deployment Unit Update \u2013 Version already exists'),
]);

/** The code ranges of cwmp-1-2.xsd: standard (incl. reserved for future use) and vendor-specific. */
export const FAULT_CODE_RANGES = Object.freeze({
  acsStandard: [8000, 8799],
  acsVendor: [8800, 8899],
  cpeStandard: [9000, 9799],
  cpeVendor: [9800, 9899],
} as const);

const BY_CODE = new Map<number, FaultDefinition>(FAULT_CODES.map((f) => [f.code, f]));

export type FaultCodeClass = 'standard' | 'reserved' | 'vendor' | 'invalid';

export function faultDefinition(code: number): FaultDefinition | undefined {
  return BY_CODE.get(code);
}

/** standard (in the catalogue), reserved (in a standard range, not yet assigned), vendor, or invalid. */
export function classifyFaultCode(code: number): FaultCodeClass {
  if (BY_CODE.has(code)) return 'standard';
  const inRange = (r: readonly [number, number]): boolean =>
    Number.isInteger(code) && code >= r[0] && code <= r[1];
  if (inRange(FAULT_CODE_RANGES.acsVendor) || inRange(FAULT_CODE_RANGES.cpeVendor)) return 'vendor';
  if (inRange(FAULT_CODE_RANGES.acsStandard) || inRange(FAULT_CODE_RANGES.cpeStandard)) return 'reserved';
  return 'invalid';
}

/**
 * A SOAP Fault message with a cwmp:Fault detail, its texts taken from the catalogue unless given.
 * Vendor codes need `faultString`; `Server` is used as their SOAP faultcode unless `soapFaultcode` says otherwise.
 */
export function cwmpFault(
  code: number,
  options: {
    readonly faultString?: string;
    readonly soapFaultcode?: 'Client' | 'Server';
    readonly setParameterValuesFault?: readonly SetParameterValuesFault[];
  } = {},
): Fault {
  const known = BY_CODE.get(code);
  return {
    type: 'Fault',
    faultcode: options.soapFaultcode ?? known?.soapFaultcode ?? 'Server',
    faultstring: 'CWMP fault',
    detail: {
      faultCode: code,
      faultString: options.faultString ?? known?.text ?? `Fault ${code}`,
      setParameterValuesFault: options.setParameterValuesFault ?? [],
    },
  };
}
