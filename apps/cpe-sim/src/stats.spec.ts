import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './stats.js';

describe('LatencyHistogram', () => {
  it('gives percentiles within a few per cent', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i);
    const s = h.summary();
    expect(s.count).toBe(1000);
    expect(s.p50).toBeGreaterThan(485);
    expect(s.p50).toBeLessThan(515);
    expect(s.p99).toBeGreaterThan(960);
    expect(s.p99).toBeLessThanOrEqual(1000);
    expect(s.max).toBe(1000);
    expect(new LatencyHistogram().summary().p50).toBe(0);
  });
});
