import { readFileSync } from 'node:fs';
import type { CwmpMessage } from '@headend/cwmp-codec';
import {
  BUNDLED_MODELS,
  MODELS_DIRECTORY,
  advance,
  buildInform,
  createCpe,
  handleAcsRequest,
  informAccepted,
  modelFromBundledText,
  pendingCpeRequests,
  requestDelivered,
  seededRandom,
  sessionSucceeded,
  valueAt,
  withSessionEvent,
} from '@headend/cpe-model';
import type { CpeConfig, CpeModel, CpeState } from '@headend/cpe-model';
import type { AcsRequest, CpeResponse } from '@headend/cwmp-session';
import {
  cpeRequestReceived,
  informReceived,
  rpcFaulted,
  rpcRequest,
  rpcResponse,
} from '@headend/cwmp-session';
import type { CommandEvent, DeviceEvent, Task } from '@headend/events';
import { deviceIdOf, TOPICS } from '@headend/events';
import { decide } from '../decide.js';
import type { PlannerInput, Position } from '../decide.js';
import type { Preset, FileRecord } from '../presets.js';
import { compilePreset } from '../presets.js';
import type { DeviceProjection, Origin, TaskRecord, TaskState } from '../projection.js';
import type { Effect, PlannerContext, PlannerPolicy } from '../working.js';
import { DEFAULT_POLICY } from '../working.js';

/**
 * Test support: one simulated CPE (the pure cpe-model device, built from a real dump) talking to the
 * planner through the same events the gateway writes, session after session, with no servers.
 */
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

export function preset(id: string, definition: unknown, revision = 1): Preset {
  const compiled = compilePreset(id, revision, id, definition);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.preset;
}

const models = new Map<string, CpeModel>();

/** A bundled model, read and parsed once per test file (the largest dump has 6,400 parameters). */
function bundledModel(name: string): CpeModel {
  const known = models.get(name);
  if (known !== undefined) return known;
  const entry = BUNDLED_MODELS.find((m) => m.name === name);
  if (entry === undefined) throw new Error(`no model ${name}`);
  const built = modelFromBundledText(entry, readFileSync(new URL(entry.file, MODELS_DIRECTORY), 'utf8'));
  models.set(name, built);
  return built;
}

export interface SessionLog {
  readonly rpcs: AcsRequest[];
  readonly answers: (CpeResponse | CwmpMessage)[];
  /** The Inform's event codes. */
  readonly events: string[];
  /** Why each RPC was planned (which task or presets), as the projection recorded it. */
  readonly origins: (Origin | null)[];
}

/** One input as the world fed it: with its place in the log and the context it was decided in. */
export interface Fed {
  readonly input: PlannerInput;
  readonly position: Position;
  readonly ctx: PlannerContext;
}

export class World {
  projection: DeviceProjection | null = null;
  cpe: CpeState;
  now = T0;
  presets: Preset[] = [];
  files = new Map<string, FileRecord>();
  policy: PlannerPolicy = DEFAULT_POLICY;
  /** Changes the simulated CPE's answers, for behaviours the model does not have (identity by default). */
  answer: (request: AcsRequest, response: CwmpMessage) => CwmpMessage = (_, response) => response;
  /** Changes the simulated CPE just before it informs (after time has passed), for quirks of its own. */
  prepare: (cpe: CpeState) => CpeState = (cpe) => cpe;
  /** Whether the simulated CPE really sends a request of its own (false: it is dropped, as by a CPE that omits it). */
  sends: (request: CwmpMessage) => boolean = () => true;
  readonly effects: Effect[] = [];
  /** Every input fed, in order, for replays. */
  readonly fed: Fed[] = [];
  readonly deviceId: string;
  private offset = 0;
  private sessions = 0;

  constructor(model = 'bm632w', config: Partial<CpeConfig> = {}) {
    const built = bundledModel(model);
    this.cpe = createCpe({ base: built.base, identity: built.identity, config, now: T0 });
    this.deviceId = deviceIdOf(built.identity);
  }

  /** Feeds one event (or command) to the decider, as the provisioning app would. */
  feed(input: PlannerInput): Effect[] {
    const topic = input.kind === 'device' ? TOPICS.deviceEvents : TOPICS.commands;
    const position = { topic, partition: 0, offset: String(this.offset++) };
    const ctx: PlannerContext = {
      now: this.now,
      presets: [...this.presets],
      files: new Map(this.files),
      policy: this.policy,
    };
    this.fed.push({ input, position, ctx });
    const decision = decide(this.projection, input, position, ctx);
    this.projection = decision.projection;
    this.effects.push(...decision.effects);
    return [...decision.effects];
  }

