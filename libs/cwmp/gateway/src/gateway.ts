import { createHash } from 'node:crypto';
import type { CwmpEnvelope, CwmpMessage, Inform } from '@headend/cwmp-codec';
import { decodeCwmp } from '@headend/cwmp-codec';
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
import { deviceIdOf, OpaqueId } from '@headend/events';
import type { Span } from '@opentelemetry/api';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { EventLog, OutgoingRecord } from '@headend/ports';
import { BackendUnavailableError } from '@headend/ports';
import { parseSessionCookie } from './cookie.js';
import type { GatewayOptions } from './options.js';
import { sessionKeepMs } from './options.js';
import { lostEnd, reapLostSessions } from './lost-sessions.js';
import {
  ID_TOO_LONG,
  IDENTITY_FIELD,
  messageRefused,
  overlongId,
  Refusal,
  UnrecordableMessageError,
} from './refusals.js';
import { buildRecords } from './records.js';
import { plain, replyTo, startsWithXmlDeclaration } from './replies.js';
import { SessionStore } from './session-store.js';
import { withTimeout } from './timeout.js';
import type {
  Authentication,
  Clock,
  CwmpRequest,
  CwmpResponse,
  GatewayObserver,
  IdSource,
  RefusalReason,
} from './types.js';
import { contextOf, recordRpcSpans, startRequestSpan, traceparentOf } from './tracing.js';

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
      const inform = decoded.envelope as CwmpEnvelope<Inform>;
      const identity = await request.authenticate(deviceIdOf(inform.body.deviceId));
      if (!identity.ok) return identity.response;
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
    const event = messageRefused({
      deviceId,
      refusalId: this.ids.sessionId(),
      sessionId,
      message,
      action,
      reason,
      fields,
      detail,
    });
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
    if (left !== null) await this.append([lostEnd(left)], span);
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
    if (left !== null) await this.append([lostEnd(left)], span);
    return claimed;
  }

  /**
   * One pass of the reaper (see reapLostSessions): closes the sessions whose CPE vanished as
   * 'lost'. Any replica may run it at any time. Returns how many it closed.
   */
  reapLostSessions(limit = 100): Promise<number> {
    return reapLostSessions(this.sessions, (events) => this.append(events, NO_SPAN), {
      now: this.clock.now(),
      keepMs: sessionKeepMs(this.options),
      limit,
    });
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
    return replyTo(step, state ?? step.state);
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
      this.prepared.set(step.append, buildRecords(step.append, this.clock.now(), traceparentOf(span)));
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
    const records = this.prepared.get(events) ?? buildRecords(events, this.clock.now(), traceparentOf(span));
    this.prepared.delete(events);
    await withTimeout(
      this.log.append(records),
      this.options.appendTimeoutMs,
      () =>
        new BackendUnavailableError('kafka', `no acknowledgement within ${this.options.appendTimeoutMs} ms`),
    );
    this.observer?.recorded(events);
  }
}

/** The reaper's appends belong to no request's trace. */
const NO_SPAN = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
