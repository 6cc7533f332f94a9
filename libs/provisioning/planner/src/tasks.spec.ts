import { subtree } from '@headend/cpe-model';
import { describe, expect, it } from 'vitest';
import { taskKey } from './tasks.js';
import { VERSION_MISMATCH_FAULT } from './transfers.js';
import { requestNames, T0, World } from './testing/world.js';
import { DEFAULT_POLICY } from './working.js';

const IGD = 'InternetGatewayDevice.';
const SSID = `${IGD}LANDevice.1.WLANConfiguration.1.SSID`;
const INTERVAL = `${IGD}ManagementServer.PeriodicInformInterval`;
const VERSION = `${IGD}DeviceInfo.SoftwareVersion`;
const POOL = `${IGD}LANDevice.1.LANHostConfigManagement.DHCPConditionalServingPool.`;
const FIRMWARE = '1 Firmware Upgrade Image';
const MINUTE = 60_000;

/** A device that has already had its first (bootstrap) session, so tests see only their task's RPCs. */
function registered(config: ConstructorParameters<typeof World>[1] = {}): World {
  const world = new World('bm632w', config);
  world.session();
  world.now += MINUTE;
  return world;
}

function firmware(world: World, id: string, url: string, version: string | null): void {
  world.files.set(id, { id, name: id, fileType: FIRMWARE, length: 1000, url, version });
}

describe('tasks: reading', () => {
  it('given a getParameterValues task, when the device calls, then one GPV reads the values and the task is done', () => {
    const world = registered();
    const effects = world.requestTask('t1', { name: 'getParameterValues', parameterNames: [SSID, INTERVAL] });
    expect(effects).toMatchObject([{ kind: 'task', task: { id: 't1', state: 'pending' } }]);

    const log = world.session();

    expect(log.rpcs).toEqual([{ type: 'GetParameterValues', parameterNames: [SSID, INTERVAL] }]);
    expect(world.believed(SSID)).toBe(world.actual(SSID));
    expect(world.believed(INTERVAL)).toBe('10');
    expect(world.taskStates('t1')).toEqual(['pending', 'inProgress', 'done']);
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a refreshObject task and small chunks, then the subtree is listed once and its values read in chunks', () => {
    const world = registered();
    world.policy = { ...DEFAULT_POLICY, valuesPerRequest: 5 };
    const object = `${IGD}DeviceInfo.`;
    const leaves = subtree(world.cpe.tree, object)
      .filter((n) => !n.object)
      .map((n) => n.path)
      .sort();
    world.requestTask('r1', { name: 'refreshObject', objectName: object });

    const log = world.session();

    expect(log.rpcs[0]).toEqual({ type: 'GetParameterNames', parameterPath: object, nextLevel: false });
    const reads = log.rpcs.slice(1);
    expect(reads).toHaveLength(Math.ceil(leaves.length / 5));
    expect(reads.every((r) => r.type === 'GetParameterValues' && r.parameterNames.length <= 5)).toBe(true);
    expect(reads.flatMap((r) => (r.type === 'GetParameterValues' ? r.parameterNames : []))).toEqual(leaves);
    expect(world.believed(`${IGD}DeviceInfo.Manufacturer`)).toBe(
      world.actual(`${IGD}DeviceInfo.Manufacturer`),
    );
    expect(world.taskStates('r1')).toEqual(['pending', 'inProgress', 'done']);
  });

  it('given a refresh longer than one session allows, then it goes on where it stopped in the next session', () => {
    const world = registered();
    world.policy = { ...DEFAULT_POLICY, valuesPerRequest: 2, maxRpcsPerSession: 4 };
    const object = `${IGD}DeviceInfo.`;
    const leafCount = subtree(world.cpe.tree, object).filter((n) => !n.object).length;
    world.requestTask('r1', { name: 'refreshObject', objectName: object });

    const sessions = [world.session()];
    while (world.task('r1')?.state !== 'done' && sessions.length < 10) sessions.push(world.session());

    const all = sessions.flatMap((s) => s.rpcs);
    expect(all.filter((r) => r.type === 'GetParameterNames')).toHaveLength(1);
    expect(all.filter((r) => r.type === 'GetParameterValues')).toHaveLength(Math.ceil(leafCount / 2));
    expect(sessions.every((s) => s.rpcs.length <= 4)).toBe(true);
    expect(world.task('r1')?.state).toBe('done');
  });
});

