import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CwmpEnvelope, CwmpMessage, Inform } from '@headend/cwmp-codec';
import { CWMP_NAMESPACES, decodeCwmp, encodeCwmp, faultDefinition } from '@headend/cwmp-codec';
import { DeviceEvent, toRecord } from '@headend/events';
import type { Step } from './step.js';
import { lost, sessionTtlMs } from './lifetime.js';
import { dispatch, end, receive, refuse, repeatInform, startSession } from './machine.js';
import type { SessionState } from './state.js';
import { parseSessionState, serializeSessionState } from './state.js';
import { arbitraries } from './testing/arbitraries.js';

const INFORMS = resolve(import.meta.dirname, '../../codec/fixtures/informs');
const T0 = Date.parse('2026-11-22T10:00:00Z');
const START = {
  sessionId: 's-1',
  deviceId: '00259E-HG8245-S1',
  now: T0,
  authentication: 'digest',
  tls: false,
  xmlDeclaration: true,
  informDigest: 'aa11',
  traceparent: '',
  ttlMs: 60_000,
} as const;

function vector(prefix: string): CwmpEnvelope<Inform> {
  const file = readdirSync(INFORMS).find((name) => name.startsWith(prefix) && name.endsWith('.xml'));
  const decoded = decodeCwmp(readFileSync(resolve(INFORMS, file ?? 'missing')));
  if (!decoded.ok || decoded.kind !== 'message' || decoded.envelope.body.type !== 'Inform') {
    throw new Error(`vector ${prefix} is not an Inform`);
  }
  return decoded.envelope as CwmpEnvelope<Inform>;
}

function message(body: CwmpMessage, id?: string) {
  return {
    kind: 'message',
    envelope: { namespace: CWMP_NAMESPACES['1.0'], header: id ? { id } : {}, body },
  } as const;
}

function live(step: Step): SessionState {
  if (!step.state) throw new Error('the session ended');
  return step.state;
}

function sequences(steps: readonly Step[]): number[] {
  return steps.flatMap((step) => step.append.map((event) => event.data.sequence));
}

