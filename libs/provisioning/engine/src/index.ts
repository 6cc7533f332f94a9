/**
 * @headend/provisioning-engine: provisioning over the ports. Runs the planner on each record of a
 * device (projection from the DocumentStore, plan into the CoordinationStore, task events to the
 * EventLog), keeps the presets and files, and reads a topic to its end. No driver: the app wires
 * the adapters in.
 */
export { CommandMerge } from './command-merge.js';
export { checkCoPartitioned } from './co-partitioning.js';
export { subscribeCaughtUp } from './catch-up.js';
export { Configuration } from './configuration.js';
export type { ConfigChange } from './configuration.js';
export { DEVICE_TOPICS, DEVICES, ProvisioningEngine } from './engine.js';
export type { EngineObserver, EngineOptions } from './engine.js';
export { deadLetterEvent, reasonOf, UnprocessableRecordError } from './dead-letter.js';
export type { DeadLetterReason } from './dead-letter.js';
export { lostSessionEnded } from './lost-session.js';
