import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '@headend/ports';
import { Startup, StartupTimeoutError } from './startup.js';

function clockedStartup(timeoutMs: number) {
  let now = 0;
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const startup = new Startup({
    timeoutMs,
    log: (level, msg, fields) => lines.push({ level, msg, fields }),
    backoffMs: { initial: 100, max: 1_000 },
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  });
  return { startup, lines, elapsed: () => now };
}

describe('Startup', () => {
  it('given a step that is unavailable twice, then it is tried again with back-off, a warn line per failure, and its result returned', async () => {
    const { startup, lines, elapsed } = clockedStartup(60_000);
    let calls = 0;
    const result = await startup.retry('creating the topics', () => {
      calls += 1;
      if (calls < 3) return Promise.reject(new BackendUnavailableError('kafka', 'not the leader'));
      return Promise.resolve('done');
    });
    expect(result).toBe('done');
    expect(elapsed()).toBe(100 + 200);
    expect(lines.map((l) => [l.level, l.fields['attempt'], l.fields['retryInMs']])).toEqual([
      ['warn', 1, 100],
      ['warn', 2, 200],
    ]);
    expect(lines[0]?.msg).toContain('creating the topics');
    expect(lines[0]?.fields['error']).toContain('not the leader');
  });

  it('given a step that stays unavailable, then it gives up at the deadline naming the step, the variable and the last error', async () => {
    const { startup, elapsed } = clockedStartup(5_000);
    const failure = startup.retry('joining the group', () =>
      Promise.reject(new BackendUnavailableError('kafka', 'This server does not host this topic-partition')),
    );
    await expect(failure).rejects.toBeInstanceOf(StartupTimeoutError);
    await expect(failure).rejects.toThrow(
      /joining the group: gave up .*HEADEND_STARTUP_TIMEOUT_MS=5000.*does not host this topic-partition/,
    );
    expect(elapsed()).toBeLessThanOrEqual(5_000);
  });

  it('given an error that is not transient, then it fails at once', async () => {
    const { startup, lines } = clockedStartup(60_000);
    await expect(startup.retry('x', () => Promise.reject(new Error('a bug')))).rejects.toThrow('a bug');
    expect(lines).toEqual([]);
  });

  it('given a step that says which errors are transient, then those are retried too', async () => {
    const { startup } = clockedStartup(60_000);
    let calls = 0;
    const result = await startup.retry(
      'checking the partitions',
      () => (++calls < 2 ? Promise.reject(new Error('topics still being created')) : Promise.resolve(calls)),
      () => true,
    );
    expect(result).toBe(2);
  });
});
