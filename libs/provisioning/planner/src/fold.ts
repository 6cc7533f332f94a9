import type { DeviceEvent, RpcRequest, RpcResponse } from '@headend/events';
import { ensure, foldNames, markAbsent, removeSubtree, setValue } from './params.js';
import type { Origin, RecordedFault, TaskRecord } from './projection.js';
import { presetFault } from './presets.js';
import { rebooted } from './reboots.js';
import { FINAL_STATES, finishTask, retryOrFail, taskKey, updateTask } from './tasks.js';
import {
  appliedDownload,
  expireTransfers,
  hasVersionToCheck,
  transferCompleted,
  transfersAfterReset,
  versionsReported,
} from './transfers.js';
import type { Working } from './working.js';

/** Faults a retry cannot fix: the task fails at once (TR-069 fault codes). */
const PERMANENT_FAULTS: ReadonlySet<number> = new Set([9000, 9003, 9005, 9006, 9007, 9008]);

/** Folds one of the device's own events (cwmp.device-events.v1) into the working projection. */
export function foldDeviceEvent(w: Working, event: DeviceEvent): void {
  const device = w.device;
  const now = w.ctx.now;
  switch (event.type) {
    case 'InformReceived': {
      const { identity, events, parameters, sessionId } = event.data;
      device.identity = {
        oui: identity.oui,
        productClass: identity.productClass,
        serialNumber: identity.serialNumber,
        manufacturer: identity.manufacturer ?? '',
      };
      const codes = events.map((e) => e.code);
      if (device.session !== null) interrupted(w, 'the device started a new session');
      if (codes.includes('0 BOOTSTRAP')) bootstrap(w, events);
      for (const p of parameters) setValue(w.table, p.name, p.value, p.type, now);
      const first = parameters[0]?.name;
      if (first !== undefined) device.root = first.slice(0, first.indexOf('.') + 1) || device.root;
      versionsReported(w, codes);
      const crUrl = parameters.find((p) => p.name.endsWith('.ManagementServer.ConnectionRequestURL'));
      if (crUrl !== undefined) device.connectionRequestUrl = crUrl.value;
      device.lastInform = { at: now, sessionId, events: codes };
      device.registeredAt ??= now;
      for (const e of events) if (e.code === 'M Reboot') rebooted(w, e.commandKey);
      // A device that booted and names no M Reboot at all lost the command key on the way: the
      // Reboot it acknowledged is what happened.
      if (codes.includes('1 BOOT') && !codes.includes('M Reboot')) rebooted(w, '');
      expireWork(w);
      device.session = {
        id: sessionId,
        events: codes,
        startedAt: now,
        planned: 0,
        issued: [],
        inFlight: null,
        followUp: null,
        ended: false,
        suspect: [],
      };
      return;
    }
    case 'TransferCompleteReceived':
      transferCompleted(w, event.data.commandKey, event.data.fault);
      return;
    case 'RpcSent': {
      const session = device.session;
      if (session === null || session.id !== event.data.sessionId) return;
      const planned = session.inFlight;
      const same =
        planned?.rpcId === event.data.rpcId &&
        JSON.stringify(planned.request) === JSON.stringify(event.data.request);
      if (!same) {
        // Not what this planner planned (queued by a tool, or planned differently before a replay):
        // the answer is folded against what was really sent, credited to no task or preset.
        const origin: Origin = { taskId: null, presetIds: [], refresh: null, once: null };
        session.inFlight = { rpcId: event.data.rpcId, request: event.data.request, origin };
      }
      return;
    }
    case 'RpcResponded': {
      const inFlight = takeInFlight(w, event.data.sessionId, event.data.rpcId);
      if (inFlight !== null) responded(w, inFlight.request, event.data.response, inFlight.origin);
      return;
    }
    case 'RpcFaulted': {
      const inFlight = takeInFlight(w, event.data.sessionId, event.data.rpcId);
      if (inFlight === null) return;
      const fault: RecordedFault = {
        code: event.data.faultCode,
        message: event.data.faultString,
        parameters: event.data.setParameterValuesFaults.map((f) => ({
          name: f.parameterName,
          code: f.faultCode,
          message: f.faultString,
        })),
        at: now,
      };
      faulted(w, inFlight.request, fault, inFlight.origin);
      return;
    }
    case 'SessionEnded':
      if (device.session?.id === event.data.sessionId) interrupted(w, `session ended: ${event.data.outcome}`);
      return;
    case 'SessionStarted':
    case 'AutonomousTransferCompleteReceived':
    case 'RequestDownloadReceived':
    case 'DuStateChangeCompleteReceived':
    case 'AutonomousDuStateChangeCompleteReceived':
    case 'KickedReceived':
    case 'MessageRefused':
      return;
    default:
      event satisfies never;
  }
}

