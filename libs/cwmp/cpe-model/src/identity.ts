import type { RandomSource } from './random.js';

/** What a simulated device says it is (Inform DeviceId). */
export interface DeviceIdentity {
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
}

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789ABCDEF';

function pick(alphabet: string, random: RandomSource): string {
  return alphabet[Math.floor(random() * alphabet.length)] ?? alphabet.charAt(0);
}

/**
 * A serial number shaped like the model's real one: the first half is kept (vendor prefixes such as
 * Huawei's hex-encoded "HWTC" stay), the rest is redrawn character by character within the same
 * class (a hex serial stays hex). At least six characters are redrawn, so collisions are rare; the
 * fleet redraws on the few that happen.
 */
export function generateSerialNumber(template: string, random: RandomSource): string {
  const hex = /^[0-9A-F]+$/.test(template);
  const keep = Math.max(0, Math.min(Math.ceil(template.length / 2), template.length - 6));
  let out = template.slice(0, keep);
  for (let i = keep; i < Math.max(template.length, keep + 6); i++) {
    const c = template[i] ?? '0';
    if (hex) out += pick(HEX, random);
    else if (c >= '0' && c <= '9') out += pick(DIGITS, random);
    else if (c >= 'A' && c <= 'Z') out += pick(UPPER, random);
    else if (c >= 'a' && c <= 'z') out += pick(LOWER, random);
    else out += c;
  }
  return out;
}

/** A hex string of `bytes` random bytes (passwords, UUID material). */
export function randomHex(random: RandomSource, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++)
    out += Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0');
  return out;
}

/** An RFC 4122 version-4 UUID drawn from the random source. */
export function randomUuid(random: RandomSource): string {
  const h = randomHex(random, 16);
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
