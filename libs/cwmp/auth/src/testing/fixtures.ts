import type { CoordinationStore } from '@headend/ports';
import type { NonceSecrets } from '../nonce.js';

/** Deterministic inputs for the unit tests: fixed secrets, clock and "random" bytes. */
export const REALM = 'Headend';
export const NONCE_SECRET = new Uint8Array(32).fill(7);
export const OLD_NONCE_SECRET = new Uint8Array(32).fill(9);
export const SECRETS: NonceSecrets = [NONCE_SECRET];
export const DERIVED_SECRET = new Uint8Array(32).fill(42);
export const T0 = Date.UTC(2025, 0, 1);
export const DEVICE = '00259E-HG8245-48575443AB12CD34';

/** A counter-based byte source: each call returns different, predictable bytes. */
export function seededBytes(seed = 1): (size: number) => Uint8Array {
  let counter = seed;
  return (size) => {
    counter++;
    return Uint8Array.from({ length: size }, (_, i) => (counter * 31 + i * 7) & 0xff);
  };
}

/**
 * The put-if-absent and get of the coordination store, over Maps (expiry is not modelled). `keys` holds
 * each key's TTL; `lose()` forgets everything, as Redis restarted without its data.
 */
export function mapReplayStore(): Pick<CoordinationStore, 'put' | 'get'> & {
  readonly keys: Map<string, number>;
  lose(): void;
} {
  const keys = new Map<string, number>();
  const values = new Map<string, string>();
  return {
    keys,
    lose() {
      keys.clear();
      values.clear();
    },
    put(key, value, ttlMs, options) {
      if (options?.onlyIfAbsent === true && keys.has(key)) return Promise.resolve(false);
      keys.set(key, ttlMs);
      values.set(key, value);
      return Promise.resolve(true);
    },
    get(key) {
      return Promise.resolve(values.get(key) ?? null);
    },
  };
}