function takeInFlight(w: Working, sessionId: string, rpcId: string) {
  const session = w.device.session;
  if (session === null || session.id !== sessionId || session.inFlight?.rpcId !== rpcId) return null;
  const inFlight = session.inFlight;
  session.inFlight = null;
  return inFlight;
}

/** 0 BOOTSTRAP: the device was reset or is new; what the ACS believed about it no longer holds. */
function bootstrap(w: Working, events: readonly { code: string; commandKey: string }[]): void {
  const device = w.device;
  w.table.byPath.clear();
  w.table.absent.clear();
  device.refreshed = [];
  device.faults = [];
  transfersAfterReset(w, events);
}

/** The session is over (ended, or replaced by a new one): work left mid-way is retried later. */
function interrupted(w: Working, reason: string): void {
  const device = w.device;
  const session = device.session;
  device.session = null;
  const taskId = session?.inFlight?.origin.taskId ?? null;
  const task = device.tasks.find((t) => t.id === taskId && t.state === 'inProgress');
  const fault: RecordedFault = { code: 0, message: `no answer: ${reason}`, parameters: [], at: w.ctx.now };
  if (task !== undefined) retryOrFail(w, task, fault);
}

/** Drops expired tasks and transfers the device never completed. */
function expireWork(w: Working): void {
  const device = w.device;
  const now = w.ctx.now;
  for (const task of device.tasks) {
    if (!FINAL_STATES.has(task.state) && task.expiresAt !== null && task.expiresAt <= now) {
      updateTask(w, task, { state: 'expired' });
    }
  }
  // A reboot waits as long as a transfer may: a device that never comes back from it is retried.
  for (const task of device.tasks) {
    if (task.state !== 'waiting' || task.task.name !== 'reboot') continue;
    if (now - task.updatedAt <= w.ctx.policy.transferTimeoutMs) continue;
    const message = 'the device never informed after the reboot';
    retryOrFail(w, task, { code: 0, message, parameters: [], at: now });
  }
  expireTransfers(w);
}

/**
 * The task an RPC serves, also when this planner did not plan it (a replay that planned differently):
 * a task's requests carry its key as CommandKey or ParameterKey.
 */
function credited(w: Working, request: RpcRequest, origin: Origin): Origin {
  if (origin.taskId !== null) return origin;
  const key =
    'commandKey' in request ? request.commandKey : 'parameterKey' in request ? request.parameterKey : null;
  if (key === null || !key.startsWith('task:')) return origin;
  const task = w.device.tasks.find((t) => taskKey(t.id) === key && !FINAL_STATES.has(t.state));
  return task === undefined ? origin : { ...origin, taskId: task.id };
}

