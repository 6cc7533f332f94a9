import { describe, expect, it } from 'vitest';
import { runFuzz } from '../fuzz/fuzz.js';

describe('fuzzing (CI-sized; the script runs a million cases)', () => {
  it('given 3,000 mutations of the real vectors and generated messages, when decoded, then nothing throws, hangs or leaks', () => {
    const summary = runFuzz({
      cases: 3000,
      seed: 20260101,
      maxCaseMs: 500,
      maxHeapGrowthBytes: 32 * 2 ** 20,
      heapEvery: 1000,
    });
    expect(summary.failures).toEqual([]);
    expect(summary.cases).toBe(3000);
    // the mix reaches both the decoders and the refusals
    expect(summary.outcomes['message'] ?? 0).toBeGreaterThan(50);
    expect(summary.outcomes['XML_MALFORMED'] ?? 0).toBeGreaterThan(50);
    expect(summary.reencoded).toBeGreaterThan(50);
  }, 60_000);
});
