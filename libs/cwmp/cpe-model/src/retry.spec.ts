import { describe, expect, it } from 'vitest';
import { retryWaitRange, retryWaitSeconds } from './retry.js';
import { seededRandom } from './random.js';

describe('session retry wait intervals (TR-069 3.2.1.1)', () => {
  it('given the defaults m=5 s and k=2000, follows the table and stops growing at the tenth retry', () => {
    const table = [
      [1, 5, 10],
      [2, 10, 20],
      [3, 20, 40],
      [4, 40, 80],
      [5, 80, 160],
      [6, 160, 320],
      [7, 320, 640],
      [8, 640, 1280],
      [9, 1280, 2560],
      [10, 2560, 5120],
      [11, 2560, 5120],
      [50, 2560, 5120],
    ] as const;
    for (const [n, low, high] of table) expect(retryWaitRange(n)).toEqual([low, high]);
  });

  it('draws within the range, with jitter from the random source', () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 200 }, () => retryWaitSeconds(3, random));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...draws)).toBeLessThanOrEqual(40);
    expect(new Set(draws.map(Math.round)).size).toBeGreaterThan(10);
    expect(retryWaitSeconds(1, () => 0)).toBe(5);
    expect(retryWaitSeconds(1, () => 0.5)).toBe(7.5);
  });

  it('honours another policy (m=10 s, k=1500)', () => {
    expect(retryWaitRange(2, { minimumWaitSeconds: 10, intervalMultiplier: 1500 })).toEqual([15, 22.5]);
  });
});
