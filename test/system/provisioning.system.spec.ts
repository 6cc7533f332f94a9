import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { uniqueName } from '@headend/contract-tests';
import type { DeviceEvent, HeadendEvent } from '@headend/events';
import { toRecord, topicSpecs } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import { fromStoredProjection } from '@headend/provisioning-planner';
import type { DeviceProjection, StoredProjection } from '@headend/provisioning-planner';
import type { DeviceEventTap } from './harness/device-events.js';
import { tapDeviceEvents } from './harness/device-events.js';
import type { GatewayProcess } from './harness/gateway-process.js';
import { deleteLeftoverPresets } from './harness/leftover-presets.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import type { ProvisioningProcess } from './harness/provisioning-process.js';
import { startProvisioning } from './harness/provisioning-process.js';
import type { RoundRobinProxy } from './harness/round-robin-proxy.js';
import { startRoundRobinProxy } from './harness/round-robin-proxy.js';

/**
 * Issue 5's system test: real Kafka, Redis and the MongoDB-wire server, two gateways behind a
 * round-robin proxy, the provisioning service, and 200 simulated CPEs of three real models.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const services = readBackingServices(process.env);
const run = uniqueName('p').replace(/[^A-Za-z0-9]/g, '');
const SSID = `headend-${run}`;
const FIRMWARE = `FW-${run}`;
const INTERVAL = '17';
const DEVICES = 200;
const TR098_SSID = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID';
const TR181_SSID = 'Device.WiFi.SSID.1.SSID';
const TR098_INTERVAL = 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval';
const TR181_INTERVAL = 'Device.ManagementServer.PeriodicInformInterval';

const env = {
  HEADEND_MONGO_DB: `headend_${run}`,
  HEADEND_PROVISIONING_GROUP: `provisioning-${run}`,
  HEADEND_PROVISIONING_START: 'latest',
  HEADEND_INSTANCE_ID: 'system-test',
  HEADEND_RETRY_BASE_MS: '1000',
  HEADEND_RETRY_MAX_MS: '5000',
};

let gateways: GatewayProcess[] = [];
let proxy: RoundRobinProxy;
let provisioning: ProvisioningProcess;
let log: KafkaEventLog;
let mongo: MongoDocumentStore;
let tap: DeviceEventTap;
let sim: ChildProcess | undefined;
let rebuild: ChildProcess | undefined;
let revision = 1;

const presets = [
  {
    presetId: `tr098-${run}`,
    definition: {
      precondition: { 'DeviceID.ProductClass': 'BM632w' },
      configurations: [
        { kind: 'value', path: TR098_SSID, value: SSID },
        { kind: 'value', path: TR098_INTERVAL, value: Number(INTERVAL) },
        { kind: 'refresh', path: 'InternetGatewayDevice.DeviceInfo.', everySeconds: 3600 },
      ],
    },
  },
  {
    presetId: `tr181-${run}`,
    definition: {
      precondition: { 'DeviceID.ProductClass': 'EC220-G5' },
      configurations: [
        { kind: 'value', path: TR181_SSID, value: SSID },
        { kind: 'value', path: TR181_INTERVAL, value: Number(INTERVAL) },
        { kind: 'refresh', path: 'Device.DeviceInfo.', everySeconds: 3600 },
      ],
    },
  },
  {
    presetId: `seen-${run}`,
    definition: { configurations: [{ kind: 'tag', tag: `seen-${run}`, present: true }] },
  },
];

async function append(...events: HeadendEvent[]): Promise<void> {
  await log.append(events.map((e) => toRecord(e, { time: new Date().toISOString() })));
}

async function devices(): Promise<DeviceProjection[]> {
  return (await mongo.collection<StoredProjection>('devices').find({})).map(fromStoredProjection);
}

const registered = () => mongo.collection<StoredProjection>('devices').count({});

const valueOf = (d: DeviceProjection, path: string) => d.parameters.find((p) => p.path === path)?.value;

/**
 * What a projection knows about its device. Left out: the planner's working state (the session in
 * hand, open preset faults) and bookkeeping (positions), which depend on how the two device-keyed
 * topics, events and commands, interleaved when they were read; the log does not record that.
 */
function facts(d: DeviceProjection) {
  return {
    identity: d.identity,
    registeredAt: d.registeredAt,
    lastInform: d.lastInform,
    root: d.root,
    connectionRequestUrl: d.connectionRequestUrl,
    parameters: d.parameters,
    absent: d.absent,
    tags: d.tags,
    tasks: d.tasks.map((t) => ({ id: t.id, state: t.state })),
    transfers: d.transfers,
  };
}

