import type { RandomSource } from './random.js';

/** CWMPRetryMinimumWaitInterval (m, seconds) and CWMPRetryIntervalMultiplier (k, per mille). */
export interface RetryPolicy {
  readonly minimumWaitSeconds: number;
  readonly intervalMultiplier: number;
}

/** The TR-069 defaults: m = 5 s, k = 2000. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { minimumWaitSeconds: 5, intervalMultiplier: 2000 };

/** The table stops growing at the tenth retry. */
const MAX_RETRY_STEP = 10;

/**
 * The wait range of retry n (TR-069 3.2.1.1, "Session Retry Wait Intervals"): between
 * m * (k/1000)^(n-1) and m * (k/1000)^n seconds, n capped at 10; with the defaults 5-10 s, 10-20 s,
 * ... 2560-5120 s.
 */
export function retryWaitRange(retry: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): [number, number] {
  const n = Math.min(Math.max(1, Math.floor(retry)), MAX_RETRY_STEP);
  const factor = policy.intervalMultiplier / 1000;
  return [policy.minimumWaitSeconds * factor ** (n - 1), policy.minimumWaitSeconds * factor ** n];
}

/** How long to wait before retry n (1 = the first retry), drawn uniformly from its range: the jitter spreads a storm. */
export function retryWaitSeconds(
  retry: number,
  random: RandomSource,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const [low, high] = retryWaitRange(retry, policy);
  return low + random() * (high - low);
}
