import { createHmac, timingSafeEqual } from 'node:crypto';
import { coordinationKeys } from '@headend/ports';
import type { DigestCredentials } from './authorization.js';

/**
 * Stateless, self-describing Digest nonces: any replica that holds the secret can tell a nonce it (or a
 * sibling) issued from a forged one, and a fresh one from an expired one, without storage. Issuing a
 * challenge therefore costs no Redis round trip, which matters in a boot storm.
 *
 *   nonce = base64url( version(1) | issuedAt seconds(4, BE) | epoch(4) | random(5) | mac(10) )  32 chars
 *   mac   = HMAC-SHA256(secret, "headend-digest-nonce" 0x00 realm 0x00 version|issuedAt|epoch|random)[0..10)
 *
 * 32 characters, because CPE firmware keeps the nonce in fixed buffers. The epoch names the replay
 * store's lifetime (see Authenticator): a nonce of an older epoch is stale, so a store that lost its
 * used (nonce, nc) pairs cannot be fooled by a header captured before. 80 MAC bits: a forger has one
 * online guess per request. 40 random bits per second: two equal nonces only cost a stale re-challenge.
 */

export const NONCE_RANDOM_BYTES = 5;
const VERSION = 2;
const MAC_BYTES = 10;
const HEAD_BYTES = 1 + 4 + 4 + NONCE_RANDOM_BYTES;
const NONCE_BYTES = HEAD_BYTES + MAC_BYTES;
/** Every nonce is exactly this long (base64url of 24 bytes, no padding). */
export const MAX_NONCE_LENGTH = Math.ceil((NONCE_BYTES * 4) / 3);
const NONCE_SHAPE = new RegExp(`^[A-Za-z0-9_-]{${MAX_NONCE_LENGTH}}$`);
const MAX_ISSUED_AT_S = 2 ** 32 - 1;
const MAX_EPOCH = 2 ** 32 - 1;

/** The current secret first; older ones still verify nonces issued before a rotation. */
export type NonceSecrets = readonly [Uint8Array, ...Uint8Array[]];

export interface NonceTiming {
  /** How long a nonce is fresh after it was issued. */
  readonly lifetimeMs: number;
  /** How far replicas' clocks may disagree: a nonce dated this far in the future is still fresh. */
  readonly maxClockSkewMs: number;
}

function mac(secret: Uint8Array, realm: string, head: Uint8Array): Buffer {
  return createHmac('sha256', secret)
    .update(`headend-digest-nonce\0${realm}\0`, 'utf8')
    .update(head)
    .digest()
    .subarray(0, MAC_BYTES);
}

/**
 * A fresh nonce for `realm`, dated to the second of `now`, of replay-store `epoch` (a uint32).
 * `random` must be NONCE_RANDOM_BYTES from a CSPRNG (crypto.randomBytes).
 */
export function issueNonce(input: {
  readonly secret: Uint8Array;
  readonly realm: string;
  readonly now: number;
  readonly epoch: number;
  readonly random: Uint8Array;
}): string {
  if (input.random.length !== NONCE_RANDOM_BYTES)
    throw new RangeError(`random must be ${NONCE_RANDOM_BYTES} bytes`);
  const seconds = Math.floor(input.now / 1000);
  if (!Number.isSafeInteger(input.now) || seconds < 0 || seconds > MAX_ISSUED_AT_S) {
    throw new RangeError('now must be a millisecond timestamp before 2106');
  }
  if (!Number.isSafeInteger(input.epoch) || input.epoch < 0 || input.epoch > MAX_EPOCH) {
    throw new RangeError('epoch must be a uint32');
  }
  const nonce = Buffer.alloc(NONCE_BYTES);
  nonce.writeUInt8(VERSION, 0);
  nonce.writeUInt32BE(seconds, 1);
  nonce.writeUInt32BE(input.epoch, 5);
  nonce.set(input.random, 9);
  nonce.set(mac(input.secret, input.realm, nonce.subarray(0, HEAD_BYTES)), HEAD_BYTES);
  return nonce.toString('base64url');
}

export type NonceCheck =
  | { readonly ok: true; readonly issuedAt: number; readonly fresh: boolean; readonly epoch: number }
  | { readonly ok: false; readonly reason: 'forged-nonce' };

/**
 * Whether we issued `nonce` for `realm` (with any of `secrets`), and whether it is still fresh. An
 * expired nonce is not a failure here: RFC 7616 wants `stale=true` only when the response was right, so
 * the caller decides after checking the response. The epoch is reported for the caller to compare.
 */
export function checkNonce(
  nonce: string,
  input: { readonly secrets: NonceSecrets; readonly realm: string; readonly now: number } & NonceTiming,
): NonceCheck {
  if (!NONCE_SHAPE.test(nonce)) return { ok: false, reason: 'forged-nonce' };
  const bytes = Buffer.from(nonce, 'base64url');
  if (bytes.length !== NONCE_BYTES || bytes.readUInt8(0) !== VERSION)
    return { ok: false, reason: 'forged-nonce' };
  const head = bytes.subarray(0, HEAD_BYTES);
  const presented = bytes.subarray(HEAD_BYTES);
  // Every secret is tried, so the time taken does not say which one matched.
  let authentic = false;
  for (const secret of input.secrets) {
    authentic = timingSafeEqual(mac(secret, input.realm, head), presented) || authentic;
  }
  if (!authentic) return { ok: false, reason: 'forged-nonce' };
  const issuedAt = bytes.readUInt32BE(1) * 1000;
  const age = input.now - issuedAt;
  const fresh = age <= input.lifetimeMs && -age <= input.maxClockSkewMs;
  return { ok: true, issuedAt, fresh, epoch: bytes.readUInt32BE(5) };
}

/** The coordination-store write that makes a verified Digest response count once. */
export interface ReplayClaim {
  /** `put(key, '1', ttlMs, { onlyIfAbsent: true })`; `false` means the response was replayed. */
  readonly key: string;
  readonly ttlMs: number;
}

/**
 * The replay rule: each (nonce, nc) is accepted once; a client without qop (RFC 2069) has no nc, so
 * its nonce is accepted once. The key lives as long as some replica could still find the nonce fresh;
 * after that the nonce is refused as stale without any look-up.
 */
export function replayClaim(
  credentials: Pick<DigestCredentials, 'nonce' | 'ncValue'>,
  issuedAt: number,
  now: number,
  timing: NonceTiming,
): ReplayClaim {
  const base = coordinationKeys.nonce(credentials.nonce);
  const key =
    credentials.ncValue === null ? base : `${base}:${credentials.ncValue.toString(16).padStart(8, '0')}`;
  const ttlMs = Math.max(1, issuedAt + timing.lifetimeMs + timing.maxClockSkewMs - now);
  return { key, ttlMs };
}
