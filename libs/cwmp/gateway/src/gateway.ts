import { createHash } from 'node:crypto';
import type { CwmpEnvelope, CwmpMessage, Inform } from '@headend/cwmp-codec';
import { decodeCwmp, encodeCwmp } from '@headend/cwmp-codec';
import type { SessionInput, SessionState, Step } from '@headend/cwmp-session';
import {
  dispatch,
  end,
  fittedOf,
  lost,
  receive,
  refuse,
  repeatInform,
  sessionTtlMs,
  startSession,
} from '@headend/cwmp-session';
import type { DeviceEvent } from '@headend/events';
import { CAPS, deviceIdOf, InvalidEventError, OpaqueId, parseDeviceId, toRecord } from '@headend/events';
import type { Span } from '@opentelemetry/api';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { EventLog, OutgoingRecord } from '@headend/ports';
import { BackendUnavailableError } from '@headend/ports';
import { formatSessionCookie, parseSessionCookie, SESSION_COOKIE } from './cookie.js';
import type { GatewayOptions } from './options.js';
import { sessionKeepMs } from './options.js';
import { SessionStore } from './session-store.js';
import { contextOf, recordRpcSpans, startRequestSpan, traceparentOf } from './tracing.js';

/** One HTTP POST from a CPE, as the transport saw it. */
export interface CwmpRequest {
  readonly body: Uint8Array;
  /** The Cookie header, if any. */
  readonly cookie?: string | undefined;
  /** The session this connection carried before (CPEs that keep the connection but drop cookies). */
  readonly connectionSession?: SessionRef | undefined;
  /**
   * Whether the request carried credentials (an Authorization header). Such a request continues
   * only its own device's session, never the one its connection carried for another device.
   */
  readonly credentials?: boolean | undefined;
  /**
   * Checks the request's credentials; the gateway calls it for every Inform and for any request that
   * names no live session (a session's later requests are known by their cookie or connection).
   */
  readonly authenticate: () => Promise<Authentication>;
  readonly tls: boolean;
  readonly traceparent?: string | undefined;
}

export type Authentication =
  | {
      readonly ok: true;
      readonly scheme: 'digest' | 'basic' | 'none';
      /** The device id the credentials name, when they name one. */
      readonly deviceId: string | undefined;
    }
  | { readonly ok: false; readonly response: CwmpResponse };

export interface SessionRef {
  readonly deviceId: string;
  readonly sessionId: string;
}

export interface CwmpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The session the next request on this connection belongs to; null once it ended. */
  readonly session: SessionRef | null;
}

export interface Clock {
  now(): number;
}

/** Told about every batch of events once it is durable (metrics, logs). */
export interface GatewayObserver {
  recorded(events: readonly DeviceEvent[]): void;
  /** How long an empty POST (or a response) waited for the next queue entry, and whether it came. */
  planWaited(seconds: number, planned: boolean): void;
  /** An ACS request answered (response or fault), from its sending to its answer. */
  rpcAnswered(method: string, seconds: number): void;
  /** A queue entry passed over: planned for another session, or an RPC already sent in this one. */
  queueEntryDiscarded(reason: 'other-session' | 'duplicate-rpc'): void;
  /**
   * A CPE message refused because the event catalogue cannot hold it (an Inform answered 400, a
   * request answered with fault 8003, a response recorded as a fault), by our reason code, with the
   * device id its credentials (or its session) name, when known.
   */
  messageRefused(reason: RefusalReason, deviceId: string | undefined): void;
}

export type RefusalReason = 'inform-identity' | 'inform' | 'request' | 'response' | 'cwmp-id' | 'truncated';

export interface IdSource {
  /** A new session id, unique across replicas ([A-Za-z0-9_-]). */
  sessionId(): string;
}

/**
 * The gateway's request handling, over the ports: decode, find the session in Redis, let the
 * session machine decide, append its events to Kafka and wait for the acknowledgement, store the
 * state, then answer. Nothing is answered before it is durable; any replica can serve any request.
 */
export class CwmpGateway {
  private readonly sessions: SessionStore;
  /** Records built (and checked) ahead of their append, by the step's event list. */
  private readonly prepared = new WeakMap<readonly DeviceEvent[], OutgoingRecord[]>();

  constructor(
    private readonly log: EventLog,
    coordination: ConstructorParameters<typeof SessionStore>[0],
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly options: GatewayOptions,
    private readonly observer?: GatewayObserver,
  ) {
    this.sessions = new SessionStore(coordination, options.sessionTimeoutMs, sessionKeepMs(options));
  }

