import { describe, expect, it } from 'vitest';
import { shortKey } from './hash.js';
import { taskKey } from './tasks.js';
import { preset, requestNames, World } from './testing/world.js';
import { DEFAULT_POLICY } from './working.js';

/**
 * When a reboot task is done. The device reports a reboot the ACS ordered with `M Reboot` and the
 * Reboot's CommandKey; real CPEs lose the key (or never send one) and report `M Reboot` with an
 * empty CommandKey, or only `1 BOOT`. The rules, and the cases that could confuse them:
 * - `M Reboot` with a task's own key closes that task, also one waiting out a retry (the device ran
 *   exactly that Reboot);
 * - `M Reboot` with an empty key, or a boot with no `M Reboot` at all, closes the reboot task the
 *   device acknowledged and has not come back from (state waiting), and no other;
 * - `M Reboot` with another non-empty key (another tool's, a preset's) closes no task of ours;
 * - one Reboot at a time: none is sent while a reboot task waits, nor twice in one session, so an
 *   empty key can only mean the one reboot outstanding.
 */

const MINUTE = 60_000;

/** A device that has already had its first (bootstrap) session. */
function registered(): World {
  const world = new World('bm632w');
  world.session();
  world.now += MINUTE;
  return world;
}

/** The device will report its pending M Reboot with this CommandKey instead of the one it was given. */
function reportsRebootWith(world: World, commandKey: string): void {
  const events = world.cpe.events.map((e) => (e.eventCode === 'M Reboot' ? { ...e, commandKey } : e));
  world.cpe = { ...world.cpe, events };
}

const rebootsIn = (log: { rpcs: { type: string }[] }) => log.rpcs.filter((r) => r.type === 'Reboot');

describe('reboot tasks: the device reports its reboot', () => {
  it('given a reboot task, then it waits after the Reboot and the Inform with M Reboot and its command key closes it', () => {
    const world = registered();
    world.requestTask('rb', { name: 'reboot' });

    expect(world.session().rpcs).toEqual([{ type: 'Reboot', commandKey: taskKey('rb') }]);
    expect(world.task('rb')?.state).toBe('waiting');

    world.now += MINUTE;
    const after = world.session();

    expect(after.events).toEqual(expect.arrayContaining(['1 BOOT', 'M Reboot']));
    expect(world.taskStates('rb')).toEqual(['pending', 'inProgress', 'waiting', 'done']);
  });

  it('given a waiting reboot, when the device comes back with M Reboot and an empty CommandKey, then the reboot is done and not sent again', () => {
    const world = registered();
    world.requestTask('rb', { name: 'reboot' });
    world.session();
    reportsRebootWith(world, '');

    world.now += MINUTE;
    const after = world.session();

    expect(after.events).toEqual(expect.arrayContaining(['1 BOOT', 'M Reboot']));
    expect(world.taskStates('rb')).toEqual(['pending', 'inProgress', 'waiting', 'done']);
    expect(rebootsIn(after)).toEqual([]);
    world.now += DEFAULT_POLICY.transferTimeoutMs + MINUTE;
    expect(rebootsIn(world.session())).toEqual([]);
  });

  it('given a waiting reboot, when the device boots and names no M Reboot at all, then the reboot is done', () => {
    const world = registered();
    world.requestTask('rb', { name: 'reboot' });
    world.session();
    world.cpe = { ...world.cpe, events: world.cpe.events.filter((e) => e.eventCode !== 'M Reboot') };

    world.now += MINUTE;

    expect(world.session().events).toContain('1 BOOT');
    expect(world.task('rb')?.state).toBe('done');
  });

  it('given a waiting reboot, when an M Reboot of another non-empty command key arrives, then it keeps waiting', () => {
    const world = registered();
    world.requestTask('rb', { name: 'reboot' });
    world.session();
    reportsRebootWith(world, 'someone-else');

    world.now += MINUTE;
    world.session();

    expect(world.task('rb')?.state).toBe('waiting');
  });

  it('given a waiting reboot, when the device is not heard of for longer than a transfer may take, then the reboot is retried', () => {
    const world = registered();
    world.requestTask('rb', { name: 'reboot' });
    world.session();
    // The device came back without booting (it ignored the Reboot): no 1 BOOT, no M Reboot.
    world.cpe = { ...world.cpe, events: [] };

    world.now += DEFAULT_POLICY.transferTimeoutMs + MINUTE;
    world.session();

    expect(world.task('rb')?.attempts).toBe(1);
    expect(world.task('rb')?.fault?.message).toMatch(/never informed after the reboot/);
    expect(world.taskStates('rb').slice(0, 4)).toEqual(['pending', 'inProgress', 'waiting', 'pending']);
  });

  it('given a reboot the device ran although its answer was a fault, when it comes back with M Reboot and the task key, then the task is done and not sent again', () => {
    const world = registered();
    world.answer = (request, response) =>
      request.type === 'Reboot'
        ? {
            type: 'Fault',
            faultcode: 'Server',
            faultstring: 'CWMP fault',
            detail: { faultCode: 9002, setParameterValuesFault: [] },
          }
        : response;
    world.requestTask('rb', { name: 'reboot' });
    world.session();
    expect(world.task('rb')).toMatchObject({ state: 'pending', attempts: 1 });

    world.now += DEFAULT_POLICY.retry.baseMs + MINUTE;
    const after = world.session();

    expect(after.events).toContain('M Reboot');
    expect(rebootsIn(after)).toEqual([]);
    expect(world.task('rb')).toMatchObject({ state: 'done', fault: null });
  });

  it('given the same fault, when the device comes back with an empty CommandKey, then the task is not taken as done: the Reboot may never have reached it', () => {
    const world = registered();
    world.answer = (request, response) =>
      request.type === 'Reboot'
        ? {
            type: 'Fault',
            faultcode: 'Server',
            faultstring: 'CWMP fault',
            detail: { faultCode: 9002, setParameterValuesFault: [] },
          }
        : response;
    world.requestTask('rb', { name: 'reboot' });
    world.session();
    reportsRebootWith(world, '');
    world.answer = (_, response) => response;

    world.now += DEFAULT_POLICY.retry.baseMs + MINUTE;
    const after = world.session();

    expect(rebootsIn(after)).toEqual([{ type: 'Reboot', commandKey: taskKey('rb') }]);
    expect(world.task('rb')?.state).toBe('waiting');
  });
});

