import { encodeCwmp } from '@headend/cwmp-codec';
import type { SessionState, Step } from '@headend/cwmp-session';
import { formatSessionCookie, SESSION_COOKIE } from './cookie.js';
import type { CwmpResponse, SessionRef } from './types.js';

/** The HTTP answers of the gateway: a step's reply, or plain text. */

export function replyTo(step: Step, session: SessionState | null): CwmpResponse {
  const state = step.state;
  const ref = state ? { deviceId: state.deviceId, sessionId: state.sessionId } : null;
  const cookie = session ? formatSessionCookie(session) : CLEARED_COOKIE;
  switch (step.reply.kind) {
    case 'no-content':
      // The 204 ends the session: its cookie goes with it.
      return { status: 204, headers: { 'set-cookie': CLEARED_COOKIE }, body: '', session: ref };
    case 'soap':
      return {
        status: step.reply.status,
        headers: {
          'content-type': 'text/xml; charset="utf-8"',
          'set-cookie': cookie,
          soapaction: '',
        },
        body: encodeCwmp(step.reply.envelope, { xmlDeclaration: session?.xmlDeclaration ?? true }),
        session: ref,
      };
    case 'dequeue':
      throw new Error('a dequeue step is never a reply');
    default:
      return step.reply satisfies never;
  }
}

const CLEARED_COOKIE = `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly`;

/** True when the body opens with `<?xml` (after a BOM and white space). */
export function startsWithXmlDeclaration(body: Uint8Array): boolean {
  let i = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0a || body[i] === 0x0d))
    i++;
  return (
    body[i] === 0x3c &&
    body[i + 1] === 0x3f &&
    body[i + 2] === 0x78 &&
    body[i + 3] === 0x6d &&
    body[i + 4] === 0x6c
  );
}

export function plain(
  status: number,
  text: string,
  session: SessionRef | null,
  extra: Readonly<Record<string, string>> = {},
): CwmpResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...extra },
    body: `${text}\n`,
    session,
  };
}