/** Like eventually, but polls once a second: each look reads every projection from the server. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    if (process.env['HEADEND_TEST_VERBOSE']) process.stderr.write(`waiting for ${what}\n`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

function startSim(): ChildProcess {
  const args = [
    '--acs-url',
    `http://127.0.0.1:${proxy.port}/`,
    '--devices',
    String(DEVICES),
    '--models',
    'bm632w:2,tplink-ec220-g5:2,huawei-eg8145v5:1',
    '--storm-seconds',
    '30',
    '--interval',
    '12',
    '--boot-seconds',
    '2',
    '--derive-secret',
    TEST_DERIVE_SECRET,
    '--inject-fault',
    `SetParameterValues:${TR098_SSID}=9002x1`,
    '--inject-fault-share',
    '0.25',
    '--progress-seconds',
    '0',
    '--seed',
    String(Date.now() % 100_000),
  ];
  return spawn(process.execPath, ['--import', 'tsx', 'apps/cpe-sim/src/main.ts', ...args], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

beforeAll(async () => {
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'provisioning-test' });
  mongo = await MongoDocumentStore.connect({ url: services.mongo.url, database: env.HEADEND_MONGO_DB });
  await log.ensureTopics(topicSpecs(4));
  await deleteLeftoverPresets(log, /^(tr098|tr181|seen)-p/);
  await append(
    {
      type: 'FileStored',
      version: 1,
      data: {
        fileId: `fw-${run}`,
        revision: 1,
        name: `${FIRMWARE}.bin`,
        fileType: '1 Firmware Upgrade Image',
        length: 1024,
        sha256: '0'.repeat(64),
        definition: { url: `http://127.0.0.1:9/firmware/${FIRMWARE}.bin`, version: FIRMWARE },
      },
    },
    ...presets.map((p): HeadendEvent => ({
      type: 'PresetSaved',
      version: 1,
      data: { presetId: p.presetId, revision, name: p.presetId, definition: p.definition },
    })),
  );
  const gatewayEnv = { HEADEND_PLAN_TIMEOUT_MS: '15000' };
  gateways = await Promise.all([startGatewayOnFreePorts(gatewayEnv), startGatewayOnFreePorts(gatewayEnv)]);
  proxy = await startRoundRobinProxy(gateways.map((g) => g.port));
  tap = await tapDeviceEvents(log, uniqueName('provisioning-tap'));
  provisioning = await startProvisioning(env);
}, 180_000);

afterAll(async () => {
  sim?.kill('SIGKILL');
  rebuild?.kill('SIGKILL');
  if (process.env['HEADEND_TEST_VERBOSE'])
    process.stderr.write(`provisioning said:\n${provisioning?.output().slice(-6000)}\n`);
  revision += 1;
  // Presets live in a compacted topic: delete this run's, so later runs on this machine never see them.
  if (log) {
    await append(
      ...presets.map((p): HeadendEvent => ({
        type: 'PresetDeleted',
        version: 1,
        data: { presetId: p.presetId, revision },
      })),
    );
  }
  await proxy?.close();
  await Promise.all([...gateways.map((g) => g.stop()), provisioning?.stop()]);
  await tap?.stop();
  await mongo?.dropDatabase().catch(() => undefined);
  await Promise.all([log?.close(), mongo?.close()]);
});

describe('provisioning with two gateways and 200 simulated CPEs', () => {
  it('given presets, a firmware task, an injected fault and a SIGKILL, then every device converges and no write is sent twice', async () => {
    expect(await provisioning.metric('headend_provisioning_presets')).toBe(3);
    sim = startSim();

    // Mid-storm, provisioning crashes and comes back.
    await waitFor('the first registrations', async () => (await registered()) >= 20, 60_000);
    await provisioning.kill();
    provisioning = await startProvisioning(env);

    await waitFor('every device registered', async () => (await registered()) === DEVICES, 120_000);

    // Firmware for three of the TR-098 devices, as operator tasks.
    const targets = (await devices()).filter((d) => d.identity.productClass === 'BM632w').slice(0, 3);
    expect(targets).toHaveLength(3);
    await append(
      ...targets.map((d, i): HeadendEvent => ({
        type: 'TaskRequested',
        version: 1,
        data: {
          taskId: `fw-${run}-${i}`,
          deviceId: d._id,
          task: {
            name: 'download',
            fileId: `fw-${run}`,
            fileType: '1 Firmware Upgrade Image',
            targetFileName: null,
          },
          expiry: null,
          requestedBy: 'system-test',
        },
      })),
    );

    const converged = (d: DeviceProjection): boolean => {
      if (!d.tags.includes(`seen-${run}`)) return false;
      const tr098 = d.identity.productClass === 'BM632w';
      const tr181 = d.identity.productClass === 'EC220-G5';
      if (tr098 && (valueOf(d, TR098_SSID) !== SSID || valueOf(d, TR098_INTERVAL) !== INTERVAL)) return false;
      if (tr181 && (valueOf(d, TR181_SSID) !== SSID || valueOf(d, TR181_INTERVAL) !== INTERVAL)) return false;
      const discovered = d.refreshed.some((r) => r.deep && r.path.endsWith('.DeviceInfo.'));
      if ((tr098 || tr181) && !discovered) return false;
      return d.tasks.every((t) => t.state === 'done');
    };
    await waitFor(
      'every device converged',
      async () => {
        const all = await devices();
        const pending = all.filter((d) => !converged(d));
        if (process.env['HEADEND_TEST_VERBOSE'] && pending[0] !== undefined) {
          const d = pending[0];
          process.stderr.write(
            `${all.length} registered, ${pending.length} not converged; e.g. ${d._id} ${d.identity.productClass} tags=${d.tags.join()} tasks=${d.tasks.map((t) => t.state).join()} faults=${JSON.stringify(d.faults)} refreshed=${JSON.stringify(d.refreshed)} session=${JSON.stringify(d.session)?.slice(0, 300)}\n`,
          );
        }
        return all.length === DEVICES && pending.length === 0;
      },
      240_000,
    );

    const all = await devices();
    for (const target of targets) {
      const device = all.find((d) => d._id === target._id)!;
      expect(valueOf(device, 'InternetGatewayDevice.DeviceInfo.SoftwareVersion')).toBe(FIRMWARE);
      expect(device.tasks.map((t) => t.state)).toEqual(['done']);
    }
    // The Huawei model matches no value preset: it was registered and tagged, and nothing was written.
    const huawei = all.filter(
      (d) => d.identity.productClass !== 'BM632w' && d.identity.productClass !== 'EC220-G5',
    );
    expect(huawei.length).toBeGreaterThan(0);

    // Every SetParameterValues for the SSID change: once per device, twice where the CPE faulted it once.
    let faulted = 0;
    for (const device of all.filter((d) => d.identity.productClass === 'BM632w')) {
      const events = tap.of(device._id).map((e) => e.event);
      const sent = events.filter(
        (e): e is Extract<DeviceEvent, { type: 'RpcSent' }> =>
          e.type === 'RpcSent' &&
          e.data.request.method === 'SetParameterValues' &&
          e.data.request.parameterList.some((p) => p.name === TR098_SSID && p.value === SSID),
      );
      const faults = events.filter((e) => e.type === 'RpcFaulted' && e.data.method === 'SetParameterValues');
      if (faults.length > 0) faulted += 1;
      expect(sent.length, device._id).toBe(1 + faults.length);
      expect(faults.length, device._id).toBeLessThanOrEqual(1);
    }
    expect(faulted).toBeGreaterThan(0);
    for (const device of huawei) {
      const writes = tap.of(device._id).filter((e) => e.event.type === 'RpcSent');
      expect(writes, device._id).toEqual([]);
    }
  }, 520_000);

  it('given the converged fleet, when the projections are rebuilt from Kafka, then each equals the live one', async () => {
    // The fleet stops, the sessions in flight end (a held request times out after 15 s), provisioning
    // folds the last events and stops: the live projections are final.
    const simExited = new Promise((r) => sim?.once('exit', r));
    sim?.kill('SIGTERM');
    await simExited;
    await new Promise((r) => setTimeout(r, 16_000));
    const ours = (await devices()).map((d) => d._id);
    let seen = -1;
    await waitFor(
      'the device events to settle',
      () => {
        const now = ours.reduce((sum, id) => sum + tap.of(id).length, 0);
        const settled = now === seen;
        seen = now;
        return Promise.resolve(settled);
      },
      60_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    await provisioning.stop();
    const output = await new Promise<string>((done, fail) => {
      const child = (rebuild = spawn(
        process.execPath,
        ['--import', 'tsx', 'apps/provisioning/src/rebuild.ts', '--known-only'],
        {
          cwd: ROOT,
          env: { ...process.env, ...env },
        },
      ));
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) =>
        code === 0 ? done(out) : fail(new Error(`rebuild exited ${code}: ${err}`)),
      );
    });
    expect(JSON.parse(output)).toMatchObject({ collection: 'devices_rebuild' });
    const live = await devices();
    expect(live).toHaveLength(DEVICES);
    const rebuilt = mongo.collection<StoredProjection>('devices_rebuild');
    for (const device of live) {
      const again = await rebuilt.findOne({ _id: device._id });
      expect(again, device._id).not.toBeNull();
      expect(facts(fromStoredProjection(again!)), device._id).toEqual(facts(device));
    }
  }, 420_000);
});
