import { describe, expect, it } from 'vitest';
import { WarnLimiter } from './warn-limiter.js';

describe('WarnLimiter', () => {
  it('given a flood of warnings, then at most max lines per window, and the rest summed up when the next window opens', () => {
    const lines: string[] = [];
    const limiter = new WarnLimiter(3, 1_000, (line) => lines.push(line));
    for (let i = 0; i < 10; i++) limiter.warn({ msg: 'refused', i }, 5_000 + i);
    expect(lines).toHaveLength(3);
    limiter.warn({ msg: 'refused', i: 10 }, 6_000);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).slice(3)).toEqual([
      { level: 'warn', msg: 'warnings suppressed', count: 7, windowMs: 1_000 },
      { level: 'warn', msg: 'refused', i: 10 },
    ]);
  });
});
