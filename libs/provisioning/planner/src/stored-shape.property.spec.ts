import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentShapeProblem } from '@headend/ports';
import type { PlannerInput } from './decide.js';
import { DEFAULT_LIMITS } from './limits.js';
import { toStoredProjection } from './stored.js';
import { FILES } from './testing/arbitraries.js';
import { scenario, SESSIONS } from './testing/convergence.js';
import { preset, World } from './testing/world.js';
import { DEFAULT_POLICY } from './working.js';

/**
 * The stored projection has only shapes every document store holds (documentShapeProblem: no array
 * in an array, no `$`/`.`/NUL in field names, finite numbers, within the size limit): checked after
 * every input the planner folds, over the planner property's random presets and tasks on the real
 * device trees, and over the mixed fleet that once stored `session.suspect` as arrays of arrays.
 */

/** A World whose every projection is checked as it would be stored. */
class CheckedWorld extends World {
  readonly problems: string[] = [];

  override feed(input: PlannerInput) {
    const effects = super.feed(input);
    if (this.projection !== null) {
      const problem = documentShapeProblem(toStoredProjection(this.projection), DEFAULT_LIMITS.maxBytes);
      if (problem !== null)
        this.problems.push(`after ${input.event.type}: ${problem.path}: ${problem.problem}`);
    }
    return effects;
  }
}

const RUNS = Number(process.env['PLANNER_RUNS'] ?? 30);

describe('stored projections: shapes every document store holds', () => {
  it('given a TR-098 device and a preset naming paths of both data models (a mixed fleet), then the search for the bad name stores no nested arrays', () => {
    const world = new CheckedWorld('bm632w');
    world.presets = [
      preset('mixed', {
        configurations: [
          {
            kind: 'value',
            path: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID',
            value: 'ours',
          },
          {
            kind: 'value',
            path: 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval',
            value: 300,
          },
          { kind: 'value', path: 'Device.WiFi.SSID.1.SSID', value: 'ours' },
          { kind: 'value', path: 'Device.ManagementServer.PeriodicInformInterval', value: 300 },
        ],
      }),
    ];
    let suspected = false;
    const seen = world.feed.bind(world);
    world.feed = (input) => {
      const effects = seen(input);
      if ((world.projection?.session?.suspect.length ?? 0) > 0) suspected = true;
      return effects;
    };
    for (let i = 0; i < 3; i++) {
      world.session();
      world.now += 60_000;
    }
    expect(suspected, 'the device faulted a batch read without naming the bad name').toBe(true);
    expect(world.problems).toEqual([]);
    expect(world.believed('InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID')).toBe('ours');
  });

  it('given random presets and tasks over the real device trees, then every projection folded is storable', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const world = new CheckedWorld(s.model, { injectedFaults: s.injected === null ? [] : [s.injected] });
        world.files = new Map(FILES);
        world.policy = {
          ...DEFAULT_POLICY,
          maxRpcsPerSession: s.maxRpcsPerSession,
          valuesPerRequest: s.valuesPerRequest,
        };
        world.presets = s.presets.map((p) => preset(p.id, p.definition));
        s.tasks.forEach((task, i) => world.requestTask(`t${i}`, task));
        for (let i = 0; i < SESSIONS; i++) {
          world.session();
          world.now += s.gaps[i] ?? 60_000;
        }
        expect(world.problems).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
