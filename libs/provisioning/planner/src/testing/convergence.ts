/**
 * The convergence run of the planner property (tests only): a device with random presets and tasks
 * through a number of sessions, checked for the rules stated in termination.property.spec.ts.
 */
import fc from 'fast-check';
import { firmwareVersionOf } from '@headend/cpe-model';
import type { InjectedFault } from '@headend/cpe-model';
import type { CwmpMessage } from '@headend/cwmp-codec';
import type { AcsRequest, CpeResponse } from '@headend/cwmp-session';
import type { Task } from '@headend/events';
import { taskKey } from '../tasks.js';
import { DEFAULT_POLICY } from '../working.js';
import type { DumpModel, PresetDraft } from './arbitraries.js';
import { DUMP_MODELS, FILES, modelPaths, presets, tasks } from './arbitraries.js';
import { preset, World } from './world.js';

export const SESSIONS = 9;
export const SETTLED = 6;
const GAPS = [10_000, 30_000, 90_000, 600_000, 3_600_000];

export interface Scenario {
  readonly model: DumpModel;
  readonly presets: PresetDraft[];
  readonly tasks: Task[];
  readonly gaps: number[];
  readonly maxRpcsPerSession: number;
  readonly valuesPerRequest: number;
  /** A transient fault the device answers some requests with (counted across sessions). */
  readonly injected: InjectedFault | null;
  /**
   * How the device reports a reboot the ACS ordered: M Reboot with the Reboot's CommandKey, with an
   * empty one, or only 1 BOOT (real CPEs lose the key). Absent in scenarios found before it existed.
   */
  readonly rebootReport?: RebootReport;
}

export type RebootReport = 'key' | 'empty' | 'boot-only';

export const scenario: fc.Arbitrary<Scenario> = fc.constantFrom(...DUMP_MODELS).chain((model) => {
  const paths = modelPaths(model);
  return fc.record({
    model: fc.constant(model),
    presets: presets(paths),
    tasks: tasks(paths),
    gaps: fc.array(fc.constantFrom(...GAPS), { minLength: SESSIONS, maxLength: SESSIONS }),
    maxRpcsPerSession: fc.constantFrom(12, 32),
    valuesPerRequest: fc.constantFrom(20, 2_000),
    injected: fc.option(
      fc.record({
        method: fc.constantFrom(
          'GetParameterValues' as const,
          'SetParameterValues' as const,
          'AddObject' as const,
          'Download' as const,
        ),
        code: fc.constantFrom(9001, 9002, 9004),
        times: fc.integer({ min: 1, max: 3 }),
      }),
    ),
    rebootReport: fc.constantFrom<RebootReport>('key', 'empty', 'boot-only'),
  });
});

type Outcome = 'accepted' | 'refused' | 'unapplied';

/** What every Download changes. */
const SOFTWARE = 'the software version';

/**
 * The changes a request asks of the device, each with what became of it and what it changes (a
 * parameter or an object's name). Names under an instance added in this session are spelled with
 * its AddObject's key for its number, so a retry on the next new instance is recognised as the same
 * change.
 */
function changes(
  request: AcsRequest,
  answer: CpeResponse | CwmpMessage,
  added: ReadonlyMap<string, string>,
): [string, Outcome, string][] {
  const spell = (name: string) => {
    for (const [instance, spelled] of added)
      if (name.startsWith(instance)) return `${spelled}${name.slice(instance.length)}`;
    return name;
  };
  const fault = answer.type === 'Fault' ? answer : null;
  const named = new Set(fault?.detail?.setParameterValuesFault.map((f) => f.parameterName) ?? []);
  const outcome = (name?: string): Outcome =>
    fault === null
      ? 'accepted'
      : named.size === 0 || (name !== undefined && named.has(name))
        ? 'refused'
        : 'unapplied';
  switch (request.type) {
    case 'SetParameterValues':
      return request.parameterList.map((p) => [
        `set ${spell(p.name)}=${p.value} (${request.parameterKey})`,
        outcome(p.name),
        p.name,
      ]);
    case 'SetParameterAttributes':
      return request.parameterList.map((p) => [`notify ${p.name}=${p.notification}`, outcome(), p.name]);
    case 'AddObject':
      return [[`add ${request.objectName} (${request.parameterKey})`, outcome(), request.objectName]];
    case 'DeleteObject': {
      // Taking back an instance added in this session is part of an attempt that failed.
      const undo = added.has(request.objectName);
      return [
        [
          `delete ${spell(request.objectName)} (${request.parameterKey})`,
          undo ? 'refused' : outcome(),
          request.objectName,
        ],
      ];
    }
    case 'Download': {
      // Presets wanting one file want one change; a task's download is its own.
      const by = request.commandKey.startsWith('preset:') ? 'presets' : request.commandKey;
      // What a download changes is the software version, whichever file it fetches.
      return [[`download ${request.url} (${by})`, 'refused', SOFTWARE]];
    }
    default:
      return [];
  }
}

