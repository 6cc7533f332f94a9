import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { eventually, uniqueName } from '@headend/contract-tests';
import { serializeQueueItem } from '@headend/cwmp-session';
import { fromRecord, TOPICS } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { coordinationKeys } from '@headend/ports';
import type { Subscription } from '@headend/ports';
import { RedisCoordinationStore } from '@headend/redis';
import type { GatewayProcess } from './harness/gateway-process.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import { startRoundRobinProxy } from './harness/round-robin-proxy.js';
import type { RoundRobinProxy } from './harness/round-robin-proxy.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

interface ExportedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

const services = readBackingServices(process.env);
const spans: ExportedSpan[] = [];
const traceparents = new Map<string, string[]>();
let collector: Server;
let gateways: GatewayProcess[] = [];
let proxy: RoundRobinProxy;
let log: KafkaEventLog;
let redis: RedisCoordinationStore;
let reader: Subscription;

/** A stand-in OTLP/HTTP collector: keeps the spans the gateways export (JSON encoding). */
async function startCollector(): Promise<number> {
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans?: { scopeSpans?: { spans?: ExportedSpan[] }[] }[];
      };
      for (const resource of body.resourceSpans ?? [])
        for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => collector.listen(0, '127.0.0.1', () => done()));
  const address = collector.address();
  return typeof address === 'object' && address ? address.port : 0;
}

beforeAll(async () => {
  const port = await startCollector();
  const otel = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'tracing-test' });
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  gateways = await Promise.all([startGatewayOnFreePorts(otel), startGatewayOnFreePorts(otel)]);
  proxy = await startRoundRobinProxy(gateways.map((g) => g.port));
  reader = await log.subscribe({
    groupId: uniqueName('tracing-reader'),
    topics: [TOPICS.deviceEvents],
    fromBeginning: false,
    handler: (record) => {
      const decoded = fromRecord(record);
      if (decoded.ok && decoded.meta.traceparent)
        traceparents.set(record.key, [...(traceparents.get(record.key) ?? []), decoded.meta.traceparent]);
      return Promise.resolve();
    },
  });
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(gateways.map((g) => g.stop()));
  await reader?.stop();
  await Promise.all([log?.close(), redis?.close()]);
  collector?.close();
});

describe('cwmp-gateway tracing (OpenTelemetry, OTLP/HTTP)', () => {
  it('given a session across two replicas, then it is one trace: session, requests and RPC spans, and its events carry it', async () => {
    const device = new ScriptedCpe(`http://127.0.0.1:${proxy.port}/`, uniqueName('SN').replaceAll('-', ''), {
      deriveSecret: TEST_DERIVE_SECRET,
    });
    await device.inform();
    await redis.enqueue(coordinationKeys.rpcQueue(device.deviceId), [
      serializeQueueItem({
        kind: 'rpc',
        rpcId: 'r1',
        request: { type: 'GetParameterValues', parameterNames: ['InternetGatewayDevice.'] },
      }),
      serializeQueueItem({ kind: 'end' }),
    ]);
    const rpc = await device.send(null);
    expect(
      (await device.send({ type: 'GetParameterValuesResponse', parameterList: [] }, rpc.cwmpId)).status,
    ).toBe(204);

    // Each replica exports on its own schedule, so wait until both have flushed their part of the trace.
    const rootSpan = (): ExportedSpan | undefined =>
      spans.find(
        (s) =>
          s.name === 'cwmp.session' &&
          spans.some((r) => r.name === 'cwmp.rpc GetParameterValues' && r.traceId === s.traceId),
      );
    await eventually(
      'the exported spans of both replicas',
      () => {
        const candidate = rootSpan();
        return candidate !== undefined && spans.filter((s) => s.traceId === candidate.traceId).length >= 4;
      },
      15_000,
    );
    const root = rootSpan();
    expect(root).toBeDefined();
    const trace = spans.filter((s) => s.traceId === root!.traceId);
    expect(trace.map((s) => s.name).sort()).toEqual([
      'cwmp.request',
      'cwmp.request',
      'cwmp.rpc GetParameterValues',
      'cwmp.session',
    ]);
    for (const span of trace.filter((s) => s !== root)) expect(span.parentSpanId).toBe(root!.spanId);

    await eventually('the events', () => (traceparents.get(device.deviceId)?.length ?? 0) >= 5);
    for (const traceparent of traceparents.get(device.deviceId) ?? [])
      expect(traceparent.split('-')[1]).toBe(root!.traceId);
  });
});
