import { describe, expect, it } from 'vitest';
import type { HeadendEvent } from '@headend/events';
import type { Window } from './checks.js';
import {
  duplicateIds,
  missingEvents,
  notConverged,
  recoverySeconds,
  sessionsOf,
  taskEffects,
  unendedSessions,
} from './checks.js';
import type { JournalSession } from './journal.js';
import type { LoggedEvent } from './log-reader.js';
import type { PlannedTask } from './workload.js';

const DEV = '000000-BM632w-1';
const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

function cpeSession(
  startS: number,
  options: { ok?: boolean; acked?: boolean; executed?: JournalSession['trace']['executed'] } = {},
): JournalSession {
  return {
    device: DEV,
    startedAt: T0 + startS * 1000,
    endedAt: T0 + startS * 1000 + 500,
    ok: options.ok ?? true,
    trace: {
      inform: { currentTime: at(startS), retryCount: 0, events: [{ code: '2 PERIODIC', commandKey: '' }] },
      informAcked: options.acked ?? true,
      executed: options.executed ?? [],
      delivered: [],
    },
  };
}

const place = (sessionId: string, sequence: number) => ({ deviceId: DEV, sessionId, sequence });
const logged = (event: HeadendEvent, startS: number, id?: string): LoggedEvent => ({
  topic: 'cwmp.device-events.v1',
  id: id ?? ('sequence' in event.data ? `${event.data.sessionId}:${event.data.sequence}` : 'x'),
  time: at(startS),
  key: DEV,
  partition: 0,
  offset: '0',
  event,
});

function kafkaSession(
  sessionId: string,
  startS: number,
  options: { ended?: boolean; answers?: string[] } = {},
): LoggedEvent[] {
  const events: LoggedEvent[] = [
    logged(
      {
        type: 'SessionStarted',
        version: 1,
        data: { ...place(sessionId, 0), cwmpVersion: '1.0', authentication: 'digest', tls: false },
      },
      startS,
    ),
    logged(
      {
        type: 'InformReceived',
        version: 1,
        data: {
          ...place(sessionId, 1),
          identity: { manufacturer: 'm', oui: '000000', productClass: 'BM632w', serialNumber: '1' },
          events: [{ code: '2 PERIODIC', commandKey: '' }],
          maxEnvelopes: 1,
          currentTime: { raw: at(startS), iso: at(startS) },
          retryCount: 0,
          parameters: [],
        },
      },
      startS,
    ),
  ];
  (options.answers ?? []).forEach((method, i) =>
    events.push(
      logged(
        {
          type: 'RpcFaulted',
          version: 1,
          data: {
            ...place(sessionId, 2 + i),
            rpcId: `r${i}`,
            method: method as 'Reboot',
            faultCode: 9002,
            faultString: 'x',
            setParameterValuesFaults: [],
          },
        },
        startS,
      ),
    ),
  );
  if (options.ended !== false) {
    events.push(
      logged(
        {
          type: 'SessionEnded',
          version: 1,
          data: { ...place(sessionId, 9), outcome: 'completed', rpcCount: 0, durationMs: 5, reason: null },
        },
        startS,
      ),
    );
  }
  return events;
}

const window: Window = {
  fault: 'f',
  start: T0,
  end: T0 + 100_000,
  faultAt: T0 + 10_000,
  restartedAt: T0 + 20_000,
};
const all = () => true;

