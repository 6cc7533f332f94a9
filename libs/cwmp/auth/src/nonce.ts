import { createHmac, timingSafeEqual } from 'node:crypto';
import { coordinationKeys } from '@headend/ports';
import type { DigestCredentials } from './authorization.js';

/**
 * Stateless, self-describing Digest nonces: any replica that holds the secret can tell a nonce it (or a
 * sibling) issued from a forged one, and a fresh one from an expired one, without storage. Issuing a
 * challenge therefore costs no Redis round trip, which matters in a boot storm.
 *
 *   nonce = base64url( version(1) | issuedAtMs(6, big-endian) | random(16) | mac(16) )   (52 chars)
 *   mac   = HMAC-SHA256(secret, "headend-digest-nonce" 0x00 realm 0x00 version|issuedAt|random)[0..16)
 */

export const NONCE_RANDOM_BYTES = 16;
const VERSION = 1;
const MAC_BYTES = 16;
const HEAD_BYTES = 1 + 6 + NONCE_RANDOM_BYTES;
const NONCE_BYTES = HEAD_BYTES + MAC_BYTES;
const NONCE_SHAPE = /^[A-Za-z0-9_-]{52}$/;
const MAX_ISSUED_AT = 2 ** 48 - 1;

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

/** A fresh nonce for `realm`. `random` must be 16 bytes from a CSPRNG (crypto.randomBytes). */
export function issueNonce(input: {
  readonly secret: Uint8Array;
  readonly realm: string;
  readonly now: number;
  readonly random: Uint8Array;
}): string {
  if (input.random.length !== NONCE_RANDOM_BYTES)
    throw new RangeError(`random must be ${NONCE_RANDOM_BYTES} bytes`);
  if (!Number.isSafeInteger(input.now) || input.now < 0 || input.now > MAX_ISSUED_AT) {
    throw new RangeError('now must be a millisecond timestamp');
  }
  const nonce = Buffer.alloc(NONCE_BYTES);
  nonce.writeUInt8(VERSION, 0);
  nonce.writeUIntBE(input.now, 1, 6);
  nonce.set(input.random, 7);
  nonce.set(mac(input.secret, input.realm, nonce.subarray(0, HEAD_BYTES)), HEAD_BYTES);
  return nonce.toString('base64url');
}

export type NonceCheck =
  | { readonly ok: true; readonly issuedAt: number; readonly fresh: boolean }
  | { readonly ok: false; readonly reason: 'forged-nonce' };

/**
 * Whether we issued `nonce` for `realm` (with any of `secrets`), and whether it is still fresh. An
 * expired nonce is not a failure here: RFC 7616 wants `stale=true` only when the response was right, so
 * the caller decides after checking the response.
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
  const issuedAt = bytes.readUIntBE(1, 6);
  const age = input.now - issuedAt;
  const fresh = age <= input.lifetimeMs && -age <= input.maxClockSkewMs;
  return { ok: true, issuedAt, fresh };
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
