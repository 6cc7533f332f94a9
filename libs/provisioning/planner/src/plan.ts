import { rpcRequest } from '@headend/cwmp-session';
import type { AcsRequest } from '@headend/cwmp-session';
import { presetCandidates } from './preset-plan.js';
import type { Candidate } from './preset-plan.js';
import type { Origin } from './projection.js';
import { rebootHeld, requestPrint } from './reboots.js';
import { finishTask, runnableTasks, taskRequest, unrunnable, updateTask } from './tasks.js';
import type { Working } from './working.js';

/**
 * Plans the session's next step: one RPC, or the end of the plan. The first candidate whose request
 * was not already planned in this session wins, so a session never repeats an RPC, and a session
 * carries at most policy.maxRpcsPerSession RPCs: every plan ends.
 */
export function planNext(w: Working): void {
  const session = w.device.session;
  if (session === null || session.ended || session.inFlight !== null) return;
  const issued = new Set(session.issued);
  let chosen: Candidate | null = null;
  let print = '';
  const left = w.ctx.policy.maxRpcsPerSession - session.planned;
  if (left > 0) {
    for (const candidate of candidates(w)) {
      // An AddObject needs room for its values and, should they fail, for removing the instance.
      if (candidate.followUp && left < 3) continue;
      print = requestPrint(candidate.request);
      if (issued.has(print)) continue;
      chosen = candidate;
      break;
    }
  }
  const deviceId = w.device._id;
  if (chosen === null) {
    session.ended = true;
    w.effects.push({ kind: 'plan', deviceId, sessionId: session.id, rpc: null });
    return;
  }
  const rpcId = `p${session.planned + 1}`;
  session.planned += 1;
  session.issued = [...session.issued, print];
  session.inFlight = { rpcId, request: rpcRequest(chosen.request), origin: chosen.origin };
  if (chosen.followUp !== undefined) session.followUp = chosen.followUp;
  const task = w.device.tasks.find((t) => t.id === chosen.origin.taskId);
  if (task !== undefined && task.state === 'pending') updateTask(w, task, { state: 'inProgress' });
  w.effects.push({ kind: 'plan', deviceId, sessionId: session.id, rpc: { rpcId, request: chosen.request } });
}

function* candidates(w: Working): Generator<Candidate> {
  yield* followUp(w);
  yield* taskCandidates(w);
  yield* presetCandidates(w);
}

/**
 * The values of an instance a preset just added: set right after its AddObject. Their success ends
 * the follow-up; should they fail, the instance is deleted again, since no key would identify it
 * later and the preset's retry would add one more.
 */
function* followUp(w: Working): Generator<Candidate> {
  const pending = w.device.session?.followUp;
  if (!pending || pending.instance === null) return;
  const base = `${pending.object}${pending.instance}.`;
  const origin: Origin = { taskId: null, presetIds: pending.presetIds, refresh: null, once: null };
  if (pending.parameterList.length > 0) {
    const request: AcsRequest = {
      type: 'SetParameterValues',
      parameterList: pending.parameterList.map((p) => ({
        name: `${base}${p.name}`,
        value: p.value,
        type: p.type,
      })),
      parameterKey: 'headend',
    };
    yield { request, origin };
  }
  yield {
    request: { type: 'DeleteObject', objectName: base, parameterKey: 'headend' },
    origin,
    followUp: null,
  };
}

function* taskCandidates(w: Working): Generator<Candidate> {
  for (const task of runnableTasks(w).sort((a, b) => a.requestedAt - b.requestedAt)) {
    // One Reboot at a time (reboots.ts): this one waits for the device to be back from the other.
    if (task.task.name === 'reboot' && rebootHeld(w)) continue;
    const reason = unrunnable(w, task);
    if (reason !== null) {
      const fault = { code: 0, message: reason, parameters: [], at: w.ctx.now };
      updateTask(w, task, { state: 'fault', fault, notBefore: null });
      continue;
    }
    const next = taskRequest(w, task);
    if (next === null) {
      // Every step is done (a refresh read its last chunk, an addObject had no values to set).
      const current = w.device.tasks.find((t) => t.id === task.id);
      if (current !== undefined) finishTask(w, current);
      continue;
    }
    yield next;
  }
}