describe('tasks: writing', () => {
  it('given a setParameterValues task, then one SPV carries the values with their types and the task is done', () => {
    const world = registered();
    world.requestTask('s1', {
      name: 'setParameterValues',
      parameterValues: [
        { name: SSID, value: 'operator', type: 'xsd:string' },
        { name: INTERVAL, value: '120', type: 'xsd:unsignedInt' },
      ],
    });

    const log = world.session();

    expect(log.rpcs).toEqual([
      {
        type: 'SetParameterValues',
        parameterList: [
          { name: SSID, value: 'operator', type: 'xsd:string' },
          { name: INTERVAL, value: '120', type: 'xsd:unsignedInt' },
        ],
        parameterKey: taskKey('s1'),
      },
    ]);
    expect(world.actual(SSID)).toBe('operator');
    expect(world.believed(INTERVAL)).toBe('120');
    expect(world.taskStates('s1')).toEqual(['pending', 'inProgress', 'done']);
  });

  it('given a setParameterValues task without types on parameters never read, then their types are read first and the write succeeds', () => {
    const world = registered();
    world.requestTask('s1', {
      name: 'setParameterValues',
      parameterValues: [{ name: INTERVAL, value: '120', type: null }],
    });

    const log = world.session();

    expect(requestNames(log)).toEqual(['GetParameterValues', 'SetParameterValues']);
    expect(log.rpcs[1]).toMatchObject({ parameterList: [{ name: INTERVAL, type: 'xsd:unsignedInt' }] });
    expect(world.actual(INTERVAL)).toBe('120');
    expect(world.task('s1')?.state).toBe('done');
  });

  it('given an addObject task with values, then AddObject and one SPV on the new instance, and the task keeps the instance', () => {
    const world = registered();
    world.requestTask('a1', {
      name: 'addObject',
      objectName: POOL,
      parameterValues: [
        { name: 'VendorClassID', value: 'operator', type: 'xsd:string' },
        { name: 'Enable', value: 'true', type: 'xsd:boolean' },
      ],
    });

    const log = world.session();

    expect(requestNames(log)).toEqual(['AddObject', 'SetParameterValues']);
    const { instanceNumber } = log.answers[0] as { instanceNumber: number };
    expect(log.rpcs[1]).toMatchObject({
      parameterList: [
        { name: `${POOL}${instanceNumber}.VendorClassID`, value: 'operator' },
        { name: `${POOL}${instanceNumber}.Enable`, value: 'true' },
      ],
    });
    expect(world.actual(`${POOL}${instanceNumber}.VendorClassID`)).toBe('operator');
    expect(world.task('a1')).toMatchObject({ state: 'done', instance: instanceNumber });
    expect(world.taskStates('a1')).toEqual(['pending', 'inProgress', 'done']);
  });

  it('given an addObject task with untyped values, then the new instance is read and written with its own types', () => {
    const world = registered();
    world.requestTask('a1', {
      name: 'addObject',
      objectName: POOL,
      parameterValues: [{ name: 'Enable', value: 'false', type: null }],
    });

    const log = world.session();

    expect(requestNames(log)).toEqual(['AddObject', 'GetParameterValues', 'SetParameterValues']);
    const { instanceNumber } = log.answers[0] as { instanceNumber: number };
    expect(log.rpcs[2]).toMatchObject({
      parameterList: [{ name: `${POOL}${instanceNumber}.Enable`, value: 'false', type: 'xsd:boolean' }],
    });
    expect(world.task('a1')?.state).toBe('done');
  });

  it('given an addObject task without values, then AddObject alone finishes it', () => {
    const world = registered();
    world.requestTask('a1', { name: 'addObject', objectName: POOL, parameterValues: [] });
    expect(requestNames(world.session())).toEqual(['AddObject']);
    expect(world.task('a1')?.state).toBe('done');
  });

  it('given an addObject whose values fault transiently, when it is retried, then the values go to the same instance (no second instance)', () => {
    const world = registered({
      injectedFaults: [{ method: 'SetParameterValues', path: POOL, code: 9002, times: 1 }],
    });
    world.requestTask('a1', {
      name: 'addObject',
      objectName: POOL,
      parameterValues: [{ name: 'VendorClassID', value: 'operator', type: 'xsd:string' }],
    });

    const first = world.session();
    expect(requestNames(first)).toEqual(['AddObject', 'SetParameterValues']);
    const { instanceNumber } = first.answers[0] as { instanceNumber: number };
    expect(world.task('a1')?.state).toBe('pending');

    world.now += 2 * MINUTE;
    const retry = world.session();

    expect(requestNames(retry)).toEqual(['SetParameterValues']);
    expect(world.actual(`${POOL}${instanceNumber}.VendorClassID`)).toBe('operator');
    expect(world.actual(`${POOL}${instanceNumber + 1}.`)).toBeUndefined();
    expect(world.task('a1')?.state).toBe('done');
  });

  it('given a deleteObject task, then DeleteObject removes the instance from the device and the projection', () => {
    const world = registered();
    world.requestTask('r', { name: 'refreshObject', objectName: POOL });
    world.session();
    expect(world.believed(`${POOL}4.VendorClassID`)).toBe('Computer');

    world.requestTask('d1', { name: 'deleteObject', objectName: `${POOL}4.` });
    const log = world.session();

    expect(log.rpcs).toEqual([
      { type: 'DeleteObject', objectName: `${POOL}4.`, parameterKey: taskKey('d1') },
    ]);
    expect(world.actual(`${POOL}4.VendorClassID`)).toBeUndefined();
    expect(world.projection?.parameters.some((p) => p.path.startsWith(`${POOL}4.`))).toBe(false);
    expect(world.taskStates('d1')).toEqual(['pending', 'inProgress', 'done']);
  });
});

