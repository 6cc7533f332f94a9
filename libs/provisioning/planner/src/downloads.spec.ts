import { valueAt, withValues } from '@headend/cpe-model';
import type { CpeState } from '@headend/cpe-model';
import { describe, expect, it } from 'vitest';
import { taskKey } from './tasks.js';
import type { SessionLog } from './testing/world.js';
import { preset, World } from './testing/world.js';
import { VERSION_MISMATCH_FAULT } from './transfers.js';
import { DEFAULT_POLICY } from './working.js';

/**
 * A download the device reports successful (TransferComplete without a fault, or DownloadResponse
 * status 0) is verified against the software version the device then runs. Another version ends a
 * task as a fault of ours (VERSION_MISMATCH_FAULT) and is not downloaded again; a preset records the
 * same fault and does not fetch that file again while it stays what it is. A CPE that reports the
 * transfer before it installs the image at its next boot is judged at that boot.
 */

const IGD = 'InternetGatewayDevice.';
const VERSION = `${IGD}DeviceInfo.SoftwareVersion`;
const FIRMWARE = '1 Firmware Upgrade Image';
const MINUTE = 60_000;
/** Longer than any back-off and the transfer time-out: whatever would be retried is. */
const LONG = DEFAULT_POLICY.retry.maxMs + DEFAULT_POLICY.transferTimeoutMs;

function registered(): World {
  const world = new World('bm632w', { transferSeconds: [1, 1] });
  world.session();
  world.now += MINUTE;
  return world;
}

/** A firmware file at `url` (the simulated device installs the version its file name says). */
function firmware(world: World, id: string, url: string, version: string | null): void {
  world.files.set(id, { id, name: id, fileType: FIRMWARE, length: 1000, url, version });
}

const downloads = (logs: readonly SessionLog[]) =>
  logs.flatMap((l) => l.rpcs).filter((r) => r.type === 'Download').length;

function sessions(world: World, count: number, gap: number): SessionLog[] {
  const logs: SessionLog[] = [];
  for (let i = 0; i < count; i++) {
    logs.push(world.session());
    world.now += gap;
  }
  return logs;
}

/**
 * The device sends TransferComplete (success) before it installs the image: in that session it
 * still runs its old version and has not booted; the image is installed at the next boot (the
 * version `installs`, or none when null: it never boots).
 */
function reportsBeforeInstalling(world: World, installs: (downloaded: string) => string | null): void {
  const old = world.actual(VERSION) ?? '';
  let pending: string | null = null;
  world.prepare = (cpe: CpeState) => {
    const set = (version: string) => withValues(cpe.tree, new Map([[VERSION, version]]));
    if (pending === null && cpe.events.some((e) => e.eventCode === '7 TRANSFER COMPLETE')) {
      pending = installs(valueAt(cpe.tree, VERSION) ?? '');
      const events = cpe.events.filter((e) => e.eventCode !== '1 BOOT');
      return { ...cpe, tree: set(old), events };
    }
    if (pending !== null && pending !== '') {
      const version = pending;
      pending = '';
      return { ...cpe, tree: set(version), events: [...cpe.events, { eventCode: '1 BOOT', commandKey: '' }] };
    }
    return pending === '' ? cpe : { ...cpe, tree: set(old) };
  };
}