function responded(w: Working, request: RpcRequest, response: RpcResponse, planned: Origin): void {
  const origin = credited(w, request, planned);
  const now = w.ctx.now;
  const device = w.device;
  if (request.method === 'GetParameterNames' && response.method === 'GetParameterNames') {
    foldNames(w.table, request.parameterPath, request.nextLevel, response.parameterList);
    const path = request.parameterPath;
    const deep = !request.nextLevel;
    const others = device.refreshed.filter((r) => r.path !== path || r.deep !== deep);
    device.refreshed = [...others, { path, deep, at: now }];
  } else if (response.method === 'GetParameterValues') {
    for (const p of response.parameterList) setValue(w.table, p.name, p.value, p.type, now);
  } else if (request.method === 'SetParameterValues' && response.method === 'SetParameterValues') {
    for (const p of request.parameterList) setValue(w.table, p.name, p.value, p.type, now);
    const pending = device.session?.followUp;
    const base = pending?.instance == null ? null : `${pending.object}${pending.instance}.`;
    const session = device.session;
    if (session !== null && base !== null && request.parameterList.some((p) => p.name.startsWith(base)))
      session.followUp = null;
  } else if (response.method === 'GetParameterAttributes') {
    for (const p of response.parameterList) {
      ensure(w.table, p.name, { notification: p.notification, accessList: [...p.accessList] });
    }
  } else if (request.method === 'SetParameterAttributes') {
    for (const p of request.parameterList) {
      if (p.notificationChange) ensure(w.table, p.name, { notification: p.notification });
      if (p.accessListChange) ensure(w.table, p.name, { accessList: [...p.accessList] });
    }
  } else if (request.method === 'AddObject' && response.method === 'AddObject') {
    ensure(w.table, `${request.objectName}${response.instanceNumber}.`);
    const session = device.session;
    if (session?.followUp && session.followUp.object === request.objectName) {
      session.followUp = { ...session.followUp, instance: response.instanceNumber };
    }
  } else if (request.method === 'DeleteObject') {
    removeSubtree(w.table, request.objectName);
  } else if (request.method === 'Download') {
    const presetId = origin.presetIds[0] ?? null;
    const fileId = presetId !== null ? null : taskFileId(w, origin.taskId);
    const transfer = { commandKey: request.commandKey, taskId: origin.taskId, presetId, fileId };
    const pending = { ...transfer, startedAt: now, reportedAt: null };
    // Status 0: applied already, and no TransferComplete will follow (TR-069 A.3.2.8). A task's file
    // without a version is then done; else the version the device runs is checked (transfers.ts).
    const applied = response.method === 'Download' && response.status === 0;
    if (!applied) device.transfers = [...device.transfers, pending];
    else if (presetId !== null || hasVersionToCheck(w, fileId)) appliedDownload(w, pending);
  } else if (request.method === 'Upload' && response.method === 'Upload' && response.status === 1) {
    // Status 1: the CPE uploads later and reports it with TransferComplete (status 0: done already).
    const transfer = { commandKey: request.commandKey, taskId: origin.taskId, presetId: null, fileId: null };
    device.transfers = [...device.transfers, { ...transfer, startedAt: now, reportedAt: null }];
  }
  if (origin.once !== null && !device.done.includes(origin.once)) device.done = [...device.done, origin.once];
  // A Download only succeeds when its TransferComplete is verified (transferCompleted).
  if (origin.presetIds.length > 0 && request.method !== 'Download') {
    const cleared = new Set(origin.presetIds.map((id) => `preset:${id}`));
    device.faults = device.faults.filter((f) => !(cleared.has(f.scope) && f.method === request.method));
  }
  const task = device.tasks.find((t) => t.id === origin.taskId);
  if (task !== undefined && !FINAL_STATES.has(task.state)) taskAnswered(w, task, request, response);
}

function taskFileId(w: Working, taskId: string | null): string | null {
  const task = w.device.tasks.find((t) => t.id === taskId);
  return task?.task.name === 'download' ? task.task.fileId : null;
}

function taskAnswered(w: Working, task: TaskRecord, request: RpcRequest, response: RpcResponse): void {
  switch (task.task.name) {
    case 'refreshObject':
      updateTask(w, task, { stage: task.stage + 1 });
      return;
    case 'addObject':
      if (task.stage === 0 && response.method === 'AddObject') {
        if (task.task.parameterValues.length === 0) finishTask(w, task);
        else updateTask(w, task, { stage: 1, instance: response.instanceNumber });
        return;
      }
      // The new instance's types were read: its values are written next.
      if (response.method === 'GetParameterValues') updateTask(w, task, { stage: 2 });
      else finishTask(w, task);
      return;
    case 'setParameterValues':
      // The types were read: the values are written next.
      if (response.method === 'GetParameterValues') updateTask(w, task, { stage: 1 });
      else finishTask(w, task);
      return;
    case 'download':
      if (w.device.transfers.some((t) => t.taskId === task.id)) updateTask(w, task, { state: 'waiting' });
      else finishTask(w, task);
      return;
    case 'reboot':
      updateTask(w, task, { state: 'waiting' });
      return;
    case 'upload':
      if (response.method === 'Upload' && response.status === 1) updateTask(w, task, { state: 'waiting' });
      else finishTask(w, task);
      return;
    case 'getParameterValues':
    case 'deleteObject':
    case 'factoryReset':
    case 'scheduleInform':
      void request;
      finishTask(w, task);
      return;
    default:
      task.task satisfies never;
  }
}

