import type { AcsRequest, CpeRequest, CpeState, InboundMessage, RandomSource } from '@headend/cpe-model';
import {
  advance,
  buildInform,
  decodeAtCpe,
  encodeAtCpe,
  handleAcsRequest,
  informAccepted,
  isAcsRequest,
  pendingCpeRequests,
  requestDelivered,
} from '@headend/cpe-model';
import type { CwmpEnvelope, CwmpMessage, CwmpNamespace } from '@headend/cwmp-codec';
import type { CwmpConnection, HttpReply } from './transport.js';
import { failureForStatus, SessionFailure } from './transport.js';

/** A runaway ACS must not keep a simulated device forever. */
const MAX_EXCHANGES = 1000;

export interface SessionEnv {
  readonly connection: CwmpConnection;
  readonly now: () => number;
  readonly random: RandomSource;
}

/**
 * What the ACS acknowledged to the device in one session (for fault-injection checks): the Inform
 * (InformResponse received), each ACS request it executed and whether its response was answered 2xx,
 * and its own requests the ACS answered.
 */
export interface SessionTrace {
  readonly inform: {
    readonly currentTime: string;
    readonly retryCount: number;
    readonly events: readonly { readonly code: string; readonly commandKey: string }[];
  };
  informAcked: boolean;
  readonly executed: {
    readonly request: AcsRequest;
    readonly response: CwmpMessage['type'];
    acked: boolean;
  }[];
  readonly delivered: { readonly type: CwmpMessage['type']; readonly commandKey: string | undefined }[];
}

export type SessionResult =
  | {
      readonly ok: true;
      readonly state: CpeState;
      readonly exchanges: number;
      readonly events: readonly string[];
      readonly trace: SessionTrace;
    }
  | {
      readonly ok: false;
      readonly state: CpeState;
      readonly failure: SessionFailure;
      readonly events: readonly string[];
      readonly trace: SessionTrace;
    };

const RESPONSE_TO: ReadonlyMap<string, CwmpMessage['type']> = new Map([
  ['TransferComplete', 'TransferCompleteResponse'],
  ['DUStateChangeComplete', 'DUStateChangeCompleteResponse'],
  ['AutonomousTransferComplete', 'AutonomousTransferCompleteResponse'],
  ['RequestDownload', 'RequestDownloadResponse'],
  ['Kicked', 'KickedResponse'],
  ['AutonomousDUStateChangeComplete', 'AutonomousDUStateChangeCompleteResponse'],
]);

function isEnd(reply: HttpReply): boolean {
  return reply.status === 204 || (reply.status === 200 && reply.body.trim() === '');
}

function decoded(reply: HttpReply, state: CpeState, now: number): CwmpEnvelope | undefined {
  const failure = failureForStatus(reply, now);
  if (failure !== undefined) throw failure;
  const inbound: InboundMessage = decodeAtCpe(reply.body, state.config.quirks);
  if (inbound.kind === 'invalid') throw new SessionFailure('decode', inbound.reason);
  return inbound.kind === 'empty' ? undefined : inbound.envelope;
}

function faultText(message: CwmpMessage): string {
  return message.type === 'Fault' ? `Fault ${message.detail?.faultCode ?? message.faultcode}` : message.type;
}

/**
 * One CWMP session as a CPE runs it (TR-069 3.7): Inform until InformResponse; then its own requests
 * (TransferComplete, DUStateChangeComplete, and AutonomousTransferComplete, RequestDownload, Kicked,
 * AutonomousDUStateChangeComplete when it has one to send) unless the ACS holds them; then empty POSTs, answering
 * each ACS request, until an empty reply. cwmp:ID is echoed in every response.
 */
