import { advance, withSessionEvent } from '@headend/cpe-model';
import { describe, expect, it } from 'vitest';
import { preset, requestNames, World } from './testing/world.js';
import { DEFAULT_POLICY } from './working.js';
import { VERSION_MISMATCH_FAULT } from './transfers.js';

const IGD = 'InternetGatewayDevice.';
const SSID = `${IGD}LANDevice.1.WLANConfiguration.1.SSID`;
const ENABLE = `${IGD}LANDevice.1.WLANConfiguration.1.Enable`;
const INTERVAL = `${IGD}ManagementServer.PeriodicInformInterval`;
const VERSION = `${IGD}DeviceInfo.SoftwareVersion`;
const GHOST = `${IGD}No.Such`;
const FIRMWARE = '1 Firmware Upgrade Image';
const MINUTE = 60_000;
const { baseMs } = DEFAULT_POLICY.retry;

/** Every request sent at most once per session: the planner's own guarantee, checked on each log. */
function distinct(rpcs: readonly unknown[]): boolean {
  return new Set(rpcs.map((r) => JSON.stringify(r))).size === rpcs.length;
}

describe('faults: 9005 leads to rediscovery, not a loop', () => {
  it('given a preset whose values include a name the device lacks, when the batched read faults 9005, then one-by-one reads find it and the rest is written in the same session', () => {
    const world = new World();
    world.presets = [
      preset('p', {
        configurations: [
          { kind: 'value', path: SSID, value: 'found' },
          { kind: 'value', path: INTERVAL, value: 600 },
          { kind: 'value', path: GHOST, value: 'x' },
        ],
      }),
    ];

    const log = world.session();

    expect(log.rpcs[0]).toEqual({ type: 'GetParameterValues', parameterNames: [SSID, INTERVAL, GHOST] });
    expect(log.answers[0]).toMatchObject({ type: 'Fault', detail: { faultCode: 9005 } });
    expect(log.rpcs).toContainEqual({ type: 'GetParameterValues', parameterNames: [GHOST] });
    expect(distinct(log.rpcs)).toBe(true);
    expect(world.projection?.absent).toEqual([GHOST]);
    expect(world.actual(SSID)).toBe('found');
    expect(world.actual(INTERVAL)).toBe('600');
    expect(world.projection?.faults).toEqual([]);
    expect(log.rpcs.filter((r) => r.type === 'SetParameterValues')).toEqual([
      expect.objectContaining({
        parameterList: [
          { name: SSID, value: 'found', type: 'xsd:string' },
          { name: INTERVAL, value: '600', type: 'xsd:unsignedInt' },
        ],
      }),
    ]);

    world.now += MINUTE;
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a precondition over several parameters one of which the device lacks, then the bad name is found and the others decide the preset', () => {
    const world = new World();
    world.presets = [
      preset('p', {
        precondition: { [ENABLE]: true, [GHOST]: { $exists: false } },
        configurations: [{ kind: 'value', path: SSID, value: 'matched' }],
      }),
      preset('q', {
        precondition: { $or: [{ [ENABLE]: true }, { [GHOST]: 'x' }] },
        configurations: [{ kind: 'value', path: INTERVAL, value: 30 }],
      }),
    ];

    const log = world.session();

    expect(distinct(log.rpcs)).toBe(true);
    expect(world.projection?.absent).toEqual([GHOST]);
    expect(world.believed(ENABLE)).toBe('true');
    // p stays unknown (its GHOST condition cannot be read), so it does not apply; q holds through ENABLE.
    expect(world.actual(SSID)).not.toBe('matched');
    expect(world.actual(INTERVAL)).toBe('30');
    world.now += MINUTE;
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a SetParameterValues fault with a 9005 entry, then that parameter is marked absent and never written again, and the others are', () => {
    const world = new World('bm632w', {
      injectedFaults: [{ method: 'SetParameterValues', path: SSID, code: 9005, times: 1 }],
    });
    world.presets = [
      preset('p', {
        configurations: [
          { kind: 'value', path: SSID, value: 'never' },
          { kind: 'value', path: INTERVAL, value: 600 },
        ],
      }),
    ];

    const first = world.session();
    expect(requestNames(first)).toEqual(['GetParameterValues', 'SetParameterValues']);
    expect(world.projection?.absent).toEqual([SSID]);
    expect(world.projection?.faults).toMatchObject([
      {
        scope: 'preset:p',
        method: 'SetParameterValues',
        fault: { parameters: [{ name: SSID, code: 9005 }] },
      },
    ]);

    const writes: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      world.now += 5 * MINUTE;
      writes.push(...world.session().rpcs.filter((r) => r.type === 'SetParameterValues'));
    }

    expect(writes).toEqual([
      expect.objectContaining({ parameterList: [{ name: INTERVAL, value: '600', type: 'xsd:unsignedInt' }] }),
    ]);
    expect(world.actual(INTERVAL)).toBe('600');
    expect(world.actual(SSID)).not.toBe('never');
    expect(world.projection?.faults).toEqual([]);
  });
});

