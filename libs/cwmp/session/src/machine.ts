import type { CwmpEnvelope, CwmpEnvelopeInput, CwmpMessage, Inform } from '@headend/cwmp-codec';
import { cwmpFault, replyTo } from '@headend/cwmp-codec';
import { ACS_METHODS, CAPS } from '@headend/events';
import { negotiateVersion } from './negotiation.js';
import type { Reply, SessionEvent, SessionInput, SessionOutcome, SessionStart, Step } from './step.js';
import { DEFAULT_SESSION_LIMITS } from './step.js';
import type { QueueItem } from './queue.js';
import type { SessionState } from './state.js';
import type { EventPlace, RecordedCpeRequest } from './to-events.js';
import { cpeRequestReceived, informReceived, rpcFaulted, rpcRequest, rpcResponse } from './to-events.js';

/**
 * The CWMP session rules as a pure decider: given the session's state and what arrived, it says
 * which events to append (before anything is acknowledged), what to answer, and the next state.
 * Time and ids come in as arguments, so a session replays exactly in tests.
 */

/** The methods this ACS answers (GetRPCMethods from a CPE). */
export const ACS_SIDE_METHODS = [
  'Inform',
  'GetRPCMethods',
  'TransferComplete',
  'AutonomousTransferComplete',
  'RequestDownload',
  'DUStateChangeComplete',
  'AutonomousDUStateChangeComplete',
  'Kicked',
] as const;

/** The first message of every session: the Inform opens it and is answered with InformResponse. */
export function startSession(inform: CwmpEnvelope<Inform>, start: SessionStart): Step {
  const negotiated = negotiateVersion(inform.namespace, inform.header);
  const state: SessionState = {
    v: 2,
    sessionId: start.sessionId,
    deviceId: start.deviceId,
    namespace: negotiated.namespace,
    cwmpVersion: negotiated.cwmpVersion,
    startedAt: start.now,
    sequence: 1,
    phase: 'cpe',
    inFlight: null,
    rpcCount: 0,
    dispatched: [],
    lastCwmpId: 0,
    xmlDeclaration: start.xmlDeclaration,
    informDigest: start.informDigest,
    traceparent: start.traceparent,
    ttlMs: start.ttlMs,
    holding: false,
  };
  const place = (sequence: number): EventPlace => ({
    deviceId: start.deviceId,
    sessionId: start.sessionId,
    sequence,
  });
  return {
    append: [
      {
        type: 'SessionStarted',
        version: 1,
        data: {
          ...place(0),
          cwmpVersion: negotiated.cwmpVersion,
          authentication: start.authentication,
          tls: start.tls,
        },
      },
      informReceived(place(1), inform.body),
    ],
    state,
    reply: informResponse(inform, negotiated.useCwmpVersion),
  };
}

/**
 * The same Inform again, before anything else happened in its session: the CPE lost the
 * InformResponse and re-sent it. It is answered again, with no new event (nothing new happened).
 * Null when it is not such a re-send; then the gateway supersedes the old session.
 */
export function repeatInform(
  state: SessionState,
  inform: CwmpEnvelope<Inform>,
  informDigest: string,
): Step | null {
  if (state.informDigest === '' || state.informDigest !== informDigest) return null;
  if (state.sequence !== 1 || state.phase !== 'cpe' || state.inFlight !== null) return null;
  return {
    append: [],
    state,
    reply: informResponse(inform, negotiateVersion(inform.namespace, inform.header).useCwmpVersion),
  };
}

function informResponse(inform: CwmpEnvelope<Inform>, useCwmpVersion: string | undefined): Reply {
  const reply = replyTo(inform, { type: 'InformResponse', maxEnvelopes: 1 });
  return {
    kind: 'soap',
    status: 200,
    envelope: { ...reply, header: { ...reply.header, ...(useCwmpVersion ? { useCwmpVersion } : {}) } },
  };
}

/** A POST of an open session. */
export function receive(state: SessionState, input: SessionInput, now: number): Step {
  switch (input.kind) {
    case 'empty':
      if (state.inFlight) {
        return end(state, now, 'fault', `empty POST while ${state.inFlight.method} was unanswered`);
      }
      return { append: [], state: { ...state, phase: 'acs' }, reply: { kind: 'dequeue' } };
    case 'undecodable':
      return answer(
        state,
        [],
        soapFault(state, input.error.envelope?.header.id, input.error.faultCode, input.error.detail),
      );
    case 'message':
      return receiveMessage(state, input.envelope);
    default:
      return unreachable(input);
  }
}

/**
 * What the CPE sent in `input`, refused because its events break the catalogue's limits (`detail` says
 * where): a response to the outstanding request is recorded as that request's fault (9002, the
 * detail as its string), so provisioning learns the RPC failed and the session goes on; a request of
 * the CPE's own is answered with fault 8003 (invalid arguments) and nothing is recorded, the session
 * as it was. Never throws and never leaves the session waiting.
 */
