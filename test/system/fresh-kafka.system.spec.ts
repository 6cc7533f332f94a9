import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { cwmpFault } from '@headend/cwmp-codec';
import { eventually, uniqueName } from '@headend/contract-tests';
import { MongoDocumentStore } from '@headend/mongo';
import { ROOT } from './harness/app-process.js';
import type { GatewayProcess } from './harness/gateway-process.js';
import { freePort, startGateway, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import type { ProvisioningProcess } from './harness/provisioning-process.js';
import { startProvisioning } from './harness/provisioning-process.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

/**
 * Issue 10, item 9: both apps started at the same moment against a Kafka that has never had a topic
 * (its own broker, with a fresh data folder, on free ports). The gateway creates the device events
 * topic while provisioning creates the others and joins its group; neither may give up on the
 * broker's "not the leader" or "does not host this topic-partition" meanwhile. Both become ready,
 * print no error line (kafkajs's included), and a CPE's session is provisioned.
 */
const services = readBackingServices(process.env);
const run = uniqueName('fresh').replace(/[^A-Za-z0-9]/g, '');
const local = mkdtempSync(join(tmpdir(), 'headend-fresh-kafka-'));
let kafkaEnv: Record<string, string> = {};
let gateway: GatewayProcess | undefined;
let provisioning: ProvisioningProcess | undefined;
let mongo: MongoDocumentStore | undefined;

function script(command: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [command, 'kafka'], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command}: ${output}`))));
  });
}

afterAll(async () => {
  await Promise.allSettled([gateway?.stop(), provisioning?.stop()]);
  await mongo?.dropDatabase().catch(() => undefined);
  await mongo?.close();
  if (kafkaEnv['HEADEND_LOCAL_DIR'] !== undefined)
    await script('deploy/local/down.sh', kafkaEnv).catch(() => '');
  rmSync(local, { recursive: true, force: true });
}, 90_000);

/** Lines a normal start must not print: our own errors and kafkajs's. */
function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => /"level":"(error|fatal|ERROR)"|\bERROR\b/.test(line));
}

describe('first start on a fresh Kafka', () => {
  it('given a broker with no topics, when the gateway and provisioning start at once, then both become ready without an error line and a session is provisioned', async () => {
    const [port, controller] = [await freePort(), await freePort()];
    kafkaEnv = {
      HEADEND_LOCAL_DIR: local,
      HEADEND_KAFKA_PORT: String(port),
      HEADEND_KAFKA_CONTROLLER_PORT: String(controller),
    };
    await script('deploy/local/up.sh', kafkaEnv);
    const env = {
      HEADEND_KAFKA_BROKERS: `127.0.0.1:${port}`,
      HEADEND_MONGO_DB: `headend_${run}`,
      HEADEND_PROVISIONING_GROUP: `provisioning-${run}`,
      HEADEND_STARTUP_TIMEOUT_MS: '90000',
    };
    const cwmpPort = await freePort();
    const healthPort = await freePort();
    [gateway, provisioning] = await Promise.all([
      startGateway(cwmpPort, healthPort, env),
      startProvisioning({ ...env, HEADEND_INSTANCE_ID: 'fresh' }),
    ]);
    for (const health of [healthPort, provisioning.healthPort]) {
      expect((await fetch(`http://127.0.0.1:${health}/readyz`)).status).toBe(200);
    }

    const cpe = new ScriptedCpe(`http://127.0.0.1:${cwmpPort}/`, `FRESH${run}`, {
      deriveSecret: TEST_DERIVE_SECRET,
    });
    expect((await cpe.inform(['0 BOOTSTRAP', '1 BOOT'])).status).toBe(200);
    // The empty POST gets provisioning's plan (here: its end, 204), not the plan time-out.
    let answer = await cpe.send(null);
    for (let i = 0; i < 20 && answer.status === 200 && answer.message !== null; i++) {
      answer = await cpe.send(cwmpFault(9005));
    }
    expect(answer.status).toBe(204);
    mongo = await MongoDocumentStore.connect({ url: services.mongo.url, database: env.HEADEND_MONGO_DB });
    const devices = mongo.collection('devices');
    await eventually('the projection', async () => (await devices.count({ _id: cpe.deviceId })) === 1);

    const output = `${gateway.output()}\n${provisioning.output()}`;
    expect(errorLines(output)).toEqual([]);
  }, 240_000);
});
