import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { uniqueName } from '@headend/contract-tests';
import { serializeQueueItem } from '@headend/cwmp-session';
import { coordinationKeys } from '@headend/ports';
import { RedisCoordinationStore } from '@headend/redis';
import type { GatewayProcess } from './harness/gateway-process.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import type { PoolingProxy } from './harness/pooling-proxy.js';
import { startPoolingProxy } from './harness/pooling-proxy.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

/**
 * Behind a pooling reverse proxy, the requests of many CPEs share one connection to the gateway. A
 * session found by that connection belongs to whoever spoke last on it: a request that carries
 * credentials continues only its own device's session, so no CPE ever receives another's RPCs.
 */

const services = readBackingServices(process.env);
const DEVICES = 4;
const RPCS = 2;

let gateway: GatewayProcess;
let proxy: PoolingProxy;
let redis: RedisCoordinationStore;

beforeAll(async () => {
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  gateway = await startGatewayOnFreePorts({ HEADEND_PLAN_TIMEOUT_MS: '3000' });
  proxy = await startPoolingProxy(gateway.port);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await gateway?.stop();
  await redis?.close();
});

const secretOf = (cpe: ScriptedCpe, n: number) => `wifi-${cpe.serial}-${n}`;

describe('cwmp-gateway behind a pooling keep-alive proxy', () => {
  it('given cookie-less CPEs with queued RPCs carrying secrets on one upstream connection, then every device receives only its own RPCs', async () => {
    const cpes = Array.from(
      { length: DEVICES },
      () =>
        new ScriptedCpe(`http://127.0.0.1:${proxy.port}/`, uniqueName('SN').replaceAll('-', ''), {
          deriveSecret: TEST_DERIVE_SECRET,
          cookies: false,
          preemptive: true,
        }),
    );
    // Every Inform first: the upstream connection now carries the last device's session.
    for (const cpe of cpes) expect((await cpe.inform()).status).toBe(200);
    for (const cpe of cpes) {
      const items = Array.from({ length: RPCS }, (_, n) =>
        serializeQueueItem({
          kind: 'rpc',
          rpcId: `set-${n}`,
          request: {
            type: 'SetParameterValues',
            parameterKey: '',
            parameterList: [
              {
                name: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase',
                value: secretOf(cpe, n),
                type: 'xsd:string',
              },
            ],
          },
        }),
      );
      await redis.enqueue(coordinationKeys.rpcQueue(cpe.deviceId), [
        ...items,
        serializeQueueItem({ kind: 'end' }),
      ]);
    }

    const received = new Map<ScriptedCpe, string[]>(cpes.map((cpe) => [cpe, []]));
    const record = (cpe: ScriptedCpe, text: string) => {
      for (const other of cpes)
        for (let n = 0; n < RPCS; n++)
          if (text.includes(secretOf(other, n))) received.get(cpe)!.push(secretOf(other, n));
    };
    // Round after round, each device speaks in turn on the shared connection.
    const last = new Map<ScriptedCpe, Awaited<ReturnType<ScriptedCpe['send']>>>();
    for (const cpe of cpes) {
      const answer = await cpe.send(null);
      record(cpe, answer.text);
      last.set(cpe, answer);
    }
    for (let round = 0; round < RPCS; round++) {
      for (const cpe of cpes) {
        const previous = last.get(cpe)!;
        if (previous.status !== 200 || previous.message?.type !== 'SetParameterValues') continue;
        const answer = await cpe.send({ type: 'SetParameterValuesResponse', status: 0 }, previous.cwmpId);
        record(cpe, answer.text);
        last.set(cpe, answer);
      }
    }

    expect(proxy.upstreamConnections()).toBe(1);
    for (const cpe of cpes) {
      expect(received.get(cpe), cpe.serial).toEqual(Array.from({ length: RPCS }, (_, n) => secretOf(cpe, n)));
      expect(last.get(cpe)?.status, cpe.serial).toBe(204);
    }
  }, 120_000);
});