function faulted(w: Working, request: RpcRequest, fault: RecordedFault, planned: Origin): void {
  const origin = credited(w, request, planned);
  invalidNames(w, request, fault);
  const task = w.device.tasks.find((t) => t.id === origin.taskId);
  if (task !== undefined && !FINAL_STATES.has(task.state)) {
    if (permanent(fault)) updateTask(w, task, { state: 'fault', fault, notBefore: null });
    else retryOrFail(w, task, fault);
  }
  // A read of a name the device lacks taught the ACS something (above); it is not a failure of the
  // presets' work, and backing them off would stop the one-by-one reads that find the bad name.
  if (fault.code === 9005 && READS.has(request.method)) return;
  for (const presetId of blamed(origin, fault)) presetFault(w, presetId, request.method, fault);
}

/**
 * The presets a fault is theirs: those owning a parameter the fault names, so one preset's refused
 * value does not hold back the others it shared a SetParameterValues with; all of them otherwise.
 */
function blamed(origin: Origin, fault: RecordedFault): string[] {
  const names = new Set(fault.parameters.map((p) => p.name));
  const owning = (origin.owners ?? []).filter((o) => names.has(o.name)).map((o) => o.presetId);
  return owning.length > 0 ? [...new Set(owning)] : origin.presetIds;
}

const READS: ReadonlySet<string> = new Set([
  'GetParameterNames',
  'GetParameterValues',
  'GetParameterAttributes',
]);

/**
 * Whether a retry cannot help. A SetParameterValues fault (9003 with an entry per parameter, as CPEs
 * answer it) is permanent only when every parameter's own fault is.
 */
function permanent(fault: RecordedFault): boolean {
  if (fault.parameters.length > 0) return fault.parameters.every((p) => PERMANENT_FAULTS.has(p.code));
  return PERMANENT_FAULTS.has(fault.code);
}

/**
 * Fault 9005 (invalid parameter name): what the ACS believed about those names is wrong. A single
 * name, or names the fault details, are absent; otherwise the names lose their values and are read
 * again, one at a time if need be, so the planner rediscovers instead of repeating the same RPC.
 */
function invalidNames(w: Working, request: RpcRequest, fault: RecordedFault): void {
  const detailed = fault.parameters.filter((p) => p.code === 9005).map((p) => p.name);
  for (const name of detailed) markAbsent(w.table, name);
  if (fault.code !== 9005 || detailed.length > 0) return;
  const names =
    request.method === 'GetParameterNames'
      ? [request.parameterPath]
      : request.method === 'GetParameterValues' || request.method === 'GetParameterAttributes'
        ? request.parameterNames
        : request.method === 'SetParameterValues' || request.method === 'SetParameterAttributes'
          ? request.parameterList.map((p) => p.name)
          : request.method === 'AddObject' || request.method === 'DeleteObject'
            ? [request.objectName]
            : [];
  const session = w.device.session;
  if (names.length === 1 && names[0] !== undefined) {
    const bad = names[0];
    markAbsent(w.table, bad);
    // The groups it spoiled are read in batches again: should one hide another bad name, it faults anew.
    if (session !== null) session.suspect = session.suspect.filter((group) => !group.names.includes(bad));
    return;
  }
  for (const name of names) {
    const known = w.table.byPath.get(name);
    if (known !== undefined) w.table.byPath.set(name, { ...known, value: null, valueAt: null });
  }
  if (session === null || names.length < 2) return;
  // Devices often name the bad parameter in the fault string: that name is read alone first (a
  // hint, not trusted: if it reads fine, the group is read by halves).
  const hint = names.filter((n) => fault.message.includes(n)).sort((a, b) => b.length - a.length)[0];
  session.suspect = [...session.suspect, { names }, ...(hint === undefined ? [] : [{ names: [hint] }])];
}