export function refuse(state: SessionState, input: SessionInput, detail: string): Step {
  const text = `the message exceeds the event catalogue's limits: ${detail}`;
  const envelope = input.kind === 'message' ? input.envelope : undefined;
  const inFlight = state.inFlight;
  const answers =
    envelope !== undefined &&
    inFlight !== null &&
    (envelope.body.type === 'Fault' || envelope.body.type === `${inFlight.method}Response`);
  if (answers) {
    const fault = cwmpFault(9002, { faultString: text.slice(0, CAPS.text) });
    return recordRpcOutcome(
      state,
      rpcFaulted(place(state, state.sequence + 1), inFlight.rpcId, inFlight.method, fault),
    );
  }
  return answer(state, [], soapFault(state, envelope?.header.id, 8003, text));
}

/**
 * The next item of the device's RPC queue, after a `dequeue` reply: send the request, or end the
 * session when the plan is final. An entry planned for another session, or an RPC this session
 * already sent (provisioning writes at least once), is passed over: the next entry is taken.
 * An entry with `holdRequests` is sent with cwmp:HoldRequests; others carry no such header (some
 * CPEs choke on headers they do not expect), which lifts any earlier hold.
 */
export function dispatch(
  state: SessionState,
  item: QueueItem,
  now: number,
  limits = DEFAULT_SESSION_LIMITS,
): Step {
  if (item.sessionId !== undefined && item.sessionId !== state.sessionId)
    return passOver(state, 'other-session');
  if (item.kind === 'end') return end(state, now, 'completed', null);
  if (state.dispatched.includes(item.rpcId)) return passOver(state, 'duplicate-rpc');
  if (state.rpcCount >= limits.maxRpcs) {
    return end(state, now, 'aborted', `more than ${limits.maxRpcs} RPCs in one session`);
  }
  const cwmpId = String(state.lastCwmpId + 1);
  const sequence = state.sequence + 1;
  const request = item.request;
  const holding = item.holdRequests === true;
  return {
    append: [
      {
        type: 'RpcSent',
        version: 1,
        data: { ...place(state, sequence), rpcId: item.rpcId, request: rpcRequest(request) },
      },
    ],
    state: {
      ...state,
      sequence,
      phase: 'acs',
      inFlight: { rpcId: item.rpcId, method: request.type, cwmpId, sentAt: now },
      rpcCount: state.rpcCount + 1,
      dispatched: [...state.dispatched, item.rpcId],
      lastCwmpId: state.lastCwmpId + 1,
      holding,
    },
    reply: {
      kind: 'soap',
      status: 200,
      envelope: {
        namespace: ns(state),
        header: holding ? { id: cwmpId, holdRequests: true } : { id: cwmpId },
        body: request,
      },
    },
  };
}

function passOver(state: SessionState, discarded: NonNullable<Step['discarded']>): Step {
  return { append: [], state, reply: { kind: 'dequeue' }, discarded };
}

/** Ends a session that cannot go on (plan timed out, CPE gone, replica draining), with its reason. */
export function end(state: SessionState, now: number, outcome: SessionOutcome, reason: string | null): Step {
  return {
    append: [
      {
        type: 'SessionEnded',
        version: 1,
        data: {
          ...place(state, state.sequence + 1),
          outcome,
          rpcCount: state.rpcCount,
          durationMs: Math.max(0, now - state.startedAt),
          reason: reason === null ? null : reason.slice(0, CAPS.text),
        },
      },
    ],
    state: null,
    reply: { kind: 'no-content' },
  };
}

const ACS_METHOD_NAMES: ReadonlySet<string> = new Set<string>(ACS_METHODS);

/** What HoldRequests holds back: every request a CPE sends, but the Inform that opens a session. */
const HELD_REQUESTS: ReadonlySet<string> = new Set<string>(ACS_SIDE_METHODS.filter((m) => m !== 'Inform'));

function receiveMessage(state: SessionState, envelope: CwmpEnvelope): Step {
  const message = envelope.body;
  const id = envelope.header.id;
  if (state.holding && HELD_REQUESTS.has(message.type)) return refuseHeld(state, message.type, id);
  switch (message.type) {
    case 'TransferComplete':
    case 'AutonomousTransferComplete':
    case 'RequestDownload':
    case 'DUStateChangeComplete':
    case 'AutonomousDUStateChangeComplete':
    case 'Kicked':
      return recordCpeRequest(state, envelope as CwmpEnvelope<RecordedCpeRequest>);
    case 'GetRPCMethods':
      return answer(
        state,
        [],
        ok(state, id, { type: 'GetRPCMethodsResponse', methodList: ACS_SIDE_METHODS }),
      );
    case 'Inform':
      return answer(
        state,
        [],
        soapFault(state, id, 8003, 'Inform is only allowed as the first message of a session'),
      );
    case 'Fault':
      return state.inFlight
        ? recordRpcOutcome(
            state,
            rpcFaulted(
              place(state, state.sequence + 1),
              state.inFlight.rpcId,
              state.inFlight.method,
              message,
            ),
          )
        : answer(
            state,
            [],
            soapFault(state, id, 8003, 'a Fault arrived while no ACS request was outstanding'),
          );
    default:
      if (ACS_METHOD_NAMES.has(message.type)) {
        return answer(state, [], soapFault(state, id, 8000, `the ACS does not implement ${message.type}`));
      }
      return receiveResponse(state, message, id);
  }
}

