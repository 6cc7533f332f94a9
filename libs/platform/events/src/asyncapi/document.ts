import { z } from 'zod';
import type { CurrentEvent } from '../catalogue.js';
import { EVENT_SOURCES, HEADEND_CATALOGUE, type EventType } from '../headend-catalogue.js';
import { CE_HEADERS, CONTENT_TYPE, SPEC_VERSION } from '../headers.js';
import { JsonValue } from '../schemas/common.js';
import { TOPICS, TOPIC_SPECS, type TopicName } from '../topics.js';
import { EVENT_DESCRIPTIONS } from './descriptions.js';

/**
 * The AsyncAPI 3.0 document of Headend's topics, generated from the catalogue's zod schemas. Pure: the
 * same catalogue always gives the same document (asyncapi.spec.ts compares it with the checked-in file).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface ChannelInfo {
  readonly id: string;
  readonly title: string;
  readonly key: string;
  readonly idRule: string;
  readonly writer: string;
  readonly description: string;
}

const CHANNELS: Record<TopicName, ChannelInfo> = {
  [TOPICS.deviceEvents]: {
    id: 'deviceEvents',
    title: 'CWMP device events',
    key: 'Device id: `OUI-ProductClass-SerialNumber` (or `OUI-SerialNumber`), each part percent-encoded as GenieACS does.',
    idRule:
      '`<sessionId>:<sequence>` for what the CPE said (its place in the session, 0 = SessionStarted); `<sessionId>:rpc:<rpcId>` for RpcSent and `<sessionId>:<outcome>` for SessionEnded (decisions are named by what was decided, so a crash between append and save never reuses an id); `<refusalId>:refused` for MessageRefused.',
    writer: EVENT_SOURCES.cwmpGateway,
    description:
      "Everything observed from a CPE, session by session. Keyed by device id, so one device's events are totally ordered within a partition. Delivery is at least once: dedupe on ce_id.",
  },
  [TOPICS.commands]: {
    id: 'commands',
    title: 'ACS commands',
    key: 'Device id, as on cwmp.device-events.v1 (same partition count: co-partitioned).',
    idRule: '`<taskId>:requested`, `<taskId>:cancelled`, `<requestId>:connection-requested`.',
    writer: EVENT_SOURCES.adminApi,
    description: 'Operator and integrator commands addressed to one device.',
  },
  [TOPICS.configEvents]: {
    id: 'configEvents',
    title: 'ACS configuration events',
    key: '`preset:<presetId>` or `file:<fileId>`.',
    idRule: '`preset:<presetId>:<revision>`, `file:<fileId>:<revision>`.',
    writer: EVENT_SOURCES.adminApi,
    description: 'Presets and files. Compacted: the latest event of each object is kept.',
  },
  [TOPICS.audit]: {
    id: 'audit',
    title: 'Admin audit trail',
    key: 'The principal who made the call.',
    idRule: '`audit:<callId>`.',
    writer: EVENT_SOURCES.adminApi,
    description: 'Every mutating admin call, its principal and its outcome.',
  },
  [TOPICS.taskEvents]: {
    id: 'taskEvents',
    title: 'Task lifecycle',
    key: 'Device id, as on cwmp.device-events.v1.',
    idRule: '`<taskId>:<state>:<attempts>`.',
    writer: EVENT_SOURCES.provisioning,
    description: "Each change of a task's state, as provisioning runs it on the device.",
  },
  [TOPICS.deadLetters]: {
    id: 'deadLetters',
    title: 'Dead letters',
    key: 'The original record key (a device id, as on cwmp.device-events.v1, for device records).',
    idRule: '`dead-letter:<group>:<topic>:<partition>:<offset>`.',
    writer: EVENT_SOURCES.provisioning,
    description:
      'Records a consumer group could not process and never will (undecodable, or the projection they would make cannot be stored): the record stays where it was, this says where, why, and carries its bytes (base64, up to 4 MiB). The group moved on past it.',
  },
};

const JSON_VALUE_REF = '#/components/schemas/JsonValue';

/** draft-07 JSON Schema of a zod schema, self-contained except for the shared JsonValue. */
function payloadSchema(schema: z.ZodType): JsonObject {
  const generated = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    override: (ctx) => {
      if (ctx.zodSchema !== JsonValue) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
      ctx.jsonSchema.$ref = JSON_VALUE_REF;
    },
  }) as JsonObject;
  delete generated.$schema;
  const text = JSON.stringify(generated);
  if (text.includes('"#/definitions/') || 'definitions' in generated) {
    throw new Error('payload schema has local definitions; give it a component schema instead');
  }
  return generated;
}