describe('the fault-injection checks', () => {
  it('given an acknowledged Inform with no InformReceived, when checked, then it is missing with its acknowledged answers', () => {
    const reboot = { request: { type: 'Reboot', commandKey: 'k' }, response: 'RebootResponse', acked: true };
    const journal = [cpeSession(1), cpeSession(2, { executed: [reboot] }), cpeSession(3, { acked: false })];
    const details: string[] = [];
    const result = missingEvents(journal, sessionsOf(kafkaSession('s1', 1)), all, details);
    expect(result).toEqual({ acked: 2, missing: 2 });
    expect(details).toHaveLength(1);
  });

  it('given an acknowledged RPC answer the session does not record, when checked, then it is missing', () => {
    const executed = [
      { request: { type: 'Reboot', commandKey: 'k' }, response: 'RebootResponse', acked: true },
      { request: { type: 'Reboot', commandKey: 'l' }, response: 'RebootResponse', acked: false },
    ];
    const recorded = sessionsOf(kafkaSession('s1', 1, { answers: ['Reboot'] }));
    expect(missingEvents([cpeSession(1, { executed })], recorded, all, []).missing).toBe(0);
    const unrecorded = sessionsOf(kafkaSession('s1', 1));
    expect(missingEvents([cpeSession(1, { executed })], unrecorded, all, []).missing).toBe(1);
  });

  it('given a session the CPE saw end (204) without its SessionEnded, when checked, then the end is missing', () => {
    expect(missingEvents([cpeSession(1)], sessionsOf(kafkaSession('s1', 1)), all, []).missing).toBe(0);
    const unrecorded = sessionsOf(kafkaSession('s1', 1, { ended: false }));
    expect(missingEvents([cpeSession(1)], unrecorded, all, []).missing).toBe(1);
    expect(missingEvents([cpeSession(1, { ok: false })], unrecorded, all, []).missing).toBe(0);
  });

  it('given a SessionStarted without its SessionEnded, when checked, then only that session is unended', () => {
    const sessions = sessionsOf([...kafkaSession('s1', 1), ...kafkaSession('s2', 2, { ended: false })]);
    const details: string[] = [];
    expect(unendedSessions(sessions, window, details)).toBe(1);
    expect(details[0]).toContain('s2');
    expect(unendedSessions(sessions, { ...window, end: T0 + 1_500 }, [])).toBe(0);
  });

  it('given one id on two different events, when checked, then it is a duplicate; the same event twice is not', () => {
    const events = kafkaSession('s1', 1);
    const redelivered = [...events, events[0] as LoggedEvent];
    expect(duplicateIds(redelivered).size).toBe(0);
    const clash = { ...(events[2] as LoggedEvent), id: (events[0] as LoggedEvent).id };
    expect([...duplicateIds([...events, clash]).keys()]).toEqual(['s1:0']);
  });

  it('given a reboot sent again after its answer, never executed, or done twice, when checked, then the task is a violation', () => {
    const task: PlannedTask = { taskId: 't', deviceId: DEV, kind: 'reboot', round: 0, commandKey: 'task:t' };
    const done = (attempts: number): LoggedEvent => ({
      topic: 'acs.task-events.v1',
      id: `t:done:${attempts}`,
      time: at(5),
      key: DEV,
      partition: 0,
      offset: '0',
      event: {
        type: 'TaskUpdated',
        version: 1,
        data: { taskId: 't', deviceId: DEV, state: 'done', attempts, fault: null, notBefore: null },
      },
    });
    const reboot = {
      request: { type: 'Reboot', commandKey: 'task:t' },
      response: 'RebootResponse',
      acked: true,
    };
    const once = [
      cpeSession(1, { executed: [{ ...reboot, acked: false }] }),
      cpeSession(2, { executed: [reboot] }),
    ];
    expect(taskEffects([task], once, [done(0), done(0)], [])).toBe(0);
    expect(taskEffects([task], once, [done(0), done(1)], [])).toBe(1);
    const unanswered = [cpeSession(1, { executed: [{ ...reboot, acked: false }] })];
    expect(taskEffects([task], unanswered, [done(0)], [])).toBe(0);
    const again = [
      cpeSession(1, { executed: [reboot] }),
      cpeSession(2, { executed: [{ ...reboot, acked: false }] }),
    ];
    expect(taskEffects([task], again, [done(0)], [])).toBe(1);
    expect(taskEffects([task], [], [done(0)], [])).toBe(1);
  });

  it('given a value the projection has but the device does not, when checked, then the device has not converged', () => {
    const path = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID';
    const spv = (value: string) => ({
      request: { type: 'SetParameterValues', parameterList: [{ name: path, value }] },
      response: 'SetParameterValuesResponse',
      acked: true,
    });
    const expected = { values: new Map([[DEV, [[path, 'new'] as const]]]), tag: 'x', tasks: [] };
    const projection = { _id: DEV, parameters: [{ path, value: 'new' }], tags: ['x'], tasks: [] };
    expect(notConverged([DEV], [cpeSession(1, { executed: [spv('new')] })], [projection], expected, [])).toBe(
      0,
    );
    const later = [cpeSession(1, { executed: [spv('new')] }), cpeSession(2, { executed: [spv('old')] })];
    expect(notConverged([DEV], later, [projection], expected, [])).toBe(1);
    expect(notConverged([DEV], [cpeSession(1, { executed: [spv('new')] })], [], expected, [])).toBe(1);
  });

  it('given failures after the restart, when recovery is measured, then it ends with the first success after the last failure', () => {
    const journal = [
      cpeSession(21, { ok: false }),
      cpeSession(25),
      cpeSession(27, { ok: false }),
      cpeSession(30),
      cpeSession(31),
    ];
    expect(recoverySeconds(journal, window)).toBeCloseTo(10.5);
    expect(recoverySeconds(journal, { ...window, restartedAt: undefined })).toBeNull();
  });
});
