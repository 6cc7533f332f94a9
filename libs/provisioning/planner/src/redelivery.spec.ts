import { TOPICS } from '@headend/events';
import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import type { DeviceProjection } from './projection.js';
import type { Fed } from './testing/world.js';
import { preset, World } from './testing/world.js';

const IGD = 'InternetGatewayDevice.';
const SSID = `${IGD}LANDevice.1.WLANConfiguration.1.SSID`;
const INTERVAL = `${IGD}ManagementServer.PeriodicInformInterval`;
const POOL = `${IGD}LANDevice.1.LANHostConfigManagement.DHCPConditionalServingPool.`;
const MINUTE = 60_000;

/** Folds recorded inputs, each with the context it was first decided in, into `from`. */
function replay(fed: readonly Fed[], from: DeviceProjection | null = null): DeviceProjection | null {
  let projection = from;
  for (const { input, position, ctx } of fed)
    projection = decide(projection, input, position, ctx).projection;
  return projection;
}

/** A device's life with a bit of everything: presets, tasks, faults, a download and a reboot. */
function busyWorld(): World {
  const world = new World('bm632w', {
    transferSeconds: [1, 1],
    injectedFaults: [{ method: 'GetParameterValues', path: `${IGD}DeviceInfo.`, code: 9002, times: 1 }],
  });
  world.files.set('fw', {
    id: 'fw',
    name: 'fw',
    fileType: '1 Firmware Upgrade Image',
    length: 10,
    url: 'http://files.example/V2.bin',
    version: 'V2',
  });
  world.presets = [
    preset('wifi', {
      configurations: [
        { kind: 'value', path: SSID, value: 'headend' },
        { kind: 'value', path: INTERVAL, value: 'often' },
        { kind: 'tag', tag: 'managed', present: true },
      ],
    }),
    preset('pool', {
      configurations: [{ kind: 'instance', object: POOL, key: [{ name: 'VendorClassID', value: 'guest' }] }],
    }),
  ];
  world.session();
  world.requestTask('read', { name: 'getParameterValues', parameterNames: [`${IGD}DeviceInfo.UpTime`] });
  world.requestTask('dl', {
    name: 'download',
    fileId: 'fw',
    fileType: '1 Firmware Upgrade Image',
    targetFileName: null,
  });
  world.now += MINUTE;
  world.session();
  world.requestTask('rb', { name: 'reboot' });
  world.now += 2 * MINUTE;
  world.session();
  world.cancelTask('rb');
  world.now += 5 * MINUTE;
  world.session();
  world.session();
  return world;
}

describe('redelivery: every update is idempotent', () => {
  it('given a folded record, when it is delivered again with the same position, then it is a duplicate: no effects, projection unchanged', () => {
    const world = busyWorld();
    const before = world.projection;
    for (const { input, position, ctx } of world.fed.slice(-8)) {
      const again = decide(before, input, position, ctx);
      expect(again).toEqual({ projection: before, effects: [], duplicate: true });
    }
  });

  it('given a record older than the last one folded from its partition, then it is a duplicate too', () => {
    const world = busyWorld();
    const first = world.fed[0];
    if (first === undefined) throw new Error('nothing was fed');
    const again = decide(world.projection, first.input, first.position, first.ctx);
    expect(again.duplicate).toBe(true);
    expect(again.effects).toEqual([]);
  });

  it('given the last position of one topic, then a record of another topic with a lower offset is not taken for a duplicate', () => {
    const world = new World();
    world.session();
    const device = world.projection?.positions.find((p) => p.topic === TOPICS.deviceEvents);
    expect(Number(device?.offset)).toBeGreaterThan(0);

    const decision = decide(
      world.projection,
      {
        kind: 'command',
        event: {
          type: 'TaskRequested',
          version: 1,
          data: {
            taskId: 't',
            deviceId: world.deviceId,
            task: { name: 'reboot' },
            expiry: null,
            requestedBy: 'op',
          },
        },
      },
      { topic: TOPICS.commands, partition: 0, offset: '0' },
      { now: world.now, presets: [], files: new Map(), policy: world.policy },
    );

    expect(decision.duplicate).toBe(false);
    expect(decision.projection?.tasks.map((t) => t.id)).toEqual(['t']);
  });

  it('given the inputs of a whole device life, when they are replayed into a fresh projection, then it equals the live one (rebuild equals live)', () => {
    const world = busyWorld();
    // The life went through the interesting states: this is what the rebuild has to reproduce.
    expect(world.projection?.tags).toEqual(['managed']);
    expect(world.projection?.faults.map((f) => f.scope)).toEqual(['preset:wifi']);
    expect(world.projection?.tasks.map((t) => [t.id, t.state])).toEqual([
      ['read', 'done'],
      ['dl', 'done'],
      ['rb', 'cancelled'],
    ]);

    expect(replay(world.fed)).toEqual(world.projection);
  });

  it('given a crash after the projection was stored but before the offsets were committed, when the records since the commit are redelivered, then nothing changes whatever the point', () => {
    const world = busyWorld();
    const live = world.projection;
    for (let stored = 1; stored <= world.fed.length; stored++) {
      const committed = Math.max(0, stored - 7);
      const atCrash = replay(world.fed.slice(0, stored));
      const redelivered = replay(world.fed.slice(committed), atCrash);
      expect(redelivered, `crash after record ${stored}`).toEqual(live);
    }
  });

  it('given a rebuilt projection, when the device calls again, then the planner decides as it would have live', () => {
    const live = busyWorld();
    const rebuilt = busyWorld();
    rebuilt.projection = replay(rebuilt.fed);

    for (const world of [live, rebuilt]) world.now += 10 * MINUTE;
    expect(rebuilt.session().rpcs).toEqual(live.session().rpcs);
    expect(rebuilt.projection).toEqual(live.projection);
  });
});
