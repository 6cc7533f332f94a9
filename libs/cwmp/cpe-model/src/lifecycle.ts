import type { DUStateChangeComplete, TransferComplete } from '@headend/cwmp-codec';
import { formatDateTime } from '@headend/cwmp-codec';
import type { DeviceIdentity } from './identity.js';
import type { RandomSource } from './random.js';
import type { RetryPolicy } from './retry.js';
import { DEFAULT_RETRY_POLICY, retryWaitSeconds } from './retry.js';
import type {
  CpeConfig,
  CpeState,
  DuChangeResult,
  InitiatedMessage,
  InitiatedRequest,
  Transfer,
  TransferResult,
} from './state.js';
import { CONFIG_FILE_TYPE, DEFAULT_CPE_CONFIG, FIRMWARE_FILE_TYPE, withEvent } from './state.js';
import type { BaseTree } from './tree.js';
import { deviceTreeOf, valueAt, withValues } from './tree.js';

export interface CreateCpeOptions {
  readonly base: BaseTree;
  readonly identity: DeviceIdentity;
  readonly config?: Partial<CpeConfig>;
  /** Values that make this device itself (serial number, connection request URL and credentials ...). */
  readonly values?: ReadonlyMap<string, string>;
  readonly now: number;
}

/** A device on its very first start: it will report 0 BOOTSTRAP and 1 BOOT. */
export function createCpe(options: CreateCpeOptions): CpeState {
  const values = new Map(options.values);
  values.set(`${options.base.root}DeviceInfo.SerialNumber`, options.identity.serialNumber);
  const tree = withValues(deviceTreeOf(options.base), values);
  return {
    identity: options.identity,
    config: { ...DEFAULT_CPE_CONFIG, ...options.config },
    tree,
    initialTree: tree,
    bootstrapped: false,
    bootedAt: options.now,
    events: [
      { eventCode: '0 BOOTSTRAP', commandKey: '' },
      { eventCode: '1 BOOT', commandKey: '' },
    ],
    valueChanges: [],
    transfers: [],
    transferResults: [],
    duResults: [],
    initiatedRequests: [],
    deploymentUnits: [],
    scheduledInforms: [],
    instanceHighWater: new Map(),
    afterSession: {},
    retryCount: 0,
    faultsInjected: [],
  };
}

/** The device restarts at `at` and is silent for bootSeconds; then it reports 1 BOOT. */
function rebooted(state: CpeState, at: number, events = state.events): CpeState {
  return { ...state, events: withEvent(events, '1 BOOT'), bootedAt: at + state.config.bootSeconds * 1000 };
}

/** Software version a firmware image brings: by convention its file name without extension. */
export function firmwareVersionOf(url: string, previous: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const file = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)).replace(/\.[A-Za-z0-9]+$/, '');
  return file === '' ? `${previous}-upgraded` : file;
}

function completeTransfer(state: CpeState, t: Transfer): CpeState {
  const result: TransferResult = {
    commandKey: t.commandKey,
    faultCode: t.faultCode,
    faultString: t.faultCode === 0 ? '' : `File transfer failed (${t.faultCode})`,
    startTime: formatDateTime(new Date(t.startAt)),
    completeTime: formatDateTime(new Date(t.completeAt)),
  };
  const events = withEvent(withEvent(state.events, '7 TRANSFER COMPLETE'), `M ${t.method}`, t.commandKey);
  const next: CpeState = { ...state, events, transferResults: [...state.transferResults, result] };
  if (t.kind !== 'download' || t.faultCode !== 0) return next;
  if (t.fileType === FIRMWARE_FILE_TYPE) {
    const path = `${state.tree.base.root}DeviceInfo.SoftwareVersion`;
    const version = firmwareVersionOf(t.url, valueAt(state.tree, path) ?? '');
    return rebooted({ ...next, tree: withValues(next.tree, new Map([[path, version]])) }, t.completeAt);
  }
  return t.fileType === CONFIG_FILE_TYPE ? rebooted(next, t.completeAt) : next;
}

/** Lets time pass: finishes due transfers and turns due ScheduleInforms into events. */
export function advance(state: CpeState, now: number): CpeState {
  let next = state;
  const due = state.transfers.filter((t) => t.completeAt <= now).sort((a, b) => a.completeAt - b.completeAt);
  if (due.length > 0) {
    next = { ...next, transfers: state.transfers.filter((t) => t.completeAt > now) };
    for (const t of due) next = completeTransfer(next, t);
  }
  const informs = state.scheduledInforms.filter((s) => s.at <= now);
  if (informs.length > 0) {
    let events = withEvent(next.events, '3 SCHEDULED');
    for (const s of informs) events = withEvent(events, 'M ScheduleInform', s.commandKey);
    next = { ...next, events, scheduledInforms: state.scheduledInforms.filter((s) => s.at > now) };
  }
  return next;
}

/** When something will happen on its own (a transfer ends, a scheduled Inform, the end of a boot). */
export function nextDueAt(state: CpeState, now: number): number | undefined {
  const times = [
    ...state.transfers.map((t) => t.completeAt),
    ...state.scheduledInforms.map((s) => s.at),
    ...(state.bootedAt > now ? [state.bootedAt] : []),
  ];
  return times.length === 0 ? undefined : Math.min(...times);
}

export function isBooting(state: CpeState, now: number): boolean {
  return now < state.bootedAt;
}