  command(event: CommandEvent): Effect[] {
    return this.feed({ kind: 'command', event });
  }

  /** An operator asks for a task on this device (TaskRequested). */
  requestTask(taskId: string, task: Task, expiry: string | null = null): Effect[] {
    const data = { taskId, deviceId: this.deviceId, task, expiry, requestedBy: 'op' };
    return this.command({ type: 'TaskRequested', version: 1, data });
  }

  cancelTask(taskId: string): Effect[] {
    const data = { taskId, deviceId: this.deviceId, cancelledBy: 'op', reason: null };
    return this.command({ type: 'TaskCancelled', version: 1, data });
  }

  /** The task as the projection has it now. */
  task(taskId: string): TaskRecord | undefined {
    return this.projection?.tasks.find((t) => t.id === taskId);
  }

  /** Every state a task went through, in order, from the task effects. */
  taskStates(taskId: string): TaskState[] {
    return this.effects.flatMap((e) => (e.kind === 'task' && e.task.id === taskId ? [e.task.state] : []));
  }

  /** One whole CWMP session: Inform, the CPE's requests, then the planned RPCs until the plan ends. */
  session(maxSteps = 200): SessionLog {
    const sessionId = `s${++this.sessions}`;
    let sequence = 0;
    const place = () => ({ deviceId: this.deviceId, sessionId, sequence: sequence++ });
    this.cpe = this.prepare(advance(this.cpe, this.now));
    // A device always calls for a reason: with nothing else to report, it is the periodic Inform.
    if (this.cpe.events.length === 0) this.cpe = withSessionEvent(this.cpe, '2 PERIODIC');
    const inform = buildInform(this.cpe, this.now);
    const events = inform.event.map((e) => e.eventCode);
    const log: SessionLog = { rpcs: [], answers: [], events, origins: [] };
    const queue: Effect[] = [];
    const take = (effects: Effect[]) => queue.push(...effects.filter((e) => e.kind === 'plan'));
    take(this.feed({ kind: 'device', event: informReceived(place(), inform) }));
    this.cpe = informAccepted(this.cpe, { event: inform.event });
    for (const request of pendingCpeRequests(this.cpe)) {
      if (this.sends(request.message))
        take(this.feed({ kind: 'device', event: cpeRequestReceived(place(), request.message) }));
      this.cpe = requestDelivered(this.cpe, request);
    }
    for (let step = 0; ; step++) {
      if (step > maxSteps) throw new Error(`the plan did not end within ${maxSteps} steps`);
      const next = queue.shift();
      if (next === undefined) throw new Error('the planner left the session without a plan');
      if (next.kind !== 'plan' || next.rpc === null) break;
      const { rpcId, request } = next.rpc;
      log.rpcs.push(request);
      const inFlight = this.projection?.session?.inFlight;
      log.origins.push(inFlight?.rpcId === rpcId ? inFlight.origin : null);
      this.feed({
        kind: 'device',
        event: { type: 'RpcSent', version: 1, data: { ...place(), rpcId, request: rpcRequest(request) } },
      });
      const result = handleAcsRequest(this.cpe, request, { now: this.now, random: seededRandom(step + 1) });
      this.cpe = result.state;
      const answer = this.answer(request, result.response);
      log.answers.push(answer);
      const event: DeviceEvent =
        answer.type === 'Fault'
          ? rpcFaulted(place(), rpcId, request.type, answer)
          : {
              type: 'RpcResponded',
              version: 1,
              data: { ...place(), rpcId, response: rpcResponse(answer as CpeResponse) },
            };
      take(this.feed({ kind: 'device', event }));
    }
    const ended: DeviceEvent = {
      type: 'SessionEnded',
      version: 1,
      data: { ...place(), outcome: 'completed', rpcCount: log.rpcs.length, durationMs: 0, reason: null },
    };
    this.feed({ kind: 'device', event: ended });
    this.cpe = sessionSucceeded(this.cpe, this.now);
    return log;
  }

  /** The value the ACS believes a parameter has. */
  believed(path: string): string | null | undefined {
    return this.projection?.parameters.find((p) => p.path === path)?.value;
  }

  /** The value the simulated device really has. */
  actual(path: string): string | undefined {
    return valueAt(this.cpe.tree, path);
  }
}

export const requestNames = (log: SessionLog) => log.rpcs.map((r) => r.type);
