import type { AcsRpcName, InjectedFault } from '@headend/cpe-model';
import { ACS_RPC_NAMES } from '@headend/cpe-model';

/** CPE fault codes: 9000-9799 standard or reserved, 9800-9899 vendor (TR-069 A.5.1). */
const MIN_CODE = 9000;
const MAX_CODE = 9899;

const SPEC = /^([A-Za-z]+)(?::(.+))?=(\d{4})(?:x(\d+))?$/;

const isAcsRpc = (name: string): name is AcsRpcName => (ACS_RPC_NAMES as readonly string[]).includes(name);

/**
 * Reads `METHOD[:PATH]=CODE[xTIMES]`, e.g.
 * `SetParameterValues:InternetGatewayDevice.ManagementServer.PeriodicInformInterval=9002x1`.
 * Returns the injection, or why the text is not one.
 */
export function parseFaultSpec(text: string): InjectedFault | string {
  const m = SPEC.exec(text.trim());
  if (m === null) return `"${text}" is not METHOD[:PATH]=CODE[xTIMES]`;
  const [, method = '', path, code, times] = m;
  if (!isAcsRpc(method)) return `"${method}" is not an ACS method (${ACS_RPC_NAMES.join(', ')})`;
  const faultCode = Number(code);
  if (faultCode < MIN_CODE || faultCode > MAX_CODE) {
    return `fault code ${code} is not a CPE fault code (${MIN_CODE}-${MAX_CODE})`;
  }
  const count = times === undefined ? undefined : Number(times);
  if (count === 0) return 'xTIMES must be at least 1 (leave it out to fault every time)';
  return {
    method,
    code: faultCode,
    ...(path === undefined ? {} : { path }),
    ...(count === undefined ? {} : { times: count }),
  };
}
