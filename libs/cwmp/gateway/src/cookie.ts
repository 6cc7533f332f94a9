import { parseDeviceId } from '@headend/events';
import type { SessionRef } from './types.js';

export const SESSION_COOKIE = 'headend_session';

const SESSION_ID = /^[A-Za-z0-9_.~-]{1,128}$/;
const MAX_COOKIE_HEADER = 8192;

/** `headend_session=<deviceId>:<sessionId>`; both parts are cookie-safe by construction. */
export function formatSessionCookie(session: SessionRef): string {
  return `${SESSION_COOKIE}=${session.deviceId}:${session.sessionId}; Path=/; HttpOnly`;
}

/** The session named by a Cookie header, or null when there is none or it is not well formed. */
export function parseSessionCookie(header: string | undefined): SessionRef | null {
  if (header === undefined || header.length > MAX_COOKIE_HEADER) return null;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(eq + 1).trim();
    const colon = value.lastIndexOf(':');
    const deviceId = value.slice(0, colon);
    const sessionId = value.slice(colon + 1);
    if (colon > 0 && SESSION_ID.test(sessionId) && parseDeviceId(deviceId) !== null)
      return { deviceId, sessionId };
  }
  return null;
}