/** Whether the device has something to report and is up to report it. */
export function wantsSession(state: CpeState, now: number): boolean {
  return !isBooting(state, now) && state.events.length > 0;
}

/** Asks for a session with an event such as '2 PERIODIC' or '6 CONNECTION REQUEST'. */
export function withSessionEvent(state: CpeState, eventCode: string): CpeState {
  return { ...state, events: withEvent(state.events, eventCode) };
}

/** A request the device itself sends in a session, and the record it delivers. */
export type CpeRequest =
  | { readonly message: TransferComplete; readonly source: TransferResult }
  | { readonly message: DUStateChangeComplete; readonly source: DuChangeResult }
  | { readonly message: InitiatedMessage; readonly source: InitiatedRequest };

/** What the device sends after the InformResponse, in order: transfer and DU reports, then its own requests. */
export function pendingCpeRequests(state: CpeState): CpeRequest[] {
  return [
    ...state.transferResults.map((source) => ({
      source,
      message: {
        type: 'TransferComplete' as const,
        commandKey: source.commandKey,
        faultStruct: { faultCode: source.faultCode, faultString: source.faultString },
        startTime: source.startTime,
        completeTime: source.completeTime,
      },
    })),
    ...state.duResults.map((source) => ({
      source,
      message: {
        type: 'DUStateChangeComplete' as const,
        results: source.results,
        commandKey: source.commandKey,
      },
    })),
    ...state.initiatedRequests.map((source) => ({ source, message: source.message })),
  ];
}

/** The ACS answered the request: its record is delivered and dropped. */
export function requestDelivered(state: CpeState, request: CpeRequest): CpeState {
  return {
    ...state,
    transferResults: state.transferResults.filter((r) => r !== request.source),
    duResults: state.duResults.filter((r) => r !== request.source),
    initiatedRequests: state.initiatedRequests.filter((r) => r !== request.source),
  };
}

/** InformResponse received: the events sent are delivered (TR-069 3.7.1.5). */
export function informAccepted(
  state: CpeState,
  sent: { readonly event: readonly { eventCode: string; commandKey: string }[] },
): CpeState {
  const delivered = (e: { eventCode: string; commandKey: string }): boolean =>
    sent.event.some((s) => s.eventCode === e.eventCode && s.commandKey === e.commandKey);
  return {
    ...state,
    events: state.events.filter((e) => !delivered(e)),
    valueChanges: [],
    bootstrapped: state.bootstrapped || sent.event.some((e) => e.eventCode === '0 BOOTSTRAP'),
  };
}

/** What the device does once a session is over, whether or not it succeeded: reboot or reset. */
function afterSession(state: CpeState, now: number): CpeState {
  const { reboot, factoryReset } = state.afterSession;
  const next: CpeState = { ...state, afterSession: {} };
  if (factoryReset === true) {
    return {
      ...next,
      tree: state.initialTree,
      bootstrapped: false,
      events: withEvent(withEvent([], '0 BOOTSTRAP'), '1 BOOT'),
      valueChanges: [],
      transfers: [],
      transferResults: [],
      duResults: [],
      initiatedRequests: [],
      deploymentUnits: [],
      scheduledInforms: [],
      instanceHighWater: new Map(),
      bootedAt: now + state.config.bootSeconds * 1000,
    };
  }
  if (reboot !== undefined) return rebooted(next, now, withEvent(next.events, 'M Reboot', reboot.commandKey));
  return next;
}

/**
 * The session ended normally. Requests the ACS did not take (it may end a session before the CPE
 * could send them) keep their event, so another session follows.
 */
export function sessionSucceeded(state: CpeState, now: number): CpeState {
  let events = state.events;
  if (state.transferResults.length > 0) events = withEvent(events, '7 TRANSFER COMPLETE');
  if (state.duResults.length > 0) events = withEvent(events, '11 DU STATE CHANGE COMPLETE');
  for (const r of state.initiatedRequests) events = withEvent(events, r.eventCode);
  return afterSession({ ...state, events, retryCount: 0 }, now);
}

/**
 * The session failed: the retry count grows and the next attempt waits per the TR-069 table, or
 * longer when the ACS asked for it (Retry-After).
 */
export function sessionFailed(
  state: CpeState,
  now: number,
  random: RandomSource,
  options: { readonly retryAfterSeconds?: number; readonly policy?: RetryPolicy } = {},
): { readonly state: CpeState; readonly retryAt: number } {
  const retryCount = state.retryCount + 1;
  const wait = Math.max(
    retryWaitSeconds(retryCount, random, options.policy ?? DEFAULT_RETRY_POLICY),
    options.retryAfterSeconds ?? 0,
  );
  const next = afterSession({ ...state, retryCount }, now);
  return { state: next, retryAt: Math.max(now + wait * 1000, next.bootedAt) };
}

/** PeriodicInformInterval in seconds, or undefined when periodic Informs are off or not set. */
export function periodicInformInterval(state: CpeState): number | undefined {
  const ms = `${state.tree.base.root}ManagementServer.`;
  const enabled = valueAt(state.tree, `${ms}PeriodicInformEnable`);
  if (enabled === 'false' || enabled === '0') return undefined;
  const interval = Number(valueAt(state.tree, `${ms}PeriodicInformInterval`) ?? '');
  return Number.isInteger(interval) && interval > 0 ? interval : undefined;
}