function headersSchema(event: CurrentEvent, channel: ChannelInfo): JsonObject {
  return {
    type: 'object',
    description: 'CloudEvents 1.0 attributes, Kafka protocol binding, binary mode.',
    properties: {
      [CE_HEADERS.specversion]: { type: 'string', const: SPEC_VERSION },
      [CE_HEADERS.id]: { type: 'string', description: `Deterministic: ${channel.idRule} Dedupe on it.` },
      [CE_HEADERS.source]: {
        type: 'string',
        description: `The producing application, e.g. \`${channel.writer}\`.`,
      },
      [CE_HEADERS.type]: { type: 'string', const: event.ceType },
      [CE_HEADERS.subject]: { type: 'string', description: 'The same as the record key.' },
      [CE_HEADERS.time]: { type: 'string', format: 'date-time', description: 'When it happened (RFC 3339).' },
      [CE_HEADERS.contentType]: { type: 'string', const: CONTENT_TYPE },
      [CE_HEADERS.traceparent]: {
        type: 'string',
        description: 'W3C Trace Context of the producing span; optional.',
        pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?$',
      },
      [CE_HEADERS.dataschema]: { type: 'string', format: 'uri', description: 'Optional.' },
    },
    required: [
      CE_HEADERS.specversion,
      CE_HEADERS.id,
      CE_HEADERS.source,
      CE_HEADERS.type,
      CE_HEADERS.subject,
      CE_HEADERS.time,
      CE_HEADERS.contentType,
    ],
  };
}

const JSON_VALUE_SCHEMA: JsonObject = {
  description: 'Any JSON value, nested at most 32 deep, at most 100,000 nodes, no `__proto__` keys.',
  anyOf: [
    { type: 'null' },
    { type: 'boolean' },
    { type: 'number' },
    { type: 'string' },
    { type: 'array', items: { $ref: JSON_VALUE_REF } },
    { type: 'object', additionalProperties: { $ref: JSON_VALUE_REF } },
  ],
};

function topicBinding(topic: TopicName): JsonObject {
  const spec = TOPIC_SPECS.find((candidate) => candidate.name === topic);
  const configuration: JsonObject = { 'cleanup.policy': [spec?.compacted === true ? 'compact' : 'delete'] };
  if (spec?.retentionMs !== undefined) configuration['retention.ms'] = spec.retentionMs;
  return {
    kafka: {
      topic,
      ...(spec === undefined ? {} : { partitions: spec.partitions }),
      topicConfiguration: configuration,
      bindingVersion: '0.5.0',
    },
  };
}

export function buildAsyncApiDocument(): JsonObject {
  const events = [...HEADEND_CATALOGUE.current.values()];
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};

  for (const topic of Object.values(TOPICS)) {
    const channel = CHANNELS[topic];
    const onTopic = events.filter((event) => event.topic === topic);
    const channelMessages: JsonObject = {};
    for (const event of onTopic) {
      channelMessages[event.type] = { $ref: `#/components/messages/${event.type}` };
      messages[event.type] = {
        name: event.type,
        title: `${event.type} v${event.version}`,
        summary: EVENT_DESCRIPTIONS[event.type as EventType],
        contentType: CONTENT_TYPE,
        headers: headersSchema(event, channel),
        payload: payloadSchema(event.schema.shape.data),
        bindings: { kafka: { key: { type: 'string', description: channel.key }, bindingVersion: '0.5.0' } },
      };
    }
    channels[channel.id] = {
      address: topic,
      title: channel.title,
      description: `${channel.description}\n\nKey: ${channel.key}\n\nce_id: ${channel.idRule}`,
      messages: channelMessages,
      bindings: topicBinding(topic),
    };
    operations[`send${channel.id[0]?.toUpperCase() ?? ''}${channel.id.slice(1)}`] = {
      action: 'send',
      title: `${channel.writer} appends to ${topic}`,
      channel: { $ref: `#/channels/${channel.id}` },
      messages: onTopic.map((event) => ({ $ref: `#/channels/${channel.id}/messages/${event.type}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Headend events',
      version: '1.0.0',
      description:
        'The Kafka topics of Headend, a TR-069 (CWMP) ACS. Every record is a CloudEvents 1.0 event in binary mode: attributes in `ce_*` headers, the event data as UTF-8 JSON in the value. Generated from libs/platform/events; do not edit by hand.',
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: CONTENT_TYPE,
    channels,
    operations,
    components: { schemas: { JsonValue: JSON_VALUE_SCHEMA }, messages },
  };
}

/** The document as written to libs/platform/events/asyncapi.json. */
export function renderAsyncApiDocument(): string {
  return `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`;
}
