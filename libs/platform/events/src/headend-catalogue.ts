import { z } from 'zod';
import { defineCatalogue, type Catalogue, type Route, type Upcaster } from './catalogue.js';
import {
  auditEventId,
  configEventId,
  configObjectKey,
  connectionRequestEventId,
  refusalEventId,
  rpcSentId,
  sessionEndedId,
  deadLetterEventId,
  sessionEventId,
  taskEventId,
  taskUpdateId,
} from './ids.js';
import { AuditEvent } from './schemas/audit-events.js';
import { CommandEvent } from './schemas/command-events.js';
import { ConfigEvent } from './schemas/config-events.js';
import { DeadLetterEvent } from './schemas/dead-letter-events.js';
import { DeviceEvent } from './schemas/device-events.js';
import { TaskEvent } from './schemas/task-events.js';
import { TOPICS, type TopicName } from './topics.js';

/** Every event of Headend, discriminated on `type`. */
export const HeadendEvent = z.discriminatedUnion('type', [
  ...DeviceEvent.options,
  ...CommandEvent.options,
  ...ConfigEvent.options,
  ...AuditEvent.options,
  ...TaskEvent.options,
  ...DeadLetterEvent.options,
]);
export type HeadendEvent = z.infer<typeof HeadendEvent>;
export type EventType = HeadendEvent['type'];
export type EventOfType<T extends EventType> = Extract<HeadendEvent, { type: T }>;

/** The producing application: ce_source names the app, never the replica, so re-sends keep their id. */
export const EVENT_SOURCES = {
  cwmpGateway: 'urn:headend:cwmp-gateway',
  adminApi: 'urn:headend:admin-api',
  provisioning: 'urn:headend:provisioning',
} as const;
export type EventSource = (typeof EVENT_SOURCES)[keyof typeof EVENT_SOURCES];

const DOMAINS: Record<TopicName, string> = {
  [TOPICS.deviceEvents]: 'cwmp',
  [TOPICS.commands]: 'command',
  [TOPICS.configEvents]: 'config',
  [TOPICS.audit]: 'audit',
  [TOPICS.taskEvents]: 'task',
  [TOPICS.deadLetters]: 'deadletter',
};

/** `org.headend.<domain>.<Type>.v<version>`; the domain follows the topic. */
export function ceTypeOf(topic: string, type: string, version: number): string {
  const domain = (DOMAINS as Record<string, string | undefined>)[topic] ?? 'unknown';
  return `org.headend.${domain}.${type}.v${version}`;
}

function routeOf(event: HeadendEvent): Route {
  switch (event.type) {
    case 'SessionStarted':
    case 'InformReceived':
    case 'TransferCompleteReceived':
    case 'AutonomousTransferCompleteReceived':
    case 'RequestDownloadReceived':
    case 'DuStateChangeCompleteReceived':
    case 'AutonomousDuStateChangeCompleteReceived':
    case 'KickedReceived':
    case 'RpcResponded':
    case 'RpcFaulted': {
      const { deviceId, sessionId, sequence } = event.data;
      return {
        topic: TOPICS.deviceEvents,
        key: deviceId,
        subject: deviceId,
        id: sessionEventId(sessionId, sequence),
      };
    }
    // Decisions of the ACS are named by what was decided, not by place (see ids.ts).
    case 'RpcSent': {
      const { deviceId, sessionId, rpcId } = event.data;
      return {
        topic: TOPICS.deviceEvents,
        key: deviceId,
        subject: deviceId,
        id: rpcSentId(sessionId, rpcId),
      };
    }
    case 'SessionEnded': {
      const { deviceId, sessionId, outcome } = event.data;
      return {
        topic: TOPICS.deviceEvents,
        key: deviceId,
        subject: deviceId,
        id: sessionEndedId(sessionId, outcome),
      };
    }
    case 'MessageRefused': {
      const { deviceId, refusalId } = event.data;
      return { topic: TOPICS.deviceEvents, key: deviceId, subject: deviceId, id: refusalEventId(refusalId) };
    }
    case 'TaskRequested':
    case 'TaskCancelled': {
      const { deviceId, taskId } = event.data;
      const what = event.type === 'TaskRequested' ? 'requested' : 'cancelled';
      return { topic: TOPICS.commands, key: deviceId, subject: deviceId, id: taskEventId(taskId, what) };
    }
    case 'ConnectionRequested': {
      const { deviceId, requestId } = event.data;
      return {
        topic: TOPICS.commands,
        key: deviceId,
        subject: deviceId,
        id: connectionRequestEventId(requestId),
      };
    }
    case 'PresetSaved':
    case 'PresetDeleted': {
      const { presetId, revision } = event.data;
      const key = configObjectKey('preset', presetId);
      return {
        topic: TOPICS.configEvents,
        key,
        subject: key,
        id: configEventId('preset', presetId, revision),
      };
    }
    case 'FileStored':
    case 'FileDeleted': {
      const { fileId, revision } = event.data;
      const key = configObjectKey('file', fileId);
      return { topic: TOPICS.configEvents, key, subject: key, id: configEventId('file', fileId, revision) };
    }
    case 'TaskUpdated': {
      const { deviceId, taskId, state, attempts } = event.data;
      return {
        topic: TOPICS.taskEvents,
        key: deviceId,
        subject: deviceId,
        id: taskUpdateId(taskId, state, attempts),
      };
    }
    case 'RecordDeadLettered': {
      const { group, topic, partition, offset, key } = event.data;
      return {
        topic: TOPICS.deadLetters,
        key,
        subject: key,
        id: deadLetterEventId(group, topic, partition, offset),
      };
    }
    case 'AdminCallAudited': {
      const { principal, callId } = event.data;
      return { topic: TOPICS.audit, key: principal, subject: principal, id: auditEventId(callId) };
    }
    default:
      return unreachable(event);
  }
}

function unreachable(event: never): never {
  throw new Error(`uncatalogued event ${JSON.stringify(event)}`);
}

/**
 * Older stored shapes still readable, with their upcasters. Empty: v1 is current for every event.
 * When an event gets a v2, its v1 schema moves here with an upcast to v2.
 */
const UPCASTERS: readonly Upcaster<HeadendEvent>[] = [];

export const HEADEND_CATALOGUE: Catalogue<HeadendEvent> = defineCatalogue<HeadendEvent>({
  events: [
    ...DeviceEvent.options.map((schema) => ({ schema, topic: TOPICS.deviceEvents })),
    ...CommandEvent.options.map((schema) => ({ schema, topic: TOPICS.commands })),
    ...ConfigEvent.options.map((schema) => ({ schema, topic: TOPICS.configEvents })),
    ...AuditEvent.options.map((schema) => ({ schema, topic: TOPICS.audit })),
    ...TaskEvent.options.map((schema) => ({ schema, topic: TOPICS.taskEvents })),
    ...DeadLetterEvent.options.map((schema) => ({ schema, topic: TOPICS.deadLetters })),
  ],
  upcasters: UPCASTERS,
  ceType: ceTypeOf,
  route: routeOf,
  defaultSource: (topic) =>
    topic === TOPICS.deviceEvents
      ? EVENT_SOURCES.cwmpGateway
      : topic === TOPICS.taskEvents || topic === TOPICS.deadLetters
        ? EVENT_SOURCES.provisioning
        : EVENT_SOURCES.adminApi,
});