export async function runSession(initial: CpeState, env: SessionEnv): Promise<SessionResult> {
  const { quirks } = initial.config;
  let state = advance(initial, env.now());
  const inform = buildInform(state, env.now());
  const events = inform.event.map((e) => e.eventCode);
  const trace: SessionTrace = {
    inform: {
      currentTime: inform.currentTime,
      retryCount: inform.retryCount,
      events: inform.event.map((e) => ({ code: e.eventCode, commandKey: e.commandKey })),
    },
    informAcked: false,
    executed: [],
    delivered: [],
  };
  let counter = 0;
  const send = (body: CwmpMessage, namespace: CwmpNamespace, id?: string): Promise<HttpReply> =>
    env.connection.post(encodeAtCpe(body, { namespace, id, quirks }));
  try {
    const first = decoded(await send(inform, state.config.namespace, String(++counter)), state, env.now());
    if (first?.body.type !== 'InformResponse') {
      const kind = first?.body.type === 'Fault' ? 'fault' : 'protocol';
      throw new SessionFailure(
        kind,
        `Inform answered with ${first === undefined ? 'nothing' : faultText(first.body)}`,
      );
    }
    trace.informAcked = true;
    state = informAccepted(state, inform);
    let hold = first.header.holdRequests === true;
    const queue: CpeRequest[] = pendingCpeRequests(state);
    let outgoing: { body: CwmpMessage; namespace: CwmpNamespace; id?: string | undefined } | undefined;
    let awaiting: CpeRequest | undefined;
    for (let exchanges = 1; exchanges <= MAX_EXCHANGES; exchanges++) {
      if (outgoing === undefined && !hold) {
        awaiting = queue.shift();
        if (awaiting !== undefined) {
          outgoing = { body: awaiting.message, namespace: state.config.namespace, id: String(++counter) };
        }
      }
      const reply =
        outgoing === undefined
          ? await env.connection.post('')
          : await send(outgoing.body, outgoing.namespace, outgoing.id);
      // A response the ACS answered with 2xx is recorded there (it answers nothing before that).
      const answered = outgoing !== undefined && awaiting === undefined ? trace.executed.at(-1) : undefined;
      if (answered !== undefined && reply.status >= 200 && reply.status < 300) answered.acked = true;
      outgoing = undefined;
      if (isEnd(reply)) {
        if (awaiting !== undefined)
          throw new SessionFailure('protocol', `session ended before ${awaiting.message.type} was answered`);
        return { ok: true, state, exchanges, events, trace };
      }
      const envelope = decoded(reply, state, env.now());
      if (envelope === undefined) return { ok: true, state, exchanges, events, trace };
      hold = envelope.header.holdRequests === true;
      const { body } = envelope;
      if (awaiting !== undefined) {
        if (body.type !== RESPONSE_TO.get(awaiting.message.type)) {
          throw new SessionFailure(
            body.type === 'Fault' ? 'fault' : 'protocol',
            `${awaiting.message.type} answered with ${faultText(body)}`,
          );
        }
        const key = 'commandKey' in awaiting.message ? awaiting.message.commandKey : undefined;
        trace.delivered.push({
          type: awaiting.message.type,
          commandKey: typeof key === 'string' ? key : undefined,
        });
        state = requestDelivered(state, awaiting);
        awaiting = undefined;
        continue;
      }
      if (!isAcsRequest(body) && body.type !== 'Fault') {
        throw new SessionFailure('protocol', `unexpected ${body.type} from the ACS`);
      }
      if (body.type === 'Fault') throw new SessionFailure('fault', `the ACS sent ${faultText(body)}`);
      const handled = handleAcsRequest(state, body, { now: env.now(), random: env.random });
      state = handled.state;
      trace.executed.push({ request: body, response: handled.response.type, acked: false });
      outgoing = { body: handled.response, namespace: envelope.namespace, id: envelope.header.id };
    }
    throw new SessionFailure('protocol', `more than ${MAX_EXCHANGES} exchanges in one session`);
  } catch (e) {
    const failure =
      e instanceof SessionFailure
        ? e
        : new SessionFailure('protocol', e instanceof Error ? e.message : String(e));
    return { ok: false, state, failure, events, trace };
  }
}
