import { describe, expect, it } from 'vitest';
import { toRecord } from './encode.js';
import type { HeadendEvent } from './headend-catalogue.js';
import {
  auditEventId,
  configEventId,
  connectionRequestEventId,
  rpcSentId,
  sessionEndedId,
  sessionEventId,
  taskEventId,
} from './ids.js';

const TIME = '2025-01-02T03:04:05Z';
const DEVICE = '001234-SN1';

describe('event ids', () => {
  it('given a session and a sequence, then the id is sessionId:sequence', () => {
    expect(sessionEventId('s-1', 0)).toBe('s-1:0');
    expect(sessionEventId('s-1', 12)).toBe('s-1:12');
  });

  it('given the rules, then ids of different kinds cannot collide', () => {
    const ids = [
      sessionEventId('requested', 1),
      rpcSentId('requested', '1'),
      sessionEndedId('requested', 'completed'),
      sessionEndedId('requested', 'lost'),
      taskEventId('requested', 'requested'),
      taskEventId('1', 'cancelled'),
      connectionRequestEventId('1'),
      configEventId('preset', 'p', 1),
      configEventId('file', 'p', 1),
      auditEventId('p'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each<[string, HeadendEvent, string]>([
    [
      'RpcSent',
      {
        type: 'RpcSent',
        version: 1,
        data: {
          deviceId: DEVICE,
          sessionId: 'sess',
          sequence: 3,
          rpcId: 'r1',
          request: { method: 'Reboot', commandKey: 'k' },
        },
      },
      'sess:rpc:r1',
    ],
    [
      'SessionEnded',
      {
        type: 'SessionEnded',
        version: 1,
        data: {
          deviceId: DEVICE,
          sessionId: 'sess',
          sequence: 4,
          outcome: 'lost',
          rpcCount: 1,
          durationMs: 10,
          reason: null,
        },
      },
      'sess:lost',
    ],
    [
      'RpcResponded',
      {
        type: 'RpcResponded',
        version: 1,
        data: {
          deviceId: DEVICE,
          sessionId: 'sess',
          sequence: 4,
          rpcId: 'r1',
          response: { method: 'Reboot' },
        },
      },
      'sess:4',
    ],
    [
      'TaskRequested',
      {
        type: 'TaskRequested',
        version: 1,
        data: {
          taskId: 't9',
          deviceId: DEVICE,
          task: { name: 'reboot' },
          expiry: null,
          requestedBy: 'ops:alice',
        },
      },
      't9:requested',
    ],
    [
      'TaskCancelled',
      {
        type: 'TaskCancelled',
        version: 1,
        data: { taskId: 't9', deviceId: DEVICE, cancelledBy: 'ops:bob', reason: null },
      },
      't9:cancelled',
    ],
    [
      'ConnectionRequested',
      {
        type: 'ConnectionRequested',
        version: 1,
        data: { requestId: 'req7', deviceId: DEVICE, taskId: 't9', requestedBy: 'ops:alice' },
      },
      'req7:connection-requested',
    ],
    [
      'PresetDeleted',
      { type: 'PresetDeleted', version: 1, data: { presetId: 'wifi', revision: 4 } },
      'preset:wifi:4',
    ],
    ['FileDeleted', { type: 'FileDeleted', version: 1, data: { fileId: 'fw1', revision: 2 } }, 'file:fw1:2'],
    [
      'AdminCallAudited',
      {
        type: 'AdminCallAudited',
        version: 1,
        data: {
          callId: 'c1',
          principal: 'ops:alice',
          method: '/x.Y/Z',
          target: null,
          outcome: 'succeeded',
          at: TIME,
        },
      },
      'audit:c1',
    ],
  ])('given a %s, when packed at two different times, then ce_id is %s both times', (_, event, id) => {
    const first = toRecord(event, { time: TIME });
    const again = toRecord(event, { time: '2030-01-01T00:00:00Z' });
    expect(first.headers?.['ce_id']).toBe(id);
    expect(again.headers?.['ce_id']).toBe(id);
  });

  it('given config events, then the key is kind:id so presets and files never share a key', () => {
    const preset = toRecord(
      { type: 'PresetDeleted', version: 1, data: { presetId: 'x', revision: 1 } },
      { time: TIME },
    );
    const file = toRecord(
      { type: 'FileDeleted', version: 1, data: { fileId: 'x', revision: 1 } },
      { time: TIME },
    );
    expect([preset.key, file.key]).toEqual(['preset:x', 'file:x']);
  });
});