describe('tasks: transfers', () => {
  it('given a download task, then the device accepts it, and the TransferComplete of a later session with the file version closes it', () => {
    const world = registered({ transferSeconds: [1, 1] });
    firmware(world, 'fw9', 'http://files.example/V9.bin', 'V9');
    world.requestTask('dl', { name: 'download', fileId: 'fw9', fileType: FIRMWARE, targetFileName: null });

    const first = world.session();
    expect(first.rpcs).toMatchObject([
      { type: 'Download', commandKey: taskKey('dl'), url: 'http://files.example/V9.bin', fileSize: 1000 },
    ]);
    expect(world.task('dl')?.state).toBe('waiting');
    expect(world.projection?.transfers).toMatchObject([{ commandKey: taskKey('dl'), taskId: 'dl' }]);

    world.now += MINUTE;
    const second = world.session();

    expect(second.events).toEqual(expect.arrayContaining(['7 TRANSFER COMPLETE', 'M Download']));
    expect(world.believed(VERSION)).toBe('V9');
    expect(world.task('dl')?.state).toBe('done');
    expect(world.projection?.transfers).toEqual([]);
    expect(world.taskStates('dl')).toEqual(['pending', 'inProgress', 'waiting', 'done']);
  });

  it('given a download that installs another version than the file states, then the task ends as a fault naming both versions (downloads.spec.ts)', () => {
    const world = registered({ transferSeconds: [1, 1] });
    firmware(world, 'fw', 'http://files.example/V9.bin', 'V10');
    world.requestTask('dl', { name: 'download', fileId: 'fw', fileType: FIRMWARE, targetFileName: null });
    world.session();
    world.now += MINUTE;
    world.session();

    expect(world.task('dl')).toMatchObject({
      state: 'fault',
      fault: { code: VERSION_MISMATCH_FAULT, message: 'installed version V9, expected V10' },
    });
    expect(world.taskStates('dl')).toEqual(['pending', 'inProgress', 'waiting', 'fault']);
  });

  it('given a download of a file without a version that the device answers with status 0, then the task is done at once', () => {
    const world = registered({ transferSeconds: [1, 1] });
    world.answer = (_, response) =>
      response.type === 'DownloadResponse' ? { ...response, status: 0 } : response;
    const config = '3 Vendor Configuration File';
    world.files.set('cfg', {
      id: 'cfg',
      name: 'cfg',
      fileType: config,
      length: 10,
      url: 'http://f/c',
      version: null,
    });
    world.requestTask('dl', { name: 'download', fileId: 'cfg', fileType: config, targetFileName: null });

    expect(world.session().rpcs).toMatchObject([{ type: 'Download', commandKey: taskKey('dl') }]);

    expect(world.taskStates('dl')).toEqual(['pending', 'inProgress', 'done']);
    expect(world.projection?.transfers).toEqual([]);
  });

  it('given a firmware download answered with status 0, then the task is done when an Inform reports the version', () => {
    const world = registered({ transferSeconds: [1, 1] });
    world.answer = (_, response) =>
      response.type === 'DownloadResponse' ? { ...response, status: 0 } : response;
    world.sends = (request) => request.type !== 'TransferComplete';
    firmware(world, 'fw9', 'http://files.example/V9.bin', 'V9');
    world.requestTask('dl', { name: 'download', fileId: 'fw9', fileType: FIRMWARE, targetFileName: null });
    world.session();
    expect(world.task('dl')?.state).toBe('waiting');

    world.now += MINUTE;
    world.session();

    expect(world.believed(VERSION)).toBe('V9');
    expect(world.taskStates('dl')).toEqual(['pending', 'inProgress', 'waiting', 'done']);
    expect(world.projection?.transfers).toEqual([]);
  });

  it('given a download the device reports failed, then the fault code of its TransferComplete is recorded and it is retried later', () => {
    const world = registered({ transferSeconds: [1, 1] });
    firmware(world, 'fw', 'http://files.example/V9.bin?fault=9010', 'V9');
    world.requestTask('dl', { name: 'download', fileId: 'fw', fileType: FIRMWARE, targetFileName: null });
    world.session();
    world.now += MINUTE;
    const report = world.session();

    expect(report.rpcs).toEqual([]);
    expect(world.task('dl')).toMatchObject({
      state: 'pending',
      attempts: 1,
      fault: { code: 9010 },
      notBefore: world.now + DEFAULT_POLICY.retry.baseMs,
    });
  });

  it('given a download of a file that is unknown or has no URL, then the task faults at once without an RPC', () => {
    const world = registered();
    world.files.set('nourl', {
      id: 'nourl',
      name: 'n',
      fileType: FIRMWARE,
      length: 1,
      url: null,
      version: null,
    });
    world.requestTask('d1', {
      name: 'download',
      fileId: 'missing',
      fileType: FIRMWARE,
      targetFileName: null,
    });
    world.requestTask('d2', { name: 'download', fileId: 'nourl', fileType: FIRMWARE, targetFileName: null });

    expect(world.session().rpcs).toEqual([]);
    expect(world.task('d1')).toMatchObject({ state: 'fault', fault: { message: 'file missing is unknown' } });
    expect(world.task('d2')).toMatchObject({ state: 'fault', fault: { message: 'file nourl has no URL' } });
  });

  it('given an upload task with a url, then Upload is sent and the TransferComplete of a later session closes it', () => {
    const world = registered({ transferSeconds: [1, 1] });
    const url = 'https://uploads.example/cfg/device-1.xml';
    world.requestTask('u1', { name: 'upload', fileType: '1 Vendor Configuration File', url });

    expect(world.session().rpcs).toEqual([
      {
        type: 'Upload',
        commandKey: taskKey('u1'),
        fileType: '1 Vendor Configuration File',
        url,
        username: '',
        password: '',
        delaySeconds: 0,
      },
    ]);
    expect(world.task('u1')?.state).toBe('waiting');
    expect(world.projection?.transfers).toMatchObject([{ commandKey: taskKey('u1'), taskId: 'u1' }]);

    world.now += MINUTE;
    const report = world.session();

    expect(report.events).toEqual(expect.arrayContaining(['7 TRANSFER COMPLETE', 'M Upload']));
    expect(world.taskStates('u1')).toEqual(['pending', 'inProgress', 'waiting', 'done']);
    expect(world.projection?.transfers).toEqual([]);
  });

  it('given an upload the device reports failed, then its fault code is recorded and it is retried later', () => {
    const world = registered({ transferSeconds: [1, 1] });
    const url = 'ftp://uploads.example/log.txt?fault=9011';
    world.requestTask('u1', { name: 'upload', fileType: '2 Vendor Log File', url });
    world.session();
    world.now += MINUTE;
    world.session();

    expect(world.task('u1')).toMatchObject({ state: 'pending', attempts: 1, fault: { code: 9011 } });
  });

  it('given an upload task without a url, then it faults at once and nothing is sent', () => {
    const world = registered();
    world.requestTask('u1', { name: 'upload', fileType: '1 Vendor Configuration File' });

    expect(world.session().rpcs).toEqual([]);
    expect(world.taskStates('u1')).toEqual(['pending', 'fault']);
    expect(world.task('u1')?.fault?.message).toMatch(/an upload needs a url/);
  });
});

