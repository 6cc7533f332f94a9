import { describe, expect, it } from 'vitest';
import { parseQueueItem, serializeQueueItem } from './queue.js';

describe('the pending RPC queue entries', () => {
  it('given an RPC entry, when stored and read back, then it is the same', () => {
    const item = {
      kind: 'rpc',
      rpcId: 'task-9.1',
      request: {
        type: 'SetParameterValues',
        parameterKey: 'p1',
        parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'home', type: 'xsd:string' }],
      },
    } as const;
    expect(parseQueueItem(serializeQueueItem(item))).toEqual({ ok: true, item });
    expect(parseQueueItem(serializeQueueItem({ kind: 'end' }))).toEqual({ ok: true, item: { kind: 'end' } });
  });

  it('given entries that name their session, when stored and read back, then the session id is kept', () => {
    const rpc = {
      kind: 'rpc',
      rpcId: 'task-9.1',
      request: { type: 'Reboot', commandKey: 'k' },
      sessionId: 'Zx9_-a',
    } as const;
    expect(parseQueueItem(serializeQueueItem(rpc))).toEqual({ ok: true, item: rpc });
    const end = { kind: 'end', sessionId: 'Zx9_-a' } as const;
    expect(parseQueueItem(serializeQueueItem(end))).toEqual({ ok: true, item: end });
  });

  it('given RPC entries that say whether to hold CPE requests, when stored and read back, then the flag is kept', () => {
    for (const holdRequests of [true, false]) {
      const rpc = {
        kind: 'rpc',
        rpcId: 'op-1',
        request: { type: 'Reboot', commandKey: 'k' },
        holdRequests,
      } as const;
      expect(parseQueueItem(serializeQueueItem(rpc))).toEqual({ ok: true, item: rpc });
    }
    const plain = parseQueueItem(
      '{"kind":"rpc","rpcId":"op-1","request":{"type":"Reboot","commandKey":"k"}}',
    );
    expect(plain.ok && 'holdRequests' in plain.item).toBe(false);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['a bare value', '42', /not an object/],
    ['an unknown kind', '{"kind":"later"}', /neither/],
    ['a bad session id on an end', '{"kind":"end","sessionId":"a b"}', /sessionId/],
    [
      'a session id that is not a string',
      '{"kind":"rpc","rpcId":"r","sessionId":7,"request":{"type":"Reboot","commandKey":""}}',
      /sessionId/,
    ],
    [
      'a holdRequests that is a string',
      '{"kind":"rpc","rpcId":"r","holdRequests":"true","request":{"type":"Reboot","commandKey":""}}',
      /holdRequests is not a boolean/,
    ],
    [
      'a holdRequests that is null',
      '{"kind":"rpc","rpcId":"r","holdRequests":null,"request":{"type":"Reboot","commandKey":""}}',
      /holdRequests is not a boolean/,
    ],
    ['a bad rpc id', '{"kind":"rpc","rpcId":"a b","request":{"type":"Reboot","commandKey":""}}', /rpcId/],
    ['a CPE-side method', '{"kind":"rpc","rpcId":"r","request":{"type":"Inform"}}', /not an ACS method/],
    [
      'a prototype key as method',
      '{"kind":"rpc","rpcId":"r","request":{"type":"__proto__"}}',
      /not an ACS method/,
    ],
    [
      'a request the encoder refuses',
      '{"kind":"rpc","rpcId":"r","request":{"type":"ScheduleInform","delaySeconds":-1,"commandKey":""}}',
      /cannot be encoded/,
    ],
    [
      'a request with missing fields',
      '{"kind":"rpc","rpcId":"r","request":{"type":"GetParameterValues"}}',
      /cannot be encoded/,
    ],
  ])('given %s, then it is refused with a reason', (_name, json, reason) => {
    const result = parseQueueItem(json);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