describe('faults: preset work backs off', () => {
  it('given a preset value the device refuses (9007), then the fault is recorded with a back-off and not retried every session', () => {
    const world = new World();
    world.presets = [preset('bad', { configurations: [{ kind: 'value', path: INTERVAL, value: 'often' }] })];

    expect(requestNames(world.session())).toEqual(['GetParameterValues', 'SetParameterValues']);
    expect(world.projection?.faults).toMatchObject([
      {
        scope: 'preset:bad',
        method: 'SetParameterValues',
        fault: { code: 9007, parameters: [{ name: INTERVAL, code: 9007 }] },
        attempts: 1,
        notBefore: world.now + baseMs,
      },
    ]);

    world.now += baseMs / 2;
    expect(world.session().rpcs).toEqual([]);

    world.now += baseMs / 2;
    expect(requestNames(world.session())).toEqual(['SetParameterValues']);
    expect(world.projection?.faults).toMatchObject([{ attempts: 2, notBefore: world.now + 2 * baseMs }]);

    world.now += baseMs;
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a transient fault (9002) on a preset write, then after the back-off it is retried, and its success clears the fault', () => {
    const world = new World('bm632w', {
      injectedFaults: [{ method: 'SetParameterValues', path: SSID, code: 9002, times: 1 }],
    });
    world.presets = [preset('wifi', { configurations: [{ kind: 'value', path: SSID, value: 'retried' }] })];

    world.session();
    expect(world.projection?.faults).toMatchObject([{ scope: 'preset:wifi', fault: { code: 9003 } }]);
    world.now += baseMs / 2;
    expect(world.session().rpcs).toEqual([]);

    world.now += baseMs;
    expect(requestNames(world.session())).toEqual(['SetParameterValues']);
    expect(world.actual(SSID)).toBe('retried');
    expect(world.projection?.faults).toEqual([]);
    world.now += baseMs;
    expect(world.session().rpcs).toEqual([]);
  });

  it('given two presets in one SetParameterValues and a value the device refuses, then only the refused preset backs off and the other converges', () => {
    const world = new World();
    world.presets = [
      preset('good', { configurations: [{ kind: 'value', path: SSID, value: 'good' }] }),
      preset('bad', { configurations: [{ kind: 'value', path: INTERVAL, value: 'often' }] }),
    ];

    world.session();
    world.now += MINUTE / 2;
    world.session();

    expect(world.actual(SSID)).toBe('good');
    expect(world.projection?.faults.map((f) => f.scope)).toEqual(['preset:bad']);
  });

  it('given a software-version preset whose file installs another version, then the download is not repeated (downloads.spec.ts)', () => {
    const world = new World('bm632w', { transferSeconds: [1, 1] });
    world.files.set('fw', {
      id: 'fw',
      name: 'fw',
      fileType: FIRMWARE,
      length: 1,
      url: 'http://files.example/V9.bin',
      version: 'V10',
    });
    world.presets = [
      preset('fw', { configurations: [{ kind: 'softwareVersion', version: 'V10', fileId: 'fw' }] }),
    ];

    const downloads: number[] = [];
    for (let i = 0; i < 12; i++) {
      if (world.session().rpcs.some((r) => r.type === 'Download')) downloads.push(i);
      world.now += MINUTE;
    }

    expect(world.actual(VERSION)).toBe('V9');
    // Fetching that file again would install V9 again: it is fetched once, and the fault stays.
    expect(downloads).toEqual([0]);
    expect(world.projection?.faults).toMatchObject([
      {
        scope: 'preset:fw',
        method: 'Download',
        attempts: 1,
        fault: { code: VERSION_MISMATCH_FAULT, message: 'installed version V9, expected V10' },
      },
    ]);
  });
});

