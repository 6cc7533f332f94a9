import type { TopicSpec } from '@headend/ports';
import { MAX_RECORD_BYTES } from './headers.js';

/** Topic names carry their version: a breaking change is a new topic, written beside the old one. */
export const TOPICS = {
  deviceEvents: 'cwmp.device-events.v1',
  commands: 'acs.commands.v1',
  configEvents: 'acs.config-events.v1',
  audit: 'acs.audit.v1',
  taskEvents: 'acs.task-events.v1',
  deadLetters: 'acs.dead-letters.v1',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

const DAY_MS = 86_400_000;

/**
 * Suggested topic settings. Device events and commands have the same partition count and key (device
 * id), so with the default partitioner a device's events and commands land on the same partition
 * number and one provisioning consumer owns both. They are facts, not state: deleted by age, never
 * compacted. Config events are compacted (latest event per object; deletes stay as records) on one
 * partition, so every consumer sees config changes in one order.
 */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  // An InformReceived or GetParameterValues answer of a large device tree exceeds Kafka's 1 MiB default.
  { name: TOPICS.deviceEvents, partitions: 64, retentionMs: 7 * DAY_MS, maxMessageBytes: MAX_RECORD_BYTES },
  { name: TOPICS.commands, partitions: 64, retentionMs: 7 * DAY_MS },
  { name: TOPICS.configEvents, partitions: 1, compacted: true },
  { name: TOPICS.audit, partitions: 6, retentionMs: 400 * DAY_MS },
  { name: TOPICS.taskEvents, partitions: 64, retentionMs: 30 * DAY_MS },
  // Rare: what a consumer could not process, with the original bytes (up to 4 MiB, base64).
  { name: TOPICS.deadLetters, partitions: 4, retentionMs: 30 * DAY_MS, maxMessageBytes: MAX_RECORD_BYTES },
];

/** The same specs with another partition count for the two device-keyed topics (plan 64-256). */
export function topicSpecs(devicePartitions: number): readonly TopicSpec[] {
  return TOPIC_SPECS.map((spec) =>
    spec.name === TOPICS.deviceEvents || spec.name === TOPICS.commands || spec.name === TOPICS.taskEvents
      ? { ...spec, partitions: devicePartitions }
      : spec,
  );
}