function receiveResponse(state: SessionState, message: CwmpMessage, id: string | undefined): Step {
  const inFlight = state.inFlight;
  if (!inFlight || message.type !== `${inFlight.method}Response`) {
    const expected = inFlight ? `${inFlight.method}Response` : 'no response';
    return answer(
      state,
      [],
      soapFault(state, id, 8003, `${message.type} is not expected here (expected ${expected})`),
    );
  }
  if (message.type === 'AddObjectResponse' && message.instanceNumber < 1) {
    // No instance to point at: recorded as a fault, so provisioning does not believe the object exists.
    const fault = cwmpFault(9002, { faultString: 'AddObjectResponse carried no instance number' });
    return recordRpcOutcome(
      state,
      rpcFaulted(place(state, state.sequence + 1), inFlight.rpcId, inFlight.method, fault),
    );
  }
  const event: SessionEvent = {
    type: 'RpcResponded',
    version: 1,
    data: {
      ...place(state, state.sequence + 1),
      rpcId: inFlight.rpcId,
      response: rpcResponse(message as Parameters<typeof rpcResponse>[0]),
    },
  };
  return recordRpcOutcome(state, event);
}

/**
 * A CPE request in spite of HoldRequests: 8005 (retry request) and nothing recorded, since a CPE
 * sends its requests again until they are answered (TR-069 A.3.1). The fault says HoldRequests
 * again: a message without it would lift the hold while the held RPC is still unanswered.
 */
function refuseHeld(state: SessionState, method: string, id: string | undefined): Step {
  const detail = `${method} arrived while the ACS asked the CPE to hold its requests`;
  return answer(state, [], soapFault(state, id, 8005, detail, { holdRequests: true }));
}

function recordRpcOutcome(state: SessionState, event: SessionEvent): Step {
  return {
    append: [event],
    state: { ...state, sequence: state.sequence + 1, inFlight: null },
    reply: { kind: 'dequeue' },
  };
}

function recordCpeRequest(state: SessionState, envelope: CwmpEnvelope<RecordedCpeRequest>): Step {
  const sequence = state.sequence + 1;
  const event = cpeRequestReceived(place(state, sequence), envelope.body);
  return answer({ ...state, sequence }, [event], {
    kind: 'soap',
    status: 200,
    envelope: replyTo({ namespace: ns(state), header: envelope.header }, responseTo(envelope.body)),
  });
}

function responseTo(request: RecordedCpeRequest): CwmpMessage {
  switch (request.type) {
    case 'TransferComplete':
      return { type: 'TransferCompleteResponse' };
    case 'AutonomousTransferComplete':
      return { type: 'AutonomousTransferCompleteResponse' };
    case 'RequestDownload':
      return { type: 'RequestDownloadResponse' };
    case 'DUStateChangeComplete':
      return { type: 'DUStateChangeCompleteResponse' };
    case 'AutonomousDUStateChangeComplete':
      return { type: 'AutonomousDUStateChangeCompleteResponse' };
    case 'Kicked':
      return { type: 'KickedResponse', nextUrl: request.next };
    default:
      return unreachable(request);
  }
}

/** A step that answers the CPE: the answer's HoldRequests (absent: false) is the hold from now on. */
function answer(state: SessionState, append: readonly SessionEvent[], reply: Reply): Step {
  const holding = reply.kind === 'soap' && reply.envelope.header?.holdRequests === true;
  return { append, state: { ...state, holding }, reply };
}

function ok(state: SessionState, id: string | undefined, body: CwmpMessage): Reply {
  return {
    kind: 'soap',
    status: 200,
    envelope: { namespace: ns(state), header: id === undefined ? {} : { id }, body },
  };
}

/** SOAP 1.1 carries faults with HTTP 500. */
function soapFault(
  state: SessionState,
  id: string | undefined,
  code: number,
  detail: string,
  header: { readonly holdRequests?: true } = {},
): Reply {
  return {
    kind: 'soap',
    status: 500,
    envelope: {
      namespace: ns(state),
      header: id === undefined ? header : { id, ...header },
      body: cwmpFault(code, { faultString: detail.slice(0, 256) }),
    },
  };
}

function place(state: Pick<SessionState, 'deviceId' | 'sessionId'>, sequence: number): EventPlace {
  return { deviceId: state.deviceId, sessionId: state.sessionId, sequence };
}

function ns(state: SessionState): CwmpEnvelopeInput['namespace'] {
  return state.namespace as CwmpEnvelopeInput['namespace'];
}

function unreachable(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