describe('tasks: factory reset, scheduled inform (reboot: reboot.spec.ts)', () => {
  it('given a factoryReset task, then the device answers, and the next Inform with 0 BOOTSTRAP resets what the ACS believed', () => {
    const world = registered();
    world.requestTask('s1', {
      name: 'setParameterValues',
      parameterValues: [{ name: SSID, value: 'before-reset', type: 'xsd:string' }],
    });
    world.session();
    expect(world.believed(SSID)).toBe('before-reset');

    world.requestTask('fr', { name: 'factoryReset' });
    expect(world.session().rpcs).toEqual([{ type: 'FactoryReset' }]);
    expect(world.taskStates('fr')).toEqual(['pending', 'inProgress', 'done']);

    world.now += MINUTE;
    const after = world.session();

    expect(after.events).toContain('0 BOOTSTRAP');
    expect(world.believed(SSID)).toBeUndefined();
    expect(world.actual(SSID)).toBe('404 WiMAX Not Found');
    // Only what the bootstrap Inform carried is known again.
    const informed = world.projection?.parameters.filter((p) => !p.object).map((p) => p.path) ?? [];
    expect(informed).toContain(VERSION);
    expect(
      informed.every(
        (p) =>
          p.startsWith(`${IGD}DeviceInfo.`) ||
          p.includes('ManagementServer.') ||
          p.includes('WAN') ||
          p === `${IGD}DeviceSummary`,
      ),
    ).toBe(true);
    expect(world.task('s1')?.state).toBe('done');
  });

  it('given a scheduleInform task, then the device answers and calls back later with M ScheduleInform', () => {
    const world = registered();
    world.requestTask('si', { name: 'scheduleInform', delaySeconds: 30 });

    expect(world.session().rpcs).toEqual([
      { type: 'ScheduleInform', delaySeconds: 30, commandKey: taskKey('si') },
    ]);
    expect(world.task('si')?.state).toBe('done');
    world.now += MINUTE;
    expect(world.session().events).toEqual(expect.arrayContaining(['3 SCHEDULED', 'M ScheduleInform']));
  });
});