  /** Live sessions of the whole cluster, from the coordination store (see SessionStore). */
  activeSessions(): Promise<number> {
    return this.sessions.activeSessions();
  }

  async handle(request: CwmpRequest): Promise<CwmpResponse> {
    const decoded = decodeCwmp(request.body, { limits: { maxBytes: this.options.maxBodyBytes } });
    if (decoded.ok && decoded.kind === 'message' && decoded.envelope.body.type === 'Inform') {
      const identity = await request.authenticate();
      if (!identity.ok) return identity.response;
      const inform = decoded.envelope as CwmpEnvelope<Inform>;
      if (overlongId(inform)) {
        await this.refused(identity.deviceId, null, 'Inform', 'refused', 'cwmp-id', [], ID_TOO_LONG);
        return plain(400, `Inform refused: ${ID_TOO_LONG}`, null);
      }
      const span = startRequestSpan('cwmp.session', contextOf(request.traceparent), {
        'cwmp.device.id': deviceIdOf(inform.body.deviceId),
        'cwmp.message': 'Inform',
      });
      return this.traced(span, () => this.open(inform, identity, request, span));
    }
    const state = await this.sessionOf(request);
    if (state !== null && 'response' in state) return state.response;
    if (state === null) {
      return plain(400, 'no CWMP session: a session starts with an Inform', null);
    }
    const input: SessionInput = decoded.ok
      ? decoded.kind === 'empty'
        ? { kind: 'empty' }
        : { kind: 'message', envelope: decoded.envelope }
      : { kind: 'undecodable', error: decoded.error };
    const live = state;
    const span = startRequestSpan('cwmp.request', contextOf(live.traceparent || undefined), {
      'cwmp.device.id': live.deviceId,
      'cwmp.session.id': live.sessionId,
      'cwmp.message': input.kind === 'message' ? input.envelope.body.type : input.kind,
    });
    return this.traced(span, async () => {
      const method = input.kind === 'message' ? input.envelope.body.type : input.kind;
      if (input.kind === 'message' && overlongId(input.envelope)) {
        // Not echoed (a cut cwmp:ID would name another request): refused without one.
        const envelope = { ...input.envelope, header: { ...input.envelope.header, id: undefined } };
        await this.refused(live.deviceId, live.sessionId, method, 'refused', 'cwmp-id', [], ID_TOO_LONG);
        return this.run(refuse(live, { kind: 'message', envelope }, ID_TOO_LONG), live, span);
      }
      const step = receive(live, input, this.clock.now());
      const refused = this.prepare(step, span);
      if (refused !== null) {
        const fields = [{ field: refused.field, count: 1 }];
        const reason = refused.reason(input);
        await this.refused(live.deviceId, live.sessionId, method, 'refused', reason, fields, refused.message);
        return this.run(refuse(live, input, refused.message), live, span);
      }
      if (input.kind === 'message' && step.append.length > 0) {
        await this.reportFitted(live.deviceId, live.sessionId, input.envelope.body);
      }
      return this.run(step, live, span);
    });
  }

  /**
   * The live session a later request belongs to. The cookie names it (its session id is
   * unguessable). Without one, the connection's session, unless the request carries credentials:
   * behind a pooling proxy one connection carries many CPEs, so credentials continue only their own
   * device's session, found by device. A CPE that keeps neither cookie nor connection is known by its
   * credentials. (A request that names a session which is over is not moved into a newer one.)
   */
  private async sessionOf(
    request: CwmpRequest,
  ): Promise<SessionState | { readonly response: CwmpResponse } | null> {
    const cookie = parseSessionCookie(request.cookie);
    if (cookie !== null) return this.sessions.load(cookie.deviceId, cookie.sessionId);
    const connection = request.connectionSession;
    if (connection !== undefined && request.credentials !== true) {
      return this.sessions.load(connection.deviceId, connection.sessionId);
    }
    const identity = await request.authenticate();
    if (!identity.ok) return { response: identity.response };
    if (identity.scheme === 'none' && connection !== undefined) {
      // No authentication configured: the header proves nothing, the connection is all there is.
      return this.sessions.load(connection.deviceId, connection.sessionId);
    }
    if (identity.deviceId === undefined) return null;
    if (connection !== undefined && connection.deviceId === identity.deviceId) {
      return this.sessions.load(connection.deviceId, connection.sessionId);
    }
    return this.sessions.load(identity.deviceId, undefined);
  }

  /** Says what recording `message` cuts or leaves out, if anything (see fittedOf). */
  private async reportFitted(deviceId: string, sessionId: string, message: CwmpMessage): Promise<void> {
    const fitted = fittedOf(message);
    if (fitted.length === 0) return;
    const detail = "values over the event catalogue's limits were cut or left out";
    await this.refused(deviceId, sessionId, message.type, 'truncated', 'truncated', fitted, detail);
  }