/** Runs the scenario; returns what went wrong, or null. */
export function violation(s: Scenario): string | null {
  const world = new World(s.model, { injectedFaults: s.injected === null ? [] : [s.injected] });
  world.files = new Map(FILES);
  world.policy = {
    ...DEFAULT_POLICY,
    maxRpcsPerSession: s.maxRpcsPerSession,
    valuesPerRequest: s.valuesPerRequest,
  };
  world.presets = s.presets.map((p) => preset(p.id, p.definition));
  s.tasks.forEach((task, i) => world.requestTask(`t${i}`, task));
  const report = s.rebootReport ?? 'key';
  world.prepare = (cpe) => {
    if (report === 'key') return cpe;
    const events = cpe.events
      .filter((e) => report === 'empty' || e.eventCode !== 'M Reboot')
      .map((e) => (e.eventCode === 'M Reboot' ? { ...e, commandKey: '' } : e));
    return { ...cpe, events };
  };
  /** Reboot tasks whose Reboot the device acknowledged, with the session it did. */
  const rebootAcked = new Map<string, number>();
  /** Downloads that installed another version than their requester wanted: who, what, and when. */
  const uselessFetches = new Map<string, number>();
  /** Each change sent so far: when (session, clock, and `step`, the count of requests before it). */
  const sent = new Map<string, { session: number; at: number; step: number; outcome: Outcome }>();
  let step = 0;
  /**
   * Parameters a task set (and SOFTWARE, by a download), with the step it set them at: a preset may
   * set them back.
   */
  const taskWrites = new Map<string, number>();
  /**
   * Instances the last boot session added and parameters it set: a preset that applies outside boot
   * sessions may undo them in the next one (a precondition on Events wanted them only at boot).
   */
  let bootWork = new Set<string>();
  let lastBoot = -1;
  let lastBootstrap = -1;
  /** Presets that have been backing off a fault: their other work waits with them. */
  const backedOff = new Set<string>();
  /** Event codes of the sessions so far. */
  const seenEvents = new Set<string>();
  /** Tasks that have been retried after a fault. */
  const retried = new Set<string>();
  /** Whether a session ended with a transfer in flight (a preset's download waits for it to be over). */
  let transferred = false;
  /**
   * Whether the last session that was not a boot (or a boot after it) came so near its RPC budget
   * that work was put off to this one.
   */
  let crowded = false;
  for (let i = 0; i < SESSIONS; i++) {
    const log = world.session();
    if (log.events.includes('0 BOOTSTRAP') || log.events.includes('1 BOOT')) {
      lastBoot = i;
      bootWork = new Set();
    }
    if (log.events.includes('0 BOOTSTRAP')) lastBootstrap = i;
    if (log.rpcs.length > s.maxRpcsPerSession) return `session ${i} sent ${log.rpcs.length} RPCs`;
    // A precondition on Events may first hold in a session with an event code not seen before.
    const novel = log.events.some((e) => !seenEvents.has(e));
    for (const e of log.events) seenEvents.add(e);
    const reboots = log.rpcs.filter((r) => r.type === 'Reboot').length;
    if (reboots > 1) return `session ${i} sent ${reboots} Reboots (the device reboots once)`;
    const seen = new Set<string>();
    /** Instances added in this session: how names under them are spelled, and the change that added them. */
    const added = new Map<string, string>();
    const additions = new Map<string, string>();
    for (const [k, request] of log.rpcs.entries()) {
      const text = JSON.stringify(request);
      if (seen.has(text)) return `session ${i} repeated ${text}`;
      seen.add(text);
      const answer = log.answers[k];
      if (answer === undefined) return `session ${i}: no answer to ${text}`;
      step++;
      for (const [change, outcome, target] of changes(request, answer, added)) {
        const before = sent.get(change);
        const overwritten = before !== undefined && (taskWrites.get(target) ?? -1) > before.step;
        if (before?.outcome === 'accepted' && lastBoot <= before.session && !overwritten)
          return `session ${i} sent again "${change}", accepted in session ${before.session}`;
        const early = world.now - (before?.at ?? 0) < DEFAULT_POLICY.retry.baseMs;
        if (before?.outcome === 'refused' && early && lastBootstrap <= before.session && !overwritten)
          return `session ${i} retried "${change}" ${world.now - before.at} ms after session ${before.session}`;
        const origin = log.origins[k];
        // Held back: by its own fault, a task being retried, (a download) another transfer, or the
        // RPC budget of the last session that was not a boot (an AddObject needs room for its values
        // and its undoing). Or not wanted before: undoing what the last boot session did.
        const held =
          (origin?.presetIds.some((id) => backedOff.has(id)) ?? false) ||
          retried.has(origin?.taskId ?? '') ||
          (request.type === 'Download' && transferred) ||
          crowded ||
          (i !== lastBoot && bootWork.has(target));
        if (i >= SETTLED && i !== lastBoot && !novel && before === undefined && !held)
          return `session ${i} (settled) sent "${change}" for the first time`;
        sent.set(change, { session: i, at: world.now, step, outcome });
      }
      if (request.type === 'Download' && answer.type === 'DownloadResponse' && log.origins[k]?.taskId)
        taskWrites.set(SOFTWARE, step);
      if (request.type === 'Download') {
        const fetch = fetchOf(world, request.url, log.origins[k] ?? null);
        const before = fetch === null ? undefined : uselessFetches.get(fetch.key);
        if (before !== undefined && lastBootstrap <= before)
          return `session ${i} fetched ${request.url} again for ${fetch?.key}: it installed another version in session ${before}`;
        const installs = firmwareVersionOf(request.url, '');
        if (fetch !== null && answer.type === 'DownloadResponse' && installs !== fetch.wanted)
          uselessFetches.set(fetch.key, i);
      }
      if (request.type === 'Reboot' && answer.type === 'RebootResponse') {
        const task = world.projection?.tasks.find((t) => taskKey(t.id) === request.commandKey);
        if (task !== undefined) rebootAcked.set(task.id, i);
      }
      if (request.type === 'SetParameterValues' && answer.type === 'SetParameterValuesResponse') {
        for (const p of request.parameterList) {
          if (log.origins[k]?.taskId) taskWrites.set(p.name, step);
          if (i === lastBoot) bootWork.add(p.name);
        }
      }
      // An instance deleted right after it was added is the planner taking back a preset's instance
      // whose values failed: the AddObject counts as refused, and is retried after the back-off.
      if (request.type === 'AddObject' && answer.type === 'AddObjectResponse') {
        if (i === lastBoot) bootWork.add(`${request.objectName}${answer.instanceNumber}.`);
        const [addition] = changes(request, answer, added)[0] ?? [''];
        added.set(
          `${request.objectName}${answer.instanceNumber}.`,
          `${request.objectName}<${request.parameterKey}>.`,
        );
        additions.set(`${request.objectName}${answer.instanceNumber}.`, addition);
      }
      const undone = request.type === 'DeleteObject' ? additions.get(request.objectName) : undefined;
      const add = undone === undefined ? undefined : sent.get(undone);
      if (undone !== undefined && add !== undefined) sent.set(undone, { ...add, outcome: 'refused' });
    }
    // The device booted after acknowledging a reboot task's Reboot: however it reported that boot
    // (its key, an empty key, only 1 BOOT), the task is done.
    for (const [id, acked] of rebootAcked) {
      if (acked >= i || !log.events.includes('1 BOOT')) continue;
      rebootAcked.delete(id);
      const state = world.task(id)?.state;
      if (state === 'waiting' || state === 'pending' || state === 'inProgress')
        return `session ${i}: reboot task ${id}, acknowledged in session ${acked}, is ${state} after the device booted`;
    }
    for (const f of world.projection?.faults ?? []) backedOff.add(f.scope.replace(/^preset:/, ''));
    for (const t of world.projection?.tasks ?? []) if (t.attempts > 0) retried.add(t.id);
    if ((world.projection?.transfers.length ?? 0) > 0) transferred = true;
    // A boot session passes it on: work of presets for other sessions waits through boots.
    crowded = log.rpcs.length > s.maxRpcsPerSession - 3 || (crowded && i === lastBoot);
    world.now += s.gaps[i] ?? 0;
  }
  return null;
}

/**
 * Who fetched a firmware URL and the version they wanted: a task wants its file's declared version,
 * presets the version of their softwareVersion. Null when nothing is wanted (nothing to verify).
 */
function fetchOf(
  world: World,
  url: string,
  origin: { taskId: string | null; presetIds: string[] } | null,
): { key: string; wanted: string } | null {
  if (origin?.taskId) {
    const task = world.task(origin.taskId)?.task;
    const file = task?.name === 'download' ? FILES.get(task.fileId) : undefined;
    return file?.version == null ? null : { key: `task ${origin.taskId} ${url}`, wanted: file.version };
  }
  const presetId = origin?.presetIds[0];
  const wanted = world.presets
    .find((p) => p.id === presetId)
    ?.configurations.find((c) => c.kind === 'softwareVersion')?.version;
  return wanted === undefined ? null : { key: `presets wanting ${wanted} ${url}`, wanted };
}