describe('tasks: cancellation and expiry', () => {
  it('given a task cancelled before the device calls, then it is cancelled and no RPC is ever sent for it', () => {
    const world = registered();
    world.requestTask('c1', { name: 'reboot' });
    world.cancelTask('c1');

    expect(world.session().rpcs).toEqual([]);
    world.now += MINUTE;
    expect(world.session().rpcs).toEqual([]);
    expect(world.taskStates('c1')).toEqual(['pending', 'cancelled']);
  });

  it('given a finished task, when it is cancelled, then nothing changes', () => {
    const world = registered();
    world.requestTask('g', { name: 'getParameterValues', parameterNames: [SSID] });
    world.session();
    expect(world.cancelTask('g')).toEqual([]);
    expect(world.task('g')?.state).toBe('done');
  });

  it('given a task whose expiry has passed at the next Inform, then it expires and no RPC is sent', () => {
    const world = registered();
    world.requestTask('e1', { name: 'reboot' }, new Date(world.now + MINUTE).toISOString());
    world.now += 2 * MINUTE;

    expect(world.session().rpcs).toEqual([]);
    expect(world.taskStates('e1')).toEqual(['pending', 'expired']);
  });

  it('given a task whose expiry is still ahead, then it runs', () => {
    const world = registered();
    world.requestTask('e1', { name: 'reboot' }, new Date(world.now + 10 * MINUTE).toISOString());
    expect(requestNames(world.session())).toEqual(['Reboot']);
  });

  it('given a task for a device never seen, then it waits for the first Inform (pre-provisioning)', () => {
    const world = new World();
    world.requestTask('pre', { name: 'getParameterValues', parameterNames: [SSID] });
    expect(world.projection).toMatchObject({ registeredAt: null, tasks: [{ id: 'pre', state: 'pending' }] });

    const log = world.session();

    expect(log.rpcs).toEqual([{ type: 'GetParameterValues', parameterNames: [SSID] }]);
    expect(world.projection?.registeredAt).toBe(T0);
    expect(world.task('pre')?.state).toBe('done');
  });
});