  /**
   * Counts a refused (or cut) message and, when the device is known, tells the operator with a
   * MessageRefused event. Best effort: the answer to the CPE does not wait on a failing Kafka.
   */
  private async refused(
    deviceId: string | undefined,
    sessionId: string | null,
    message: string,
    action: 'refused' | 'truncated',
    reason: RefusalReason,
    fields: readonly { readonly field: string; readonly count: number }[],
    detail: string,
  ): Promise<void> {
    this.observer?.messageRefused(reason, deviceId);
    if (deviceId === undefined) return;
    const event: DeviceEvent = {
      type: 'MessageRefused',
      version: 1,
      data: {
        deviceId,
        refusalId: this.ids.sessionId(),
        sessionId,
        message: message.slice(0, CAPS.token),
        action,
        reason,
        fields: fields
          .slice(0, CAPS.list)
          .map((f) => ({ field: f.field.slice(0, CAPS.token), count: f.count })),
        detail: detail.slice(0, CAPS.text),
      },
    };
    try {
      await this.append([event], NO_SPAN);
    } catch (error) {
      if (!(error instanceof BackendUnavailableError) && !(error instanceof UnrecordableMessageError))
        throw error;
    }
  }

  /** Runs a request under its span and ends the span with the answer's status. */
  private async traced(span: Span, work: () => Promise<CwmpResponse>): Promise<CwmpResponse> {
    try {
      const response = await work();
      span.setAttribute('http.response.status_code', response.status);
      return response;
    } catch (error) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      span.end();
    }
  }

  private async open(
    inform: CwmpEnvelope<Inform>,
    identity: Extract<Authentication, { ok: true }>,
    request: CwmpRequest,
    span: Span,
  ): Promise<CwmpResponse> {
    const deviceId = deviceIdOf(inform.body.deviceId);
    if (identity.deviceId !== undefined && identity.deviceId !== deviceId) {
      return plain(403, 'the Inform names another device than the credentials', null);
    }
    const sessionId = this.ids.sessionId();
    const informDigest = createHash('sha256').update(request.body).digest('hex').slice(0, 32);
    const step = startSession(inform, {
      sessionId,
      deviceId,
      now: this.clock.now(),
      authentication: identity.scheme,
      tls: request.tls,
      xmlDeclaration: this.declarationFor(request.body),
      informDigest,
      traceparent: traceparentOf(span) ?? '',
      ttlMs: sessionTtlMs(inform.header.sessionTimeout, {
        defaultMs: this.options.sessionTimeoutMs,
        minMs: this.options.planTimeoutMs + this.options.appendTimeoutMs,
        maxMs: this.options.maxSessionTimeoutMs,
      }),
    });
    // Built and checked before anything is claimed or superseded: an Inform the catalogue refuses
    // changes nothing, not even the device's live session.
    const refused = this.prepare(step, span);
    if (refused !== null) {
      const reason = IDENTITY_FIELD.test(refused.field) ? 'inform-identity' : 'inform';
      const fields = [{ field: refused.field, count: 1 }];
      await this.refused(identity.deviceId, null, 'Inform', 'refused', reason, fields, refused.message);
      return plain(400, `Inform refused: ${refused.message}`, null);
    }
    await this.reportFitted(deviceId, sessionId, inform.body);
    const { claimed, left } = await this.sessions.claim(deviceId, sessionId);
    if (left !== null) await this.append([this.lostEnd(left)], span);
    if (!claimed) {
      const old = await this.sessions.load(deviceId, undefined);
      const again = old === null ? null : repeatInform(old, inform, informDigest);
      if (again !== null) return this.run(again, old, span);
    }
    if (!claimed && !(await this.supersede(deviceId, sessionId, span))) {
      // Another Inform took the device in the meantime; the CPE retries on its own schedule.
      return plain(503, 'another session of this device is in progress', null, { 'retry-after': '5' });
    }
    span.setAttribute('cwmp.session.id', sessionId);
    try {
      return await this.run(step, null, span);
    } catch (error) {
      await this.sessions.release(deviceId, sessionId).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A CPE runs one session at a time, so its new (authenticated) Inform means its previous session
   * is over: it lost an answer, or the replica serving it crashed. That session is ended as
   * 'superseded' (so the log says so) and its lock taken over, instead of locking the CPE out until
   * the lock expires. True when the lock is now ours.
   */
  private async supersede(deviceId: string, sessionId: string, span: Span): Promise<boolean> {
    const old = await this.sessions.load(deviceId, undefined);
    if (old !== null) {
      const ended = end(old, this.clock.now(), 'superseded', 'the device started a new session');
      await this.append(ended.append, span);
      await this.sessions.release(old.deviceId, old.sessionId);
    } else {
      // A session that claimed the lock and never stored its record (its replica stopped between
      // the Inform's append and the save): its SessionStarted may be on Kafka, so it is closed as
      // lost (first, so that a crash here leaves it to the next Inform, under the same id).
      const holder = await this.sessions.lockHolder(deviceId);
      if (holder !== null) {
        if (OpaqueId.safeParse(holder).success) {
          const closed = lost(
            { deviceId, sessionId: holder, sequence: 1, rpcCount: 0, startedAt: this.clock.now() },
            this.clock.now(),
            'its replica stopped before the session was stored',
          );
          await this.append([closed], span);
        }
        await this.sessions.releaseLock(deviceId, holder);
      }
    }
    const { claimed, left } = await this.sessions.claim(deviceId, sessionId);
    if (left !== null) await this.append([this.lostEnd(left)], span);
    return claimed;
  }

  /** A session whose CPE vanished, closed from the record it left (see lost()). */
  private lostEnd(left: SessionState): DeviceEvent {
    return lost(
      left,
      left.storedAt ?? left.startedAt,
      `the CPE sent nothing more within the session's time-out (${left.ttlMs} ms)`,
    );
  }

  /**
   * One pass of the reaper: every session whose lock expired without an end (its live-session mark
   * expired, its record is still there and no longer holds the lock) is closed as 'lost', then
   * forgotten. Any replica may run it at any time: a replica takes a mark by moving it (only one
   * move succeeds) before closing its session, and the end's id is `<session>:lost` whoever writes
   * it. A replica that stops midway leaves the mark to come due again. Returns how many it closed.
   */
  async reapLostSessions(limit = 100): Promise<number> {
    const now = this.clock.now();
    let closed = 0;
    for (const mark of await this.sessions.expiredMarks(now, limit)) {
      if (parseDeviceId(mark.deviceId) === null) continue;
      const until = now + sessionKeepMs(this.options);
      if (!(await this.sessions.takeMark(mark, until))) continue;
      const { raw, state, holder } = await this.sessions.leftBehind(mark.deviceId);
      if (state !== null && holder === state.sessionId) {
        // Still live (its lock was renewed after the mark was read): the next save marks it again.
        continue;
      }
      if (state !== null) {
        await this.append([this.lostEnd(state)], NO_SPAN);
        closed++;
      }
      await this.sessions.forget(mark, raw, until);
    }
    return closed;
  }

  /** Applies steps until one has a reply for the CPE (a `dequeue` takes the next queue item). */
  private async run(first: Step, before: SessionState | null, span: Span): Promise<CwmpResponse> {
    let step = first;
    let state = before;
    for (;;) {
      if (!(await this.apply(step, state, span))) {
        return plain(409, 'the session was taken over or expired', null);
      }
      if (step.discarded !== undefined) this.observer?.queueEntryDiscarded(step.discarded);
      if (step.reply.kind !== 'dequeue') break;
      const current = step.state;
      if (current === null) break;
      const waitStarted = this.clock.now();
      const item = await this.sessions.nextQueueItem(current.deviceId, this.options.planTimeoutMs);
      this.observer?.planWaited((this.clock.now() - waitStarted) / 1000, item !== null);
      state = current;
      if (item === null) {
        step = end(current, this.clock.now(), 'timeout', `no plan within ${this.options.planTimeoutMs} ms`);
      } else if (!item.ok) {
        step = end(current, this.clock.now(), 'aborted', `unusable queue entry: ${item.reason}`);
      } else {
        step = dispatch(current, item.item, this.clock.now(), this.options.limits);
        const refused = this.prepare(step, span);
        if (refused !== null) {
          step = end(current, this.clock.now(), 'aborted', `unrecordable queue entry: ${refused.message}`);
        }
      }
    }
    return this.reply(step, state ?? step.state);
  }

  private declarationFor(body: Uint8Array): boolean {
    const mode = this.options.xmlDeclaration;
    return mode === 'mirror' ? startsWithXmlDeclaration(body) : mode === 'always';
  }

  /** Events first (durable), then the state; false when the session's lock was lost meanwhile. */
  private async apply(step: Step, before: SessionState | null, span: Span): Promise<boolean> {
    if (step.append.length > 0) {
      await this.append(step.append, span);
      const now = this.clock.now();
      recordRpcSpans(before, step.append, now);
      const answered = before?.inFlight;
      if (answered && step.append.some((e) => e.type === 'RpcResponded' || e.type === 'RpcFaulted')) {
        this.observer?.rpcAnswered(answered.method, (now - answered.sentAt) / 1000);
      }
    }
    // A step that recorded nothing and only waits for the queue need not be stored: replayed after
    // a crash it decides the same again.
    if (step.state !== null && step.append.length === 0 && step.reply.kind === 'dequeue') return true;
    if (step.state !== null) return this.sessions.save(step.state);
    if (before !== null) await this.sessions.release(before.deviceId, before.sessionId);
    return true;
  }

  /**
   * Builds (and checks) the step's records ahead of its append; null when they are fine, else why
   * the catalogue refuses them. The records are kept for the append, so they are built once.
   */
  private prepare(step: Step, span: Span): Refusal | null {
    if (step.append.length === 0) return null;
    try {
      this.prepared.set(step.append, this.records(step.append, traceparentOf(span)));
      return null;
    } catch (error) {
      if (error instanceof UnrecordableMessageError) return new Refusal(error.field, error.message);
      throw error;
    }
  }

  /**
   * Appends and waits for Kafka's acknowledgement, at most appendTimeoutMs: past that the CPE hears
   * 503 and retries. (The append may still land later; its deterministic ids make it recognisable.)
   * The records are built before the clock starts, and the time-out is one promise with the append,
   * always awaited: nothing here can become an unhandled rejection, whichever way it fails.
   */
  private async append(events: readonly DeviceEvent[], span: Span): Promise<void> {
    const records = this.prepared.get(events) ?? this.records(events, traceparentOf(span));
    this.prepared.delete(events);
    await withTimeout(
      this.log.append(records),
      this.options.appendTimeoutMs,
      () =>
        new BackendUnavailableError('kafka', `no acknowledgement within ${this.options.appendTimeoutMs} ms`),
    );
    this.observer?.recorded(events);
  }

  private records(events: readonly DeviceEvent[], traceparent: string | undefined): OutgoingRecord[] {
    const time = new Date(this.clock.now()).toISOString();
    return events.map((event) => {
      try {
        return toRecord(event, { time, traceparent, trustedWriter: TRUSTED.has(event.type) });
      } catch (error) {
        if (error instanceof InvalidEventError) throw new UnrecordableMessageError(error.message, error.path);
        throw error;
      }
    });
  }

  private reply(step: Step, session: SessionState | null): CwmpResponse {
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
}

/** The longest cwmp:ID echoed; TR-069 sets none, real CPEs send counters or UUIDs. */
const MAX_CWMP_ID = 256;
const ID_TOO_LONG = `the cwmp:ID is longer than ${MAX_CWMP_ID} characters`;

function overlongId(envelope: CwmpEnvelope): boolean {
  return (envelope.header.id?.length ?? 0) > MAX_CWMP_ID;
}

/** The reaper's appends belong to no request's trace. */
const NO_SPAN = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });

/** The event fields that name the device: an Inform refused for one of them names no usable device. */
const IDENTITY_FIELD = /^data\.(deviceId|identity)\b/;

const CLEARED_COOKIE = `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly`;

/**
 * Events the session machine builds from values already validated (the session's own ids and
 * counters; the device id was validated with the session's InformReceived, appended with its
 * SessionStarted): encoded without a second schema check. Everything carrying a CPE's input is checked.
 */
const TRUSTED: ReadonlySet<DeviceEvent['type']> = new Set(['SessionStarted', 'SessionEnded']);

/** True when the body opens with `<?xml` (after a BOM and white space). */
function startsWithXmlDeclaration(body: Uint8Array): boolean {
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

/** A CPE message whose values exceed what the event catalogue accepts (TR-069 length limits). */
export class UnrecordableMessageError extends Error {
  readonly code = 'HEADEND_UNRECORDABLE_MESSAGE';
  constructor(
    message: string,
    /** Where in the event, e.g. `data.identity.serialNumber`. */
    readonly field = '',
  ) {
    super(message);
  }
}

/** Why a message was refused; `reason` is one of our codes (a metric label), never device text. */
class Refusal {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}

  reason(input: SessionInput): RefusalReason {
    return input.kind === 'message' && input.envelope.body.type.endsWith('Response')
      ? 'response'
      : input.kind === 'message' && input.envelope.body.type === 'Fault'
        ? 'response'
        : 'request';
  }
}

/** Resolves or rejects as `work` does, or rejects with `timeout()` after `ms`: one promise, no stray timer. */
function withTimeout<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeout()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function plain(
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