const gpv = { type: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SoftwareVersion'] } as const;

const transferComplete = {
  type: 'TransferComplete',
  commandKey: 'fw-1',
  faultStruct: { faultCode: 0, faultString: '' },
  startTime: '2026-11-22T09:59:00Z',
  completeTime: '2026-11-22T09:59:30Z',
} as const;

/** A session in its ACS phase whose outstanding GetParameterValues told the CPE to hold its requests. */
function heldSession(): { readonly held: SessionState; readonly sent: Step } {
  const acs = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
  const sent = dispatch(acs, { kind: 'rpc', rpcId: 'held', request: gpv, holdRequests: true }, T0 + 1);
  return { held: live(sent), sent };
}

describe('a CWMP session', () => {
  it('given a periodic Inform and nothing to do, then Inform, empty POST and 204 record start, inform and end', () => {
    const inform = vector('01');
    const started = startSession(inform, START);
    expect(started.append.map((e) => e.type)).toEqual(['SessionStarted', 'InformReceived']);
    expect(started.reply).toMatchObject({
      kind: 'soap',
      status: 200,
      envelope: { body: { type: 'InformResponse', maxEnvelopes: 1 } },
    });
    expect(started.reply.kind === 'soap' && started.reply.envelope.namespace).toBe(inform.namespace);
    expect(started.reply.kind === 'soap' && started.reply.envelope.header).toEqual(
      inform.header.id ? { id: inform.header.id } : {},
    );

    const emptyPost = receive(live(started), { kind: 'empty' }, T0 + 10);
    expect(emptyPost).toEqual({
      append: [],
      state: { ...live(started), phase: 'acs' },
      reply: { kind: 'dequeue' },
    });

    const ended = dispatch(live(emptyPost), { kind: 'end' }, T0 + 25);
    expect(ended.reply).toEqual({ kind: 'no-content' });
    expect(ended.state).toBeNull();
    expect(ended.append).toEqual([
      {
        type: 'SessionEnded',
        version: 1,
        data: {
          deviceId: START.deviceId,
          sessionId: 's-1',
          sequence: 2,
          outcome: 'completed',
          rpcCount: 0,
          durationMs: 25,
          reason: null,
        },
      },
    ]);
    for (const event of [...started.append, ...ended.append])
      expect(DeviceEvent.safeParse(event).success).toBe(true);
  });

  it('given a queued RPC, then it is sent with a fresh cwmp:ID and its response is recorded against it', () => {
    const acs = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
    const sent = dispatch(acs, { kind: 'rpc', rpcId: 'rpc-7', request: gpv }, T0 + 1);
    expect(sent.reply).toEqual({
      kind: 'soap',
      status: 200,
      envelope: { namespace: acs.namespace, header: { id: '1' }, body: gpv },
    });
    expect(sent.append).toMatchObject([
      { type: 'RpcSent', data: { sequence: 2, rpcId: 'rpc-7', request: { method: 'GetParameterValues' } } },
    ]);
    expect(live(sent).inFlight).toEqual({
      rpcId: 'rpc-7',
      method: 'GetParameterValues',
      cwmpId: '1',
      sentAt: T0 + 1,
    });

    const response = {
      type: 'GetParameterValuesResponse',
      parameterList: [{ name: gpv.parameterNames[0], value: '2.0', type: 'xsd:string' }],
    } as const;
    const answered = receive(live(sent), message(response, '1'), T0 + 2);
    expect(answered.reply).toEqual({ kind: 'dequeue' });
    expect(answered.append).toMatchObject([
      {
        type: 'RpcResponded',
        data: { sequence: 3, rpcId: 'rpc-7', response: { method: 'GetParameterValues' } },
      },
    ]);
    expect(live(answered).inFlight).toBeNull();

    const second = dispatch(
      live(answered),
      { kind: 'rpc', rpcId: 'rpc-8', request: { type: 'Reboot', commandKey: 'k' } },
      T0 + 3,
    );
    expect(second.reply.kind === 'soap' && second.reply.envelope.header).toEqual({ id: '2' });
    expect(live(second).rpcCount).toBe(2);
  });

  it('given a CPE fault answering the RPC, then it is recorded as RpcFaulted and the plan goes on', () => {
    const acs = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
    const sent = live(dispatch(acs, { kind: 'rpc', rpcId: 'rpc-1', request: gpv }, T0));
    const fault = {
      type: 'Fault',
      faultcode: 'Client',
      faultstring: 'CWMP fault',
      detail: { faultCode: 9005, faultString: 'Invalid parameter name', setParameterValuesFault: [] },
    } as const;
    const step = receive(sent, message(fault, '1'), T0);
    expect(step.reply).toEqual({ kind: 'dequeue' });
    expect(step.append).toMatchObject([
      { type: 'RpcFaulted', data: { rpcId: 'rpc-1', method: 'GetParameterValues', faultCode: 9005 } },
    ]);
  });

  it('given an AddObjectResponse without an instance number, then it is recorded as a fault, not a new object', () => {
    const acs = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
    const sent = live(
      dispatch(
        acs,
        {
          kind: 'rpc',
          rpcId: 'add',
          request: { type: 'AddObject', objectName: 'Device.X.', parameterKey: '' },
        },
        T0,
      ),
    );
    const step = receive(sent, message({ type: 'AddObjectResponse', instanceNumber: 0, status: 0 }, '1'), T0);
    expect(step.append).toMatchObject([
      { type: 'RpcFaulted', data: { rpcId: 'add', method: 'AddObject', faultCode: 9002 } },
    ]);
    expect(DeviceEvent.safeParse(step.append[0]).success).toBe(true);
  });

  it('given the same Inform again before anything else, then it is answered again with no new event', () => {
    const inform = vector('01');
    const started = startSession(inform, START);
    expect(repeatInform(live(started), inform, 'aa11')).toEqual({
      append: [],
      state: live(started),
      reply: started.reply,
    });
    expect(repeatInform(live(started), inform, 'bb22')).toBeNull();
    const later = live(receive(live(started), { kind: 'empty' }, T0));
    expect(repeatInform(later, inform, 'aa11')).toBeNull();
  });

  it('given CPE requests before the empty POST, then each is answered and recorded, GetRPCMethods only answered', () => {
    const started = live(startSession(vector('01'), START));
    const transfer = receive(
      started,
      message(
        {
          type: 'TransferComplete',
          commandKey: 'fw-1',
          faultStruct: { faultCode: 0, faultString: '' },
          startTime: '2026-11-22T09:59:00Z',
          completeTime: '2026-11-22T09:59:30Z',
        },
        'c1',
      ),
      T0,
    );
    expect(transfer.append).toMatchObject([
      { type: 'TransferCompleteReceived', data: { sequence: 2, commandKey: 'fw-1', fault: null } },
    ]);
    expect(transfer.reply).toMatchObject({
      kind: 'soap',
      status: 200,
      envelope: { header: { id: 'c1' }, body: { type: 'TransferCompleteResponse' } },
    });

    const methods = receive(live(transfer), message({ type: 'GetRPCMethods' }), T0);
    expect(methods.append).toEqual([]);
    expect(methods.reply).toMatchObject({
      envelope: {
        body: {
          type: 'GetRPCMethodsResponse',
          methodList: expect.arrayContaining(['Inform', 'TransferComplete']) as unknown,
        },
      },
    });

    const kicked = receive(
      live(methods),
      message({ type: 'Kicked', command: 'c', referer: 'r', arg: 'a', next: 'http://portal/next' }),
      T0,
    );
    expect(kicked.reply).toMatchObject({
      envelope: { body: { type: 'KickedResponse', nextUrl: 'http://portal/next' } },
    });
    expect(live(kicked).sequence).toBe(3);
  });

  it.each([
    ['a second Inform', () => message(vector('01').body), 8003],
    ['a response while nothing is outstanding', () => message({ type: 'RebootResponse' }), 8003],
    [
      'a method only a CPE implements',
      () => message({ type: 'GetParameterValues', parameterNames: ['x'] }),
      8000,
    ],
  ] as const)(
    'given %s, then it is refused with fault %i and the session stays as it was',
    (_name, input, code) => {
      const state = live(startSession(vector('01'), START));
      const step = receive(state, input(), T0);
      expect(step.state).toEqual(state);
      expect(step.append).toEqual([]);
      expect(step.reply).toMatchObject({
        kind: 'soap',
        status: 500,
        envelope: { body: { type: 'Fault', detail: { faultCode: code } } },
      });
    },
  );

  it('given a response of the wrong method, then it is refused and the RPC stays outstanding', () => {
    const acs = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
    const sent = live(dispatch(acs, { kind: 'rpc', rpcId: 'r', request: gpv }, T0));
    const step = receive(sent, message({ type: 'RebootResponse' }, '1'), T0);
    expect(step.reply).toMatchObject({ status: 500, envelope: { body: { detail: { faultCode: 8003 } } } });
    expect(step.state?.inFlight?.rpcId).toBe('r');
  });

  it('given an undecodable body, then the CPE gets the fault the codec chose, echoing its cwmp:ID', () => {
    const state = live(startSession(vector('01'), START));
    const decoded = decodeCwmp(
      encodeCwmp({ namespace: CWMP_NAMESPACES['1.0'], header: { id: 'x9' }, body: { type: 'GetRPCMethods' } })
        .replace('GetRPCMethods', 'MadeUpMethod')
        .replace('GetRPCMethods', 'MadeUpMethod'),
    );
    if (decoded.ok) throw new Error('expected a decode error');
    const step = receive(state, { kind: 'undecodable', error: decoded.error }, T0);
    expect(step.reply).toMatchObject({
      kind: 'soap',
      status: 500,
      envelope: { header: { id: 'x9' }, body: { detail: { faultCode: 8000 } } },
    });
  });

  it('given an empty POST while an RPC is unanswered, then the session ends as a fault', () => {
    const acs = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
    const sent = live(dispatch(acs, { kind: 'rpc', rpcId: 'r', request: gpv }, T0));
    const step = receive(sent, { kind: 'empty' }, T0 + 5);
    expect(step.state).toBeNull();
    expect(step.reply).toEqual({ kind: 'no-content' });
    expect(step.append).toMatchObject([{ type: 'SessionEnded', data: { outcome: 'fault', rpcCount: 1 } }]);
  });

  it('given a plan longer than the limit, then the session is cut short as aborted', () => {
    let state = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
    for (let i = 0; i < 3; i++) {
      state = live(
        dispatch(state, { kind: 'rpc', rpcId: `r${i}`, request: { type: 'Reboot', commandKey: '' } }, T0, {
          maxRpcs: 3,
        }),
      );
      state = live(receive(state, message({ type: 'RebootResponse' }, String(i + 1)), T0));
    }
    const step = dispatch(
      state,
      { kind: 'rpc', rpcId: 'r3', request: { type: 'Reboot', commandKey: '' } },
      T0,
      { maxRpcs: 3 },
    );
    expect(step.append).toMatchObject([{ type: 'SessionEnded', data: { outcome: 'aborted', rpcCount: 3 } }]);
  });

  it('given queue entries that name another session, then they are passed over and the session goes on', () => {
    const acs = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
    const staleEnd = dispatch(acs, { kind: 'end', sessionId: 's-0' }, T0 + 1);
    expect(staleEnd).toEqual({
      append: [],
      state: acs,
      reply: { kind: 'dequeue' },
      discarded: 'other-session',
    });
    const staleRpc = dispatch(acs, { kind: 'rpc', rpcId: 'r1', request: gpv, sessionId: 's-0' }, T0 + 1);
    expect(staleRpc).toEqual({
      append: [],
      state: acs,
      reply: { kind: 'dequeue' },
      discarded: 'other-session',
    });

    const ours = dispatch(acs, { kind: 'rpc', rpcId: 'r1', request: gpv, sessionId: 's-1' }, T0 + 2);
    expect(ours.append).toMatchObject([{ type: 'RpcSent', data: { rpcId: 'r1', sequence: 2 } }]);
    const ended = dispatch(
      live(receive(live(ours), message({ type: 'GetParameterValuesResponse', parameterList: [] }, '1'), T0)),
      { kind: 'end', sessionId: 's-1' },
      T0 + 3,
    );
    expect(ended.append).toMatchObject([
      { type: 'SessionEnded', data: { outcome: 'completed', rpcCount: 1 } },
    ]);
  });

  it('given an RPC entry enqueued twice, then it is sent once and the copy is passed over', () => {
    const acs = live(receive(live(startSession(vector('01'), START)), { kind: 'empty' }, T0));
    const item = { kind: 'rpc', rpcId: 'task-1.1', request: gpv, sessionId: 's-1' } as const;
    const sent = live(dispatch(acs, item, T0));
    expect(sent.dispatched).toEqual(['task-1.1']);
    const answered = live(
      receive(sent, message({ type: 'GetParameterValuesResponse', parameterList: [] }, '1'), T0 + 1),
    );
    const copy = dispatch(answered, item, T0 + 2);
    expect(copy).toEqual({
      append: [],
      state: answered,
      reply: { kind: 'dequeue' },
      discarded: 'duplicate-rpc',
    });
    // An entry without a session id is deduplicated too: its rpcId was sent in this session.
    const { sessionId: _, ...unnamed } = item;
    expect(dispatch(answered, unnamed, T0 + 2).discarded).toBe('duplicate-rpc');
    const next = dispatch(answered, { ...item, rpcId: 'task-1.2' }, T0 + 3);
    expect(live(next).dispatched).toEqual(['task-1.1', 'task-1.2']);
    expect(live(next).rpcCount).toBe(2);
  });

  it('given a queue entry with holdRequests, then only that RPC is sent with HoldRequests', () => {
    const { held, sent } = heldSession();
    expect(sent.reply).toEqual({
      kind: 'soap',
      status: 200,
      envelope: { namespace: held.namespace, header: { id: '1', holdRequests: true }, body: gpv },
    });
    expect(held.holding).toBe(true);
    if (sent.reply.kind === 'soap') expect(encodeCwmp(sent.reply.envelope)).toContain('HoldRequests');

    const answered = live(
      receive(held, message({ type: 'GetParameterValuesResponse', parameterList: [] }, '1'), T0 + 2),
    );
    for (const holdRequests of [false, undefined]) {
      const next = dispatch(answered, { kind: 'rpc', rpcId: 'free', request: gpv, holdRequests }, T0 + 3);
      expect(next.reply.kind === 'soap' && next.reply.envelope.header).toEqual({ id: '2' });
      expect(live(next).holding).toBe(false);
    }
  });

  it('given a held RPC, when the CPE sends any request of its own, then it is refused with 8005, not recorded, and still held', () => {
    const { cpeRequests } = arbitraries('spec');
    const request = fc.oneof(
      ...Object.values(cpeRequests).map((a) => a as fc.Arbitrary<CwmpMessage>),
      fc.constant<CwmpMessage>({ type: 'GetRPCMethods' }),
    );
    const { held } = heldSession();
    expect(faultDefinition(8005)?.text).toBe('Retry request');
    fc.assert(
      fc.property(request, (body) => {
        const step = receive(held, message(body, 'c7'), T0 + 2);
        expect(step.append).toEqual([]);
        expect(step.state).toEqual(held);
        expect(step.reply).toMatchObject({
          kind: 'soap',
          status: 500,
          envelope: {
            header: { id: 'c7', holdRequests: true },
            body: {
              type: 'Fault',
              detail: {
                faultCode: 8005,
                faultString: `${body.type} arrived while the ACS asked the CPE to hold its requests`,
              },
            },
          },
        });
      }),
      { numRuns: 50 },
    );
  });

  it('given a held RPC, when the CPE answers it (response or fault), then the answer is recorded', () => {
    const { held } = heldSession();
    const response = receive(
      held,
      message({ type: 'GetParameterValuesResponse', parameterList: [] }, '1'),
      T0 + 2,
    );
    expect(response.reply).toEqual({ kind: 'dequeue' });
    expect(response.append).toMatchObject([{ type: 'RpcResponded', data: { rpcId: 'held', sequence: 3 } }]);
    // The CPE still holds: only the ACS's next message (the next RPC, or the end) lifts it.
    expect(live(response).holding).toBe(true);

    const fault = receive(
      held,
      message({
        type: 'Fault',
        faultcode: 'Server',
        faultstring: 'CWMP fault',
        detail: { faultCode: 9002, setParameterValuesFault: [] },
      }),
      T0 + 2,
    );
    expect(fault.append).toMatchObject([{ type: 'RpcFaulted', data: { rpcId: 'held', faultCode: 9002 } }]);
  });

  it('given a held RPC answered, when the next RPC goes without HoldRequests, then a CPE request is recorded again', () => {
    const { held } = heldSession();
    const answered = live(
      receive(held, message({ type: 'GetParameterValuesResponse', parameterList: [] }, '1'), T0 + 2),
    );
    const free = live(dispatch(answered, { kind: 'rpc', rpcId: 'free', request: gpv }, T0 + 3));
    const step = receive(free, message(transferComplete, 'c1'), T0 + 4);
    expect(step.append).toMatchObject([
      { type: 'TransferCompleteReceived', data: { sequence: 5, commandKey: 'fw-1' } },
    ]);
    expect(step.reply).toMatchObject({
      status: 200,
      envelope: { header: { id: 'c1' }, body: { type: 'TransferCompleteResponse' } },
    });
    expect(live(step).holding).toBe(false);
  });

  it('given a held RPC, when the ACS answers the CPE with any other fault, then that fault lifts the hold', () => {
    const { held } = heldSession();
    const wrong = receive(held, message({ type: 'RebootResponse' }, '1'), T0 + 2);
    expect(wrong.reply).toMatchObject({ status: 500, envelope: { header: { id: '1' } } });
    expect(wrong.reply.kind === 'soap' && wrong.reply.envelope.header).toEqual({ id: '1' });
    expect(live(wrong).holding).toBe(false);
    expect(receive(live(wrong), message(transferComplete), T0 + 3).append).toMatchObject([
      { type: 'TransferCompleteReceived' },
    ]);
  });

  it('given a v1 session record of the previous release, then it is read as v2 with nothing dispatched yet', () => {
    const v2 = live(startSession(vector('01'), START));
    const { dispatched: _d, ttlMs: _t, ...rest } = v2;
    const v1 = JSON.stringify({ ...rest, v: 1 });
    expect(parseSessionState(v1, 30_000)).toEqual({ ...v2, dispatched: [], ttlMs: 30_000 });
    expect(parseSessionState(JSON.stringify({ ...v2, v: 3 }))).toBeNull();
  });

  it('given a v2 record written before the hold was stored, then it is read with no hold', () => {
    const { held } = heldSession();
    const { holding: _, ...before } = held;
    expect(parseSessionState(JSON.stringify(before))).toEqual({ ...held, holding: false });
    expect(parseSessionState(serializeSessionState(held))).toEqual(held);
    expect(parseSessionState(JSON.stringify({ ...held, holding: 'yes' }))).toBeNull();
  });

  it.each([
    ['no SessionTimeout', undefined, 60_000],
    ['a SessionTimeout within the bounds', 120, 120_000],
    ['one shorter than a plan wait', 2, 15_000],
    ['one beyond the configured maximum', 86_400, 600_000],
    ['zero', 0, 60_000],
  ])('given %s, then the session lives as long as the bounds allow', (_name, seconds, expected) => {
    expect(sessionTtlMs(seconds, { defaultMs: 60_000, minMs: 15_000, maxMs: 600_000 })).toBe(expected);
  });

  it('given a default or a maximum configured below a plan wait, then the session still outlives the wait', () => {
    expect(sessionTtlMs(undefined, { defaultMs: 5_000, minMs: 15_000, maxMs: 600_000 })).toBe(15_000);
    expect(sessionTtlMs(120, { defaultMs: 60_000, minMs: 15_000, maxMs: 10_000 })).toBe(15_000);
  });

  it("given the start and end events the machine builds, then the gateway's trusted encoding writes the same bytes as the validating one", () => {
    const time = '2026-11-22T10:00:00.000Z';
    const started = startSession(vector('04'), { ...START, authentication: 'basic', tls: true });
    const ends = (['completed', 'timeout', 'aborted', 'fault', 'superseded'] as const).map((outcome, i) =>
      end(live(started), T0 + 1234 + i, outcome, i % 2 === 0 ? null : `reason ${'x'.repeat(5000)}`),
    );
    const events = [started.append[0]!, ...ends.map((step) => step.append[0]!)];
    expect(events.map((e) => e.type)).toEqual(['SessionStarted', ...ends.map(() => 'SessionEnded')]);
    for (const event of events) {
      expect(toRecord(event, { time, trustedWriter: true })).toEqual(toRecord(event, { time }));
    }
  });

  it('given SupportedCWMPVersions, then InformResponse says UseCWMPVersion and the session moves to that namespace', () => {
    const inform = vector('01');
    const offered = { ...inform, header: { ...inform.header, supportedCwmpVersions: '1.0,1.2,1.4' } };
    const step = startSession(offered, START);
    expect(step.reply).toMatchObject({ envelope: { header: { useCwmpVersion: '1.4' } } });
    expect(step.state?.namespace).toBe(CWMP_NAMESPACES['1.4']);
    expect(step.append[0]).toMatchObject({ type: 'SessionStarted', data: { cwmpVersion: '1.4' } });
  });

  it('given any conversation, then event sequences run 0, 1, 2 ... without gaps and the state survives storage', () => {
    const moves = fc.array(fc.constantFrom('transfer', 'rpc', 'hold', 'respond', 'fault', 'empty', 'junk'), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(moves, (plan) => {
        const steps: Step[] = [startSession(vector('01'), START)];
        let state = live(steps[0]!);
        for (const move of [...plan, 'empty', 'end'] as const) {
          let step: Step;
          if (move === 'end')
            step = state.inFlight
              ? receive(state, { kind: 'empty' }, T0)
              : dispatch(state, { kind: 'end' }, T0);
          else if ((move === 'rpc' || move === 'hold') && !state.inFlight && state.phase === 'acs')
            step = dispatch(
              state,
              { kind: 'rpc', rpcId: `r${steps.length}`, request: gpv, holdRequests: move === 'hold' },
              T0,
            );
          else if (move === 'respond' && state.inFlight)
            step = receive(
              state,
              message({ type: 'GetParameterValuesResponse', parameterList: [] }, state.inFlight.cwmpId),
              T0,
            );
          else if (move === 'fault' && state.inFlight)
            step = receive(
              state,
              message({
                type: 'Fault',
                faultcode: 'Server',
                faultstring: 'CWMP fault',
                detail: { faultCode: 9002, setParameterValuesFault: [] },
              }),
              T0,
            );
          else if (move === 'transfer' && (state.phase === 'cpe' || state.holding))
            step = receive(
              state,
              message({
                type: 'TransferComplete',
                commandKey: 'k',
                faultStruct: { faultCode: 0, faultString: '' },
                startTime: '0001-01-01T00:00:00Z',
                completeTime: '0001-01-01T00:00:00Z',
              }),
              T0,
            );
          else if (move === 'empty' && !state.inFlight) step = receive(state, { kind: 'empty' }, T0);
          else step = receive(state, message({ type: 'RebootResponse' }), T0);
          steps.push(step);
          if (!step.state) break;
          expect(parseSessionState(serializeSessionState(step.state))).toEqual(step.state);
          state = step.state;
        }
        const all = sequences(steps);
        expect(all).toEqual(all.map((_, i) => i));
        expect(steps.at(-1)?.append.at(-1)?.type).toBe('SessionEnded');
        for (const step of steps)
          for (const event of step.append) expect(DeviceEvent.safeParse(event).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a message the catalogue refuses', () => {
  const opened = () => live(startSession(vector('01-'), START));

  it('given a CPE request, when refused, then it is answered with fault 8003, nothing is recorded and the session stays as it was', () => {
    const state = opened();
    const step = refuse(state, message(transferComplete, 't1'), 'data.commandKey: too long');
    expect(step.append).toEqual([]);
    expect(step.state).toEqual({ ...state, holding: false });
    expect(step.reply).toMatchObject({ kind: 'soap', status: 500, envelope: { header: { id: 't1' } } });
    const body = step.reply.kind === 'soap' ? step.reply.envelope.body : null;
    expect(body).toMatchObject({ type: 'Fault', detail: { faultCode: 8003 } });
  });

  it("given the answer to the outstanding request, when refused, then it is recorded as that request's fault 9002 and the ACS goes on", () => {
    const sent = live(
      dispatch(
        live(receive(opened(), { kind: 'empty' }, T0)),
        { kind: 'rpc', rpcId: 'r1', request: gpv },
        T0,
      ),
    );
    const step = refuse(
      sent,
      message({ type: 'GetParameterValuesResponse', parameterList: [] }, '1'),
      'data.response: too big',
    );
    expect(step.append).toHaveLength(1);
    expect(step.append[0]).toMatchObject({
      type: 'RpcFaulted',
      data: { rpcId: 'r1', method: 'GetParameterValues', faultCode: 9002, sequence: sent.sequence + 1 },
    });
    expect(step.state?.inFlight).toBeNull();
    expect(step.reply).toEqual({ kind: 'dequeue' });
    expect(DeviceEvent.safeParse(step.append[0]).success).toBe(true);
  });
});

describe('a session nobody ended', () => {
  it('given its record, when closed after the fact, then it ends as lost after its last event, lasting until its last sign of life', () => {
    const state = live(startSession(vector('01-'), START));
    const event = lost(state, T0 + 4_000, 'the CPE sent nothing more');
    expect(event).toMatchObject({
      type: 'SessionEnded',
      data: { sessionId: 's-1', sequence: 2, outcome: 'lost', rpcCount: 0, durationMs: 4_000 },
    });
    expect(toRecord(event, { time: '2026-11-22T10:00:05Z' }).headers?.['ce_id']).toBe('s-1:lost');
  });
});
