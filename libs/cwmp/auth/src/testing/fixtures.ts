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

/** The put-if-absent of the coordination store, over a Map (expiry is not modelled). */
export function mapReplayStore(): Pick<CoordinationStore, 'put'> & { readonly keys: Map<string, number> } {
  const keys = new Map<string, number>();
  return {
    keys,
    put(key, _value, ttlMs, options) {
      if (options?.onlyIfAbsent === true && keys.has(key)) return Promise.resolve(false);
      keys.set(key, ttlMs);
      return Promise.resolve(true);
    },
  };
}
