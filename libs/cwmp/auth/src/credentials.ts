import { createHmac } from 'node:crypto';
import { checkSecret } from './policy.js';

/**
 * Where a device's password comes from. Usernames are what the CPE sends: normally its device id
 * (`OUI-ProductClass-SerialNumber`, parts percent-encoded, as @headend/events `deviceIdOf` builds it),
 * or whatever was configured in the device's ManagementServer.Username.
 */
export interface CredentialSource {
  /** The password on record for `username`, or null when the device has none. */
  passwordFor(username: string): Promise<string | null>;
}

/** A derived secret is shared with whoever sets the devices' passwords (factory, provisioning). */
export const MIN_DERIVED_SECRET_BYTES = 16;

/**
 * The derived password of a device: lower-case hex of HMAC-SHA256(secret, username as UTF-8), 64
 * characters. Needs no look-up, so every device has one.
 */
export function derivedPassword(secret: Uint8Array, username: string): string {
  return createHmac('sha256', secret).update(username, 'utf8').digest('hex');
}

/** Every username has the derived password: no device is ever unknown. */
export function derivedCredentials(secret: Uint8Array): CredentialSource {
  checkSecret('derivedSecret', secret, MIN_DERIVED_SECRET_BYTES);
  const key = Uint8Array.from(secret);
  return { passwordFor: (username) => Promise.resolve(derivedPassword(key, username)) };
}

/** Per-device records from a map (tests, small labs, a cache the gateway keeps). */
export function staticCredentials(passwords: ReadonlyMap<string, string>): CredentialSource {
  const copy = new Map(passwords);
  return { passwordFor: (username) => Promise.resolve(copy.get(username) ?? null) };
}

/** The first source that knows the username wins: per-device records first, then the derived fallback. */
export function firstOf(...sources: readonly CredentialSource[]): CredentialSource {
  return {
    async passwordFor(username) {
      for (const source of sources) {
        const password = await source.passwordFor(username);
        if (password !== null) return password;
      }
      return null;
    },
  };
}
