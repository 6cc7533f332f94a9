import type { SetParameterValuesFault } from '@headend/cwmp-codec';
import { cwmpFault, faultDefinition } from '@headend/cwmp-codec';
import type { CpeState, InjectedFault } from '../state.js';
import type { AcsRequest } from './dispatch.js';
import type { HandlerResult } from './context.js';

/** The parameter and object names a request touches (the URL for transfers); [] when it names none. */
export function namesOf(req: AcsRequest): readonly string[] {
  switch (req.type) {
    case 'GetParameterValues':
    case 'GetParameterAttributes':
      return req.parameterNames;
    case 'SetParameterValues':
    case 'SetParameterAttributes':
      return req.parameterList.map((p) => p.name);
    case 'GetParameterNames':
      return [req.parameterPath];
    case 'AddObject':
    case 'DeleteObject':
      return [req.objectName];
    case 'Download':
    case 'ScheduleDownload':
    case 'Upload':
      return [req.url];
    case 'GetRPCMethods':
    case 'Reboot':
    case 'FactoryReset':
    case 'ScheduleInform':
    case 'GetQueuedTransfers':
    case 'GetAllQueuedTransfers':
    case 'CancelTransfer':
    case 'ChangeDUState':
    case 'GetOptions':
    case 'SetVouchers':
      return [];
    default: {
      const never: never = req;
      return never;
    }
  }
}

/**
 * Whether a requested name touches an injection's path: the same name, a name below a partial path,
 * or a partial path (or '', the whole tree) above it.
 */
export function touches(name: string, path: string): boolean {
  if (name === path || name === '') return true;
  if (path.endsWith('.') && name.startsWith(path)) return true;
  return name.endsWith('.') && path.startsWith(name);
}

function matches(rule: InjectedFault, fired: number, req: AcsRequest): boolean {
  if (rule.method !== req.type || (rule.times !== undefined && fired >= rule.times)) return false;
  const { path } = rule;
  return path === undefined || namesOf(req).some((name) => touches(name, path));
}

function faultText(code: number): string {
  return faultDefinition(code)?.text ?? `Fault ${code}`;
}

/**
 * The injected fault this request draws, if any: the first matching rule fires, its count grows, and
 * nothing else of the request is applied. SetParameterValues answers as real CPEs do, 9003 with one
 * SetParameterValuesFault entry (carrying the injected code) per parameter the rule covers; every
 * other method with a plain fault of the injected code.
 */
export function injectedFault(state: CpeState, req: AcsRequest): HandlerResult | undefined {
  const rules = state.config.injectedFaults;
  const index = rules.findIndex((rule, i) => matches(rule, state.faultsInjected[i] ?? 0, req));
  const rule = rules[index];
  if (rule === undefined) return undefined;
  const faultsInjected = rules.map((_, i) => (state.faultsInjected[i] ?? 0) + (i === index ? 1 : 0));
  const next: CpeState = { ...state, faultsInjected };
  if (req.type === 'SetParameterValues') {
    const entries: SetParameterValuesFault[] = req.parameterList
      .filter((p) => rule.path === undefined || touches(p.name, rule.path))
      .map((p) => ({ parameterName: p.name, faultCode: rule.code, faultString: faultText(rule.code) }));
    if (entries.length > 0) {
      return { state: next, response: cwmpFault(9003, { setParameterValuesFault: entries }) };
    }
  }
  return { state: next, response: cwmpFault(rule.code) };
}
