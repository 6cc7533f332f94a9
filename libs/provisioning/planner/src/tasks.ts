import type { AcsRequest } from '@headend/cwmp-session';
import { shortKey } from './hash.js';
import { leavesUnder } from './params.js';
import type { Origin, RecordedFault, TaskRecord, TaskState } from './projection.js';
import type { Working } from './working.js';

/**
 * Tasks: one-shot operator commands (TaskRequested). Each runs as one or a few RPCs; its lifecycle is
 * pending -> inProgress -> (waiting for a TransferComplete or a reboot) -> done, or fault after the
 * retry policy gives up; cancelled and expired end it early. Every change is an effect.
 */

export const FINAL_STATES: ReadonlySet<TaskState> = new Set(['done', 'fault', 'cancelled', 'expired']);

/** The CommandKey / ParameterKey that ties a device's report back to its task. */
export const taskKey = (taskId: string) => shortKey('task:', taskId);

export function updateTask(w: Working, task: TaskRecord, patch: Partial<TaskRecord>): TaskRecord {
  const next: TaskRecord = { ...task, ...patch, updatedAt: w.ctx.now };
  const device = w.device;
  device.tasks = device.tasks.map((t) => (t.id === task.id ? next : t));
  if (patch.state !== undefined && patch.state !== task.state) {
    w.effects.push({ kind: 'task', deviceId: w.device._id, task: next });
  }
  if (FINAL_STATES.has(next.state)) trimHistory(w);
  return next;
}

/** Keeps the newest finished tasks up to the policy's history length. */
function trimHistory(w: Working): void {
  const device = w.device;
  const finished = device.tasks.filter((t) => FINAL_STATES.has(t.state));
  const excess = finished.length - w.ctx.policy.taskHistory;
  if (excess <= 0) return;
  const drop = new Set(
    [...finished]
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .slice(0, excess)
      .map((t) => t.id),
  );
  device.tasks = device.tasks.filter((t) => !drop.has(t.id));
}

/** After a fault (or a session that ended mid-task): back off and retry, or fail for good. */
export function retryOrFail(w: Working, task: TaskRecord, fault: RecordedFault | null): TaskRecord {
  const { baseMs, maxMs, maxAttempts } = w.ctx.policy.retry;
  const attempts = task.attempts + 1;
  if (attempts >= maxAttempts)
    return updateTask(w, task, { attempts, state: 'fault', fault, notBefore: null });
  const wait = Math.min(maxMs, baseMs * 2 ** (attempts - 1));
  // An instance an addObject already made is kept: a retry sets its values, it does not add another.
  const stage = task.task.name === 'addObject' && task.instance !== null ? 1 : 0;
  return updateTask(w, task, { attempts, state: 'pending', fault, notBefore: w.ctx.now + wait, stage });
}

/** A task is done; a new one starts over, so retries begin at its first step. */
export function finishTask(w: Working, task: TaskRecord): void {
  updateTask(w, task, { state: 'done', fault: null, notBefore: null });
}

/** The task's next RPC, or null when it has nothing (more) to send now. */
export function taskRequest(w: Working, task: TaskRecord): { request: AcsRequest; origin: Origin } | null {
  const origin: Origin = { taskId: task.id, presetIds: [], refresh: null, once: null };
  const key = taskKey(task.id);
  const spec = task.task;
  const request = ((): AcsRequest | null => {
    switch (spec.name) {
      case 'getParameterValues':
        return { type: 'GetParameterValues', parameterNames: spec.parameterNames };
      case 'refreshObject': {
        if (task.stage === 0)
          return { type: 'GetParameterNames', parameterPath: spec.objectName, nextLevel: false };
        const chunk = w.ctx.policy.valuesPerRequest;
        const leaves = leavesUnder(w.table, spec.objectName).sort();
        const names = leaves.slice((task.stage - 1) * chunk, task.stage * chunk);
        return names.length === 0 ? null : { type: 'GetParameterValues', parameterNames: names };
      }
      case 'setParameterValues':
        return typedWrite(w, spec.parameterValues, task.stage === 0, key);
      case 'addObject': {
        if (task.stage === 0) return { type: 'AddObject', objectName: spec.objectName, parameterKey: key };
        if (task.instance === null || spec.parameterValues.length === 0) return null;
        const base = `${spec.objectName}${task.instance}.`;
        const values = spec.parameterValues.map((p) => ({
          ...p,
          name: p.name.startsWith(spec.objectName) ? p.name : `${base}${p.name}`,
        }));
        return typedWrite(w, values, task.stage === 1, key);
      }
      case 'deleteObject':
        return { type: 'DeleteObject', objectName: spec.objectName, parameterKey: key };
      case 'download': {
        const file = w.ctx.files.get(spec.fileId);
        if (file === undefined || file.url === null) return null;
        return downloadRequest(key, file.url, spec.fileType, file.length, spec.targetFileName ?? '');
      }
      case 'upload':
        if (spec.url === undefined) return null;
        return {
          type: 'Upload',
          commandKey: key,
          fileType: spec.fileType,
          url: spec.url,
          username: '',
          password: '',
          delaySeconds: 0,
        };
      case 'reboot':
        return { type: 'Reboot', commandKey: key };
      case 'factoryReset':
        return { type: 'FactoryReset' };
      case 'scheduleInform':
        return { type: 'ScheduleInform', delaySeconds: spec.delaySeconds, commandKey: key };
      default:
        return spec satisfies never;
    }
  })();
  return request === null ? null : { request, origin };
}

/**
 * A task's SetParameterValues. A value given without a type, on a parameter whose type the ACS does
 * not know, is read first (once: `mayRead`), since a device may refuse a value of the wrong xsi type.
 */
function typedWrite(
  w: Working,
  values: readonly { name: string; value: string; type: string | null }[],
  mayRead: boolean,
  parameterKey: string,
): AcsRequest {
  const typeOf = (p: { name: string; type: string | null }) => p.type ?? w.table.byPath.get(p.name)?.type;
  const unknown = values.filter((p) => typeOf(p) == null).map((p) => p.name);
  if (mayRead && unknown.length > 0) return { type: 'GetParameterValues', parameterNames: unknown };
  return {
    type: 'SetParameterValues',
    parameterList: values.map((p) => ({ name: p.name, value: p.value, type: typeOf(p) ?? 'xsd:string' })),
    parameterKey,
  };
}

/** Why a task cannot run at all on this ACS (checked before it is tried), or null. */
export function unrunnable(w: Working, task: TaskRecord): string | null {
  const spec = task.task;
  if (spec.name === 'upload')
    return spec.url === undefined
      ? 'an upload needs a url (this ACS has no file server of its own yet)'
      : null;
  if (spec.name !== 'download') return null;
  const file = w.ctx.files.get(spec.fileId);
  if (file === undefined) return `file ${spec.fileId} is unknown`;
  return file.url === null ? `file ${spec.fileId} has no URL` : null;
}

export function downloadRequest(
  commandKey: string,
  url: string,
  fileType: string,
  fileSize: number,
  targetFileName: string,
): AcsRequest {
  return {
    type: 'Download',
    commandKey,
    fileType,
    url,
    username: '',
    password: '',
    fileSize,
    targetFileName,
    delaySeconds: 0,
    successUrl: '',
    failureUrl: '',
  };
}

/** The next task to work on now: the oldest pending one that is neither backing off nor expired. */
export function runnableTasks(w: Working): TaskRecord[] {
  const now = w.ctx.now;
  return w.device.tasks.filter(
    (t) =>
      (t.state === 'pending' || t.state === 'inProgress') && (t.notBefore === null || t.notBefore <= now),
  );
}