describe('faults: 0 BOOTSTRAP resets what the ACS believed', () => {
  it('given a projection with tree, absent names, refreshes, faults and transfers, when the device bootstraps, then they are cleared but tags and tasks are kept', () => {
    const world = new World('bm632w', { transferSeconds: [3600, 3600] });
    world.files.set('fw', {
      id: 'fw',
      name: 'fw',
      fileType: FIRMWARE,
      length: 1,
      url: 'http://files.example/V2.bin',
      version: 'V2',
    });
    world.presets = [
      preset('p', {
        configurations: [
          { kind: 'tag', tag: 'managed', present: true },
          { kind: 'value', path: GHOST, value: 'x' },
          { kind: 'refresh', path: `${IGD}DeviceInfo.`, everySeconds: 3600 },
          { kind: 'softwareVersion', version: 'V2', fileId: 'fw' },
        ],
      }),
      preset('bad', { configurations: [{ kind: 'value', path: INTERVAL, value: 'often' }] }),
    ];
    world.session();
    world.requestTask('later', { name: 'reboot' });
    const before = world.projection;
    expect(before?.absent).toEqual([GHOST]);
    expect(before?.refreshed).not.toEqual([]);
    expect(before?.faults).not.toEqual([]);
    expect(before?.transfers).not.toEqual([]);

    world.presets = [];
    world.cpe = withSessionEvent(world.cpe, '0 BOOTSTRAP');
    world.now += MINUTE;
    world.session();

    const after = world.projection;
    expect(after?.absent).toEqual([]);
    expect(after?.refreshed).toEqual([]);
    expect(after?.faults).toEqual([]);
    expect(after?.transfers).toEqual([]);
    expect(world.believed(INTERVAL)).toBeUndefined();
    expect(world.believed(VERSION)).toBeDefined();
    expect(after?.tags).toEqual(['managed']);
    expect(after?.tasks.map((t) => t.id)).toEqual(['later']);
  });

  it('given a download task waiting for its transfer, when the device bootstraps without reporting it, then the task is retried, not left waiting forever', () => {
    const world = new World('bm632w', { transferSeconds: [3600, 3600] });
    world.files.set('fw', {
      id: 'fw',
      name: 'fw',
      fileType: FIRMWARE,
      length: 1,
      url: 'http://files.example/V2.bin',
      version: 'V2',
    });
    world.session();
    world.requestTask('dl', { name: 'download', fileId: 'fw', fileType: FIRMWARE, targetFileName: null });
    world.session();
    expect(world.task('dl')?.state).toBe('waiting');

    world.cpe = { ...withSessionEvent(world.cpe, '0 BOOTSTRAP'), transfers: [] };
    world.now += MINUTE;
    world.session();

    expect(world.task('dl')).toMatchObject({ state: 'pending', attempts: 1 });
    expect(world.task('dl')?.fault?.message).toMatch(/BOOTSTRAP/);
  });

  it('given a firmware upgrade after which the device bootstraps, when its Inform reports the download, then the task is still verified and done', () => {
    const world = new World('bm632w', { transferSeconds: [1, 1] });
    world.files.set('fw', {
      id: 'fw',
      name: 'fw',
      fileType: FIRMWARE,
      length: 1,
      url: 'http://files.example/V2.bin',
      version: 'V2',
    });
    world.session();
    world.requestTask('dl', { name: 'download', fileId: 'fw', fileType: FIRMWARE, targetFileName: null });
    world.session();

    world.now += MINUTE;
    world.cpe = withSessionEvent(advance(world.cpe, world.now), '0 BOOTSTRAP');
    const log = world.session();

    expect(log.events).toEqual(expect.arrayContaining(['0 BOOTSTRAP', 'M Download']));
    expect(world.task('dl')?.state).toBe('done');
    expect(world.projection?.transfers).toEqual([]);
  });
});
