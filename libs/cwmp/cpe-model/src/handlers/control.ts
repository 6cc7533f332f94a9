import type {
  ChangeDUState,
  GetOptions,
  OperationStruct,
  OpResultStruct,
  Reboot,
  ScheduleInform,
} from '@headend/cwmp-codec';
import { formatDateTime } from '@headend/cwmp-codec';
import { randomUuid } from '../identity.js';
import type { CpeState, DeploymentUnit } from '../state.js';
import { ACS_RPC_NAMES, withEvent } from '../state.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { fault } from './context.js';

/** TR-069 A.3.1.1: the methods this device supports. */
export function getRpcMethods(state: CpeState): HandlerResult {
  const methodList = ACS_RPC_NAMES.filter((m) => state.config.supportedRpcs.has(m));
  return { state, response: { type: 'GetRPCMethodsResponse', methodList } };
}

/** TR-069 A.3.2.9: the device reboots once the session has ended, then reports 1 BOOT + M Reboot. */
export function reboot(state: CpeState, req: Reboot): HandlerResult {
  return {
    state: { ...state, afterSession: { ...state.afterSession, reboot: { commandKey: req.commandKey } } },
    response: { type: 'RebootResponse' },
  };
}

/** TR-069 A.4.1.6: after the session, back to the initial tree, then 0 BOOTSTRAP + 1 BOOT. */
export function factoryReset(state: CpeState): HandlerResult {
  return {
    state: { ...state, afterSession: { ...state.afterSession, factoryReset: true } },
    response: { type: 'FactoryResetResponse' },
  };
}

/** TR-069 A.4.1.2: a session with 3 SCHEDULED + M ScheduleInform after DelaySeconds (> 0). */
export function scheduleInform(state: CpeState, req: ScheduleInform, ctx: HandlerContext): HandlerResult {
  if (req.delaySeconds <= 0) return fault(state, 9003, 'DelaySeconds must be greater than 0');
  const entry = { at: ctx.now + req.delaySeconds * 1000, commandKey: req.commandKey };
  return {
    state: { ...state, scheduledInforms: [...state.scheduledInforms, entry] },
    response: { type: 'ScheduleInformResponse' },
  };
}

interface DuOutcome {
  readonly units: readonly DeploymentUnit[];
  readonly result: OpResultStruct;
}

function applyOperation(
  state: CpeState,
  units: readonly DeploymentUnit[],
  op: OperationStruct,
  ctx: HandlerContext,
): DuOutcome {
  const time = formatDateTime(new Date(ctx.now));
  const ref = (uuid: string): string => {
    const index = units.findIndex((u) => u.uuid === uuid);
    return index < 0 ? '' : `${state.tree.base.root}SoftwareModules.DeploymentUnit.${index + 1}`;
  };
  const result = (uuid: string, version: string, currentState: string, faultCode = 0): OpResultStruct => ({
    uuid,
    deploymentUnitRef: faultCode === 0 ? ref(uuid) : '',
    version,
    currentState,
    resolved: faultCode === 0,
    executionUnitRefList: '',
    startTime: time,
    completeTime: time,
    fault: { faultCode, faultString: faultCode === 0 ? '' : `DU operation failed (${faultCode})` },
  });
  switch (op.operation) {
    case 'Install': {
      const uuid = op.uuid ?? randomUuid(ctx.random);
      if (units.some((u) => u.uuid === uuid)) return { units, result: result(uuid, '', 'Failed', 9026) };
      const next = [...units, { uuid, url: op.url, version: '1.0' }];
      return {
        units: next,
        result: {
          ...result(uuid, '1.0', 'Installed'),
          deploymentUnitRef: `${state.tree.base.root}SoftwareModules.DeploymentUnit.${next.length}`,
        },
      };
    }
    case 'Update': {
      const unit = units.find((u) => u.uuid === op.uuid);
      if (unit === undefined) return { units, result: result(op.uuid ?? '', '', 'Failed', 9028) };
      const version = op.version ?? `${unit.version}.1`;
      const next = units.map((u) => (u === unit ? { ...u, version, url: op.url ?? u.url } : u));
      return { units: next, result: result(unit.uuid, version, 'Installed') };
    }
    case 'Uninstall': {
      const unit = units.find((u) => u.uuid === op.uuid);
      if (unit === undefined) return { units, result: result(op.uuid, '', 'Failed', 9028) };
      const outcome = result(unit.uuid, unit.version, 'Uninstalled');
      return { units: units.filter((u) => u !== unit), result: outcome };
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

/**
 * TR-069 A.4.1.10: the operations are carried out at once and reported in a later session with
 * DUStateChangeComplete (11 DU STATE CHANGE COMPLETE + M ChangeDUState).
 */
export function changeDuState(state: CpeState, req: ChangeDUState, ctx: HandlerContext): HandlerResult {
  if (req.operations.length === 0) return fault(state, 9003, 'no operation');
  let units = state.deploymentUnits;
  const results: OpResultStruct[] = [];
  for (const op of req.operations) {
    const outcome = applyOperation(state, units, op, ctx);
    units = outcome.units;
    results.push(outcome.result);
  }
  const commandKey = req.commandKey ?? '';
  const events = withEvent(
    withEvent(state.events, '11 DU STATE CHANGE COMPLETE'),
    'M ChangeDUState',
    commandKey,
  );
  return {
    state: {
      ...state,
      deploymentUnits: units,
      duResults: [...state.duResults, { commandKey, results }],
      events,
    },
    response: { type: 'ChangeDUStateResponse' },
  };
}

/** TR-069 A.4.1.4 (deprecated). */
export function getOptions(state: CpeState, req: GetOptions): HandlerResult {
  const optionList = state.config.options.filter(
    (o) => req.optionName === '' || o.optionName === req.optionName,
  );
  return { state, response: { type: 'GetOptionsResponse', optionList } };
}

/** TR-069 A.4.1.3 (deprecated): vouchers are accepted without being checked. */
export function setVouchers(state: CpeState): HandlerResult {
  return { state, response: { type: 'SetVouchersResponse' } };
}