describe('tasks: faults, retries and back-off', () => {
  it('given a transient CPE fault, then the task backs off, is not retried before notBefore, and is retried after', () => {
    const world = registered({ injectedFaults: [{ method: 'GetParameterValues', code: 9002, times: 1 }] });
    world.requestTask('g', { name: 'getParameterValues', parameterNames: [SSID] });

    expect(requestNames(world.session())).toEqual(['GetParameterValues']);
    const backingOff = world.task('g');
    expect(backingOff).toMatchObject({
      state: 'pending',
      attempts: 1,
      fault: { code: 9002 },
      notBefore: world.now + DEFAULT_POLICY.retry.baseMs,
    });

    world.now += DEFAULT_POLICY.retry.baseMs / 2;
    expect(world.session().rpcs).toEqual([]);

    world.now = backingOff?.notBefore ?? Number.NaN;
    expect(requestNames(world.session())).toEqual(['GetParameterValues']);
    expect(world.task('g')).toMatchObject({ state: 'done', fault: null });
    expect(world.taskStates('g')).toEqual(['pending', 'inProgress', 'pending', 'inProgress', 'done']);
  });

  it('given a fault that never goes away, then the back-off doubles and the task fails for good after maxAttempts', () => {
    const world = registered({ injectedFaults: [{ method: 'GetParameterValues', code: 9002 }] });
    world.policy = { ...DEFAULT_POLICY, retry: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 3 } };
    world.requestTask('g', { name: 'getParameterValues', parameterNames: [SSID] });

    const waits: number[] = [];
    let sent = 0;
    for (let i = 0; i < 10; i++) {
      sent += world.session().rpcs.length;
      const task = world.task('g');
      if (task?.notBefore != null) waits.push(task.notBefore - world.now);
      world.now += 10_000;
    }

    expect(sent).toBe(3);
    expect(waits).toEqual([1_000, 2_000]);
    expect(world.task('g')).toMatchObject({ state: 'fault', attempts: 3, fault: { code: 9002 } });
  });

  it('given a permanent fault (9005 invalid name), then the task fails at once without retry', () => {
    const world = registered();
    world.requestTask('g', { name: 'getParameterValues', parameterNames: [`${IGD}No.Such`] });

    expect(requestNames(world.session())).toEqual(['GetParameterValues']);
    expect(world.task('g')).toMatchObject({ state: 'fault', attempts: 0, fault: { code: 9005 } });
    world.now += 10 * MINUTE;
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a value the device refuses (9007), then the setParameterValues task fails at once', () => {
    const world = registered();
    world.requestTask('s', {
      name: 'setParameterValues',
      parameterValues: [{ name: INTERVAL, value: 'often', type: 'xsd:unsignedInt' }],
    });
    world.session();
    expect(world.task('s')).toMatchObject({
      state: 'fault',
      fault: { code: 9007, parameters: [{ name: INTERVAL, code: 9007 }] },
    });
  });

  it('given a SetParameterValues fault 9003 whose entries are all transient (9002), then the task is retried, not failed', () => {
    const world = registered({
      injectedFaults: [{ method: 'SetParameterValues', path: SSID, code: 9002, times: 1 }],
    });
    world.requestTask('s', {
      name: 'setParameterValues',
      parameterValues: [{ name: SSID, value: 'retried', type: 'xsd:string' }],
    });
    world.session();
    expect(world.task('s')).toMatchObject({ state: 'pending', fault: { code: 9003 } });

    world.now += 2 * MINUTE;
    world.session();
    expect(world.task('s')?.state).toBe('done');
    expect(world.actual(SSID)).toBe('retried');
  });

  it('given two tasks, then they run in the order they were requested, in one session', () => {
    const world = registered();
    world.requestTask('b', { name: 'getParameterValues', parameterNames: [INTERVAL] });
    world.now += 1;
    world.requestTask('a', { name: 'getParameterValues', parameterNames: [SSID] });
    const log = world.session();
    expect(log.rpcs).toEqual([
      { type: 'GetParameterValues', parameterNames: [INTERVAL] },
      { type: 'GetParameterValues', parameterNames: [SSID] },
    ]);
  });
});