describe('reboot tasks: other reboots around', () => {
  it('given two reboot tasks queued, then one Reboot per boot: each is sent after the other is back, and each empty-keyed M Reboot closes only the one sent', () => {
    const world = registered();
    world.requestTask('a', { name: 'reboot' });
    world.requestTask('b', { name: 'reboot' });

    const first = world.session();
    expect(rebootsIn(first)).toEqual([{ type: 'Reboot', commandKey: taskKey('a') }]);
    expect([world.task('a')?.state, world.task('b')?.state]).toEqual(['waiting', 'pending']);

    reportsRebootWith(world, '');
    world.now += MINUTE;
    const second = world.session();
    expect(rebootsIn(second)).toEqual([{ type: 'Reboot', commandKey: taskKey('b') }]);
    expect([world.task('a')?.state, world.task('b')?.state]).toEqual(['done', 'waiting']);

    reportsRebootWith(world, '');
    world.now += MINUTE;
    const third = world.session();
    expect(rebootsIn(third)).toEqual([]);
    expect([world.task('a')?.state, world.task('b')?.state]).toEqual(['done', 'done']);
  });

  it('given a reboot task not sent yet, when the device comes back from a reboot nobody here asked for (M Reboot, empty key), then the task stays pending and is sent', () => {
    const world = registered();
    world.requestTask('rb', { name: 'reboot' });
    world.cpe = {
      ...world.cpe,
      events: [
        { eventCode: '1 BOOT', commandKey: '' },
        { eventCode: 'M Reboot', commandKey: '' },
      ],
    };

    const log = world.session();

    expect(log.events).toEqual(['1 BOOT', 'M Reboot']);
    expect(rebootsIn(log)).toEqual([{ type: 'Reboot', commandKey: taskKey('rb') }]);
    expect(world.task('rb')?.state).toBe('waiting');
  });

  it('given a reboot task and a preset that reboots once, then the task reboots first, the preset after the boot, and the M Reboots (empty keys) close the task once', () => {
    const world = registered();
    world.presets = [preset('p', { configurations: [{ kind: 'reboot' }] })];
    world.requestTask('rb', { name: 'reboot' });

    const first = world.session();
    expect(rebootsIn(first)).toEqual([{ type: 'Reboot', commandKey: taskKey('rb') }]);

    reportsRebootWith(world, '');
    world.now += MINUTE;
    const second = world.session();
    expect(world.task('rb')?.state).toBe('done');
    expect(rebootsIn(second)).toEqual([{ type: 'Reboot', commandKey: shortKey('preset:', 'p') }]);

    reportsRebootWith(world, '');
    world.now += MINUTE;
    const third = world.session();
    expect(rebootsIn(third)).toEqual([]);
    expect(world.taskStates('rb')).toEqual(['pending', 'inProgress', 'waiting', 'done']);
  });

  it("given a waiting reboot task, when the device reports M Reboot with a preset's key, then the task keeps waiting", () => {
    const world = registered();
    world.requestTask('rb', { name: 'reboot' });
    world.session();
    reportsRebootWith(world, shortKey('preset:', 'p'));

    world.now += MINUTE;
    world.session();

    expect(world.task('rb')?.state).toBe('waiting');
  });

  it('given a preset reboot sent in a session, when a reboot task arrives in the middle of it, then the task waits for the next session: one Reboot per session', () => {
    const world = registered();
    world.presets = [preset('p', { configurations: [{ kind: 'reboot' }] })];
    let asked = false;
    world.answer = (request, response) => {
      // The operator's task arrives while the device answers the preset's Reboot.
      if (request.type === 'Reboot' && !asked) {
        asked = true;
        world.requestTask('rb', { name: 'reboot' });
      }
      return response;
    };

    const first = world.session();
    expect(requestNames(first)).toEqual(['Reboot']);
    expect(world.task('rb')?.state).toBe('pending');

    reportsRebootWith(world, '');
    world.now += MINUTE;
    const second = world.session();
    expect(rebootsIn(second)).toEqual([{ type: 'Reboot', commandKey: taskKey('rb') }]);
    expect(world.task('rb')?.state).toBe('waiting');
  });
});
