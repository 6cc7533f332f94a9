import { z } from 'zod';
import { CAPS } from './schemas/common.js';

/**
 * Device ids, compatible with GenieACS (`lib/util.ts` generateDeviceId): `OUI-ProductClass-SerialNumber`,
 * or `OUI-SerialNumber` when ProductClass is empty, each part with every character outside
 * [A-Za-z0-9_] replaced by its UTF-8 bytes as `%XX` (upper-case hex). '-', '.', '~', '%', '{', '}'
 * are therefore always escaped: the id splits unambiguously on '-', and is safe as a Kafka key, inside
 * a Redis hash tag `{...}` and as a Mongo _id.
 */

/** DeviceIdStruct of an Inform. The spec says OUI is 6 upper-case hex digits; devices send others. */
export const DeviceIdentity = z.object({
  oui: z.string().min(1).max(CAPS.deviceIdPart),
  productClass: z.string().max(CAPS.deviceIdPart),
  serialNumber: z.string().min(1).max(CAPS.deviceIdPart),
  manufacturer: z.string().max(CAPS.deviceIdPart).nullable(),
});
export type DeviceIdentity = z.infer<typeof DeviceIdentity>;

/** What the id is made of (manufacturer is not part of it). */
export type DeviceIdParts = Pick<DeviceIdentity, 'oui' | 'productClass' | 'serialNumber'>;

/** A code unit becomes at most 9 characters (3 UTF-8 bytes, `%XX` each); plus two separators. */
export const DEVICE_ID_MAX_LENGTH = 3 * CAPS.deviceIdPart * 9 + 2;

const SAFE = /^[A-Za-z0-9_]$/;
const ALL_SAFE = /^[A-Za-z0-9_]*$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function escapePart(part: string): string {
  if (ALL_SAFE.test(part)) return part;
  let out = '';
  for (const char of part) {
    if (SAFE.test(char)) {
      out += char;
    } else {
      // A lone surrogate encodes as U+FFFD, as GenieACS's Buffer.from does.
      for (const byte of encoder.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

const ESCAPED_PART = /^(?:[A-Za-z0-9_]|%[0-9A-F]{2})*$/;

function unescapePart(part: string): string | null {
  if (ALL_SAFE.test(part)) return part;
  if (!ESCAPED_PART.test(part)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < part.length;) {
    if (part[i] === '%') {
      bytes.push(Number.parseInt(part.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(part.charCodeAt(i));
      i += 1;
    }
  }
  let decoded: string;
  try {
    decoded = decoder.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
  // Only the canonical spelling is accepted: `%41` for 'A' would name a second, different key.
  return escapePart(decoded) === part ? decoded : null;
}

/** The device id of a DeviceIdStruct. Total on any strings; the schemas decide what is acceptable. */
export function deviceIdOf(identity: DeviceIdParts): string {
  const oui = escapePart(identity.oui);
  const serial = escapePart(identity.serialNumber);
  return identity.productClass === ''
    ? `${oui}-${serial}`
    : `${oui}-${escapePart(identity.productClass)}-${serial}`;
}

/** The parts of a canonical device id, or null when the string is not one. */
export function parseDeviceId(id: string): DeviceIdParts | null {
  if (id.length > DEVICE_ID_MAX_LENGTH * 4) return null;
  const parts = id.split('-');
  const [rawOui, rawMiddle, rawLast] = parts;
  if (rawOui === undefined || rawMiddle === undefined || parts.length > 3) return null;
  const oui = unescapePart(rawOui);
  if (oui === null) return null;
  if (rawLast === undefined) {
    const serialNumber = unescapePart(rawMiddle);
    return serialNumber === null ? null : { oui, productClass: '', serialNumber };
  }
  const productClass = unescapePart(rawMiddle);
  const serialNumber = unescapePart(rawLast);
  if (productClass === null || productClass === '' || serialNumber === null) return null;
  return { oui, productClass, serialNumber };
}

/** A device id as it appears in events and as the Kafka key of device topics. */
export const DeviceId = z
  .string()
  .min(3)
  .max(DEVICE_ID_MAX_LENGTH)
  .regex(/^(?:[A-Za-z0-9_]|%[0-9A-F]{2})+(?:-(?:[A-Za-z0-9_]|%[0-9A-F]{2})+){1,2}$/, {
    message: 'a device id is OUI-[ProductClass-]SerialNumber, percent-encoded',
  })
  .refine((id) => parseDeviceId(id) !== null, { message: 'a device id must be canonically encoded' });
