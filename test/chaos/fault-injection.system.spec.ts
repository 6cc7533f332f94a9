import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../system/harness/gateway-process.js';
import { runChaos } from './scenario.js';
import { formatTable } from './table.js';

/**
 * The fault-injection suite's affordable part (README, "Fault injection"): a small fleet, three of
 * the faults. It starts and kills services of its own (own ports, own data folder), never the ones
 * the other tests use. The whole suite: npx tsx test/chaos/fault-injection.ts.
 */
describe('fault injection', () => {
  it('given a fleet with presets and tasks at work, when the gateway and provisioning are SIGKILLed and Redis restarts empty, then every session, event, task and device checks out', async () => {
    const started = Date.now();
    const { rows, details } = await runChaos({
      devices: 10,
      faults: ['gateway-kill', 'provisioning-kill', 'redis-restart'],
      settleSeconds: 90,
      outageSeconds: 3,
      intervalSeconds: 5,
      dir: resolve(import.meta.dirname, '../../.local/chaos-system-test'),
      ports: {
        kafka: await freePort(),
        kafkaController: await freePort(),
        redis: await freePort(),
        mongo: await freePort(),
      },
      log: (line) => {
        if (process.env['HEADEND_TEST_VERBOSE']) process.stderr.write(`[chaos] ${line}\n`);
      },
    });
    const table = formatTable(rows);
    process.stderr.write(`\n${table}\n(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    const violations = rows.flatMap((row, i) =>
      row.ok ? [] : [`${row.fault}:`, ...(details[i] ?? []).slice(0, 10).map((d) => `  ${d}`)],
    );
    expect(rows.map((r) => r.fault)).toEqual([
      'none (baseline)',
      'gateway-kill',
      'provisioning-kill',
      'redis-restart',
    ]);
    expect(violations, `${table}\n${violations.join('\n')}`).toEqual([]);
  }, 900_000);
});