describe('download tasks: the version the device runs after a successful transfer', () => {
  it('given a file that installs another version than it declares, when the device boots with it and reports success, then the task ends as our fault and is not downloaded again', () => {
    const world = registered();
    firmware(world, 'fw', 'http://files.example/V9.bin', 'V10');
    world.requestTask('dl', { name: 'download', fileId: 'fw', fileType: FIRMWARE, targetFileName: null });
    const first = world.session();
    world.now += MINUTE;

    const report = world.session();

    expect(report.events).toEqual(expect.arrayContaining(['1 BOOT', '7 TRANSFER COMPLETE', 'M Download']));
    expect(world.task('dl')).toMatchObject({
      state: 'fault',
      fault: { code: VERSION_MISMATCH_FAULT, message: 'installed version V9, expected V10' },
      notBefore: null,
    });
    expect(world.taskStates('dl')).toEqual(['pending', 'inProgress', 'waiting', 'fault']);
    const later = sessions(world, 5, LONG);
    expect(downloads([first, report, ...later])).toBe(1);
    expect(world.projection?.transfers).toEqual([]);
  });

  it('given a CPE that reports success before it installs the image, when it boots with the version wanted, then the task waits for that boot and is done', () => {
    const world = registered();
    firmware(world, 'fw9', 'http://files.example/V9.bin', 'V9');
    reportsBeforeInstalling(world, (downloaded) => downloaded);
    world.requestTask('dl', { name: 'download', fileId: 'fw9', fileType: FIRMWARE, targetFileName: null });
    world.session();
    world.now += MINUTE;

    const report = world.session();
    expect(report.events).not.toContain('1 BOOT');
    expect(world.believed(VERSION)).not.toBe('V9');
    expect(world.task('dl')?.state).toBe('waiting');
    expect(world.projection?.transfers).toMatchObject([{ commandKey: taskKey('dl'), reportedAt: world.now }]);

    world.now += MINUTE;
    const boot = world.session();

    expect(boot.events).toContain('1 BOOT');
    expect(world.believed(VERSION)).toBe('V9');
    expect(world.taskStates('dl')).toEqual(['pending', 'inProgress', 'waiting', 'done']);
    expect(downloads([report, boot])).toBe(0);
  });

  it('given a CPE that reports success before it installs the image, when it boots with another version, then the task ends as our fault at that boot', () => {
    const world = registered();
    firmware(world, 'fw9', 'http://files.example/V9.bin', 'V9');
    reportsBeforeInstalling(world, () => 'V8-rescue');
    world.requestTask('dl', { name: 'download', fileId: 'fw9', fileType: FIRMWARE, targetFileName: null });
    world.session();
    world.now += MINUTE;
    world.session();
    expect(world.task('dl')?.state).toBe('waiting');
    world.now += MINUTE;

    world.session();

    expect(world.task('dl')).toMatchObject({
      state: 'fault',
      fault: { code: VERSION_MISMATCH_FAULT, message: 'installed version V8-rescue, expected V9' },
    });
    expect(downloads(sessions(world, 4, LONG))).toBe(0);
  });

  it('given a successful report and a device that never boots into the image, when the transfer time-out passes, then the task ends as our fault naming the version it runs (not retried)', () => {
    const world = registered();
    const old = world.actual(VERSION);
    firmware(world, 'fw9', 'http://files.example/V9.bin', 'V9');
    reportsBeforeInstalling(world, () => null);
    world.requestTask('dl', { name: 'download', fileId: 'fw9', fileType: FIRMWARE, targetFileName: null });
    world.session();
    world.now += MINUTE;
    world.session();
    world.now += MINUTE;
    world.session();
    expect(world.task('dl')?.state).toBe('waiting');

    world.now += DEFAULT_POLICY.transferTimeoutMs + MINUTE;
    world.session();

    expect(world.task('dl')).toMatchObject({
      state: 'fault',
      fault: { code: VERSION_MISMATCH_FAULT, message: `installed version ${old}, expected V9` },
    });
    expect(downloads(sessions(world, 3, LONG))).toBe(0);
  });

  it('given a firmware download answered with status 0, when the device then boots with another version, then the task ends as our fault and is not downloaded again', () => {
    const world = registered();
    world.answer = (_, response) =>
      response.type === 'DownloadResponse' ? { ...response, status: 0 } : response;
    world.sends = (request) => request.type !== 'TransferComplete';
    firmware(world, 'fw', 'http://files.example/V9.bin', 'V10');
    world.requestTask('dl', { name: 'download', fileId: 'fw', fileType: FIRMWARE, targetFileName: null });
    const first = world.session();
    expect(world.task('dl')?.state).toBe('waiting');
    world.now += MINUTE;

    const boot = world.session();

    expect(boot.events).toContain('1 BOOT');
    expect(world.task('dl')).toMatchObject({ state: 'fault', fault: { code: VERSION_MISMATCH_FAULT } });
    expect(downloads([first, boot, ...sessions(world, 4, LONG)])).toBe(1);
  });
});

describe('softwareVersion presets: a file that installs another version', () => {
  function wantsV10(world: World): void {
    firmware(world, 'fw', 'http://files.example/V9.bin', 'V10');
    world.presets = [
      preset('fw', { configurations: [{ kind: 'softwareVersion', version: 'V10', fileId: 'fw' }] }),
    ];
  }

  it('given a preset wanting V10 whose file installs V9, then the file is fetched once, the preset records our fault, and it is never fetched again', () => {
    const world = new World('bm632w', { transferSeconds: [1, 1] });
    wantsV10(world);

    const logs = sessions(world, 12, MINUTE);
    logs.push(...sessions(world, 6, LONG));

    expect(world.actual(VERSION)).toBe('V9');
    expect(downloads(logs)).toBe(1);
    expect(world.projection?.faults).toMatchObject([
      {
        scope: 'preset:fw',
        method: 'Download',
        fault: { code: VERSION_MISMATCH_FAULT, message: 'installed version V9, expected V10' },
      },
    ]);
  });

  it('given that preset, when the operator replaces the file with one that installs V10, then it is fetched and the preset converges', () => {
    const world = new World('bm632w', { transferSeconds: [1, 1] });
    wantsV10(world);
    sessions(world, 4, MINUTE);

    firmware(world, 'fw', 'http://files.example/V10.bin', 'V10');
    world.now += DEFAULT_POLICY.retry.maxMs;
    const logs = sessions(world, 4, MINUTE);

    expect(downloads(logs)).toBe(1);
    expect(world.believed(VERSION)).toBe('V10');
    expect(world.projection?.transfers).toEqual([]);
    expect(world.projection?.faults).toEqual([]);
  });

  it('given a task that found a file installs V9, then a preset wanting V10 of that file does not fetch it', () => {
    const world = registered();
    firmware(world, 'fw', 'http://files.example/V9.bin', 'V10');
    world.requestTask('dl', { name: 'download', fileId: 'fw', fileType: FIRMWARE, targetFileName: null });
    sessions(world, 2, MINUTE);
    expect(world.task('dl')?.state).toBe('fault');

    world.presets = [
      preset('fw', { configurations: [{ kind: 'softwareVersion', version: 'V10', fileId: 'fw' }] }),
    ];

    expect(downloads(sessions(world, 4, LONG))).toBe(0);
  });

  it('given a preset and a CPE that reports success before it installs the image, then the preset waits for the boot and converges without fetching again', () => {
    const world = new World('bm632w', { transferSeconds: [1, 1] });
    firmware(world, 'fw', 'http://files.example/V10.bin', 'V10');
    world.presets = [
      preset('fw', { configurations: [{ kind: 'softwareVersion', version: 'V10', fileId: 'fw' }] }),
    ];
    reportsBeforeInstalling(world, (downloaded) => downloaded);

    const logs = sessions(world, 6, MINUTE);

    expect(downloads(logs)).toBe(1);
    expect(world.believed(VERSION)).toBe('V10');
    expect(world.projection?.faults).toEqual([]);
    expect(world.projection?.transfers).toEqual([]);
  });
});
