/**
 * @headend/provisioning-planner: the provisioning rules as pure logic. A device's projection and one
 * of its events in, the new projection and what to do (the session's next RPC, task changes) out.
 *
 *   const { projection, effects } = decide(before, { kind: 'device', event }, position, ctx);
 */
export { decide } from './decide.js';
export type { Decision, PlannerInput, Position } from './decide.js';
export { DEFAULT_POLICY, emptyProjection } from './working.js';
export type { Effect, PlannerContext, PlannerPolicy } from './working.js';
export {
  DeviceProjection,
  OpenFault,
  ParamRecord,
  RecordedFault,
  TaskRecord,
  TaskState,
} from './projection.js';
export { compilePreset, Configuration, fileRecordOf, PresetDefinition } from './presets.js';
export type { FileRecord, Preset, PresetResult } from './presets.js';
export { taskKey } from './tasks.js';
export { fromStoredProjection, toStoredProjection } from './stored.js';
export type { StoredProjection } from './stored.js';
export { appendFault, DEFAULT_LIMITS, limitProjection, withRecordFault } from './limits.js';
export type { LimitReport, Limited, ProjectionLimits } from './limits.js';
export { MAX_RECORD_FAULTS, RecordFault } from './projection.js';
