import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRecord } from './decode.js';
import { toRecord } from './encode.js';
import { isInvalidEvent } from './errors.js';
import { HEADEND_CATALOGUE, type EventOfType, type HeadendEvent } from './headend-catalogue.js';
import { CE_HEADERS } from './headers.js';
import { arbitraryOf } from './testing/arbitraries.js';
import { consumed } from './testing/records.js';
import { TOPICS } from './topics.js';

const TIME = '2025-01-02T03:04:05.678Z';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const DEVICE = 'EC43F6-P%2D2601HN%2DF1-EC43F69AF408';

const inform: EventOfType<'InformReceived'> = {
  type: 'InformReceived',
  version: 1,
  data: {
    deviceId: DEVICE,
    sessionId: 'sess-7f3a',
    sequence: 1,
    identity: {
      oui: 'EC43F6',
      productClass: 'P-2601HN-F1',
      serialNumber: 'EC43F69AF408',
      manufacturer: 'ZyXEL',
    },
    events: [
      { code: '1 BOOT', commandKey: '' },
      { code: 'M Reboot', commandKey: 'reboot-42' },
    ],
    maxEnvelopes: 1,
    currentTime: { raw: '1970-01-02T00:08:34', iso: null },
    retryCount: 0,
    parameters: [
      { name: 'InternetGatewayDevice.DeviceInfo.SoftwareVersion', value: 'V5.2.10P4T26', type: 'xsd:string' },
    ],
  },
};

describe('toRecord', () => {
  it('given an Inform, when packed, then topic, key and CloudEvents headers follow from the event', () => {
    const record = toRecord(inform, { time: TIME, traceparent: TRACEPARENT });

    expect(record.topic).toBe(TOPICS.deviceEvents);
    expect(record.key).toBe(DEVICE);
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: 'sess-7f3a:1',
      ce_source: 'urn:headend:cwmp-gateway',
      ce_type: 'org.headend.cwmp.InformReceived.v1',
      ce_subject: DEVICE,
      ce_time: TIME,
      'content-type': 'application/json',
      traceparent: TRACEPARENT,
    });
    expect(JSON.parse(new TextDecoder().decode(record.value))).toEqual(inform.data);
  });

  it('given the same event twice, when packed, then the bytes and ce_id are identical', () => {
    const a = toRecord(inform, { time: TIME });
    const b = toRecord(structuredClone(inform), { time: TIME });
    expect(Buffer.from(a.value).equals(Buffer.from(b.value))).toBe(true);
    expect(a.headers?.[CE_HEADERS.id]).toBe(b.headers?.[CE_HEADERS.id]);
  });

  it('given an explicit source and dataschema, when packed, then they are in the headers', () => {
    const record = toRecord(inform, {
      time: TIME,
      source: 'urn:headend:provisioning',
      dataschema: 'https://headend.example/asyncapi.json#/components/messages/InformReceived',
    });
    expect(record.headers?.[CE_HEADERS.source]).toBe('urn:headend:provisioning');
    expect(record.headers?.[CE_HEADERS.dataschema]).toContain('InformReceived');
  });

  it.each([
    [
      'a 257-character parameter name',
      { parameters: [{ name: 'x'.repeat(257), value: '', type: null }] },
      'data.parameters[0].name',
    ],
    [
      'a 33-character command key',
      { events: [{ code: '1 BOOT', commandKey: 'k'.repeat(33) }] },
      'data.events[0].commandKey',
    ],
    [
      '65 event structs',
      { events: Array.from({ length: 65 }, () => ({ code: '2 PERIODIC', commandKey: '' })) },
      'data.events',
    ],
    [
      'a value over 64 KiB',
      { parameters: [{ name: 'A.B', value: 'v'.repeat(65_537), type: null }] },
      'data.parameters[0].value',
    ],
    ['a non-canonical device id', { deviceId: 'EC43F6-%41-X' }, 'data.deviceId'],
    ['a session id with a colon', { sessionId: 'a:b' }, 'data.sessionId'],
    ['a negative sequence', { sequence: -1 }, 'data.sequence'],
    ['a non-ISO parsed time', { currentTime: { raw: 'x', iso: 'yesterday' } }, 'data.currentTime.iso'],
  ])('given an Inform with %s, when packed, then it throws InvalidEventError at %s', (_, change, path) => {
    const bad = { ...inform, data: { ...inform.data, ...change } } as HeadendEvent;
    let caught: unknown;
    try {
      toRecord(bad, { time: TIME });
    } catch (error) {
      caught = error;
    }
    expect(isInvalidEvent(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'HEADEND_INVALID_EVENT', path });
  });

  it.each([
    ['time', { time: 'yesterday' }],
    ['traceparent', { time: TIME, traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
    ['dataschema', { time: TIME, dataschema: 'has spaces in it' }],
  ])('given an invalid context %s, when packed, then it throws', (name, context) => {
    expect(() => toRecord(inform, context)).toThrow(`context.${name}`);
  });

  it('given an event type that is not catalogued, when packed, then it throws at type', () => {
    expect(() => toRecord({ ...inform, type: 'Nope' } as unknown as HeadendEvent, { time: TIME })).toThrow(
      /at type/,
    );
  });
});

describe('toRecord then fromRecord', () => {
  const traceparent = fc.option(fc.constant(TRACEPARENT), { nil: undefined });

  for (const current of HEADEND_CATALOGUE.current.values()) {
    it(`given any valid ${current.type}, when packed and read back, then the same event comes out`, () => {
      fc.assert(
        fc.property(arbitraryOf(current.schema), traceparent, (generated, trace) => {
          const event = generated as HeadendEvent;
          const record = toRecord(event, { time: TIME, traceparent: trace });
          const read = fromRecord(consumed(record));

          expect(read).toEqual({
            ok: true,
            event,
            meta: {
              id: record.headers?.[CE_HEADERS.id],
              source: record.headers?.[CE_HEADERS.source],
              ceType: current.ceType,
              storedVersion: 1,
              time: TIME,
              subject: record.key,
              traceparent: trace ?? null,
              dataschema: null,
              topic: current.topic,
              partition: 3,
              offset: '42',
              key: record.key,
            },
          });
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('schemas refuse invalid events of every topic', () => {
  const DEVICE_ID = '001234-SN1';
  it.each<[string, unknown, string]>([
    [
      'an addObject task whose object name lacks the final dot',
      {
        type: 'TaskRequested',
        version: 1,
        data: {
          taskId: 't',
          deviceId: DEVICE_ID,
          task: { name: 'addObject', objectName: 'Device.IP.Interface', parameterValues: [] },
          expiry: null,
          requestedBy: 'ops',
        },
      },
      'data.task.objectName',
    ],
    [
      'a task name that is not catalogued',
      {
        type: 'TaskRequested',
        version: 1,
        data: {
          taskId: 't',
          deviceId: DEVICE_ID,
          task: { name: 'rm -rf' },
          expiry: null,
          requestedBy: 'ops',
        },
      },
      'data.task.name',
    ],
    [
      'an upper-case sha256',
      {
        type: 'FileStored',
        version: 1,
        data: {
          fileId: 'f',
          revision: 1,
          name: 'fw.bin',
          fileType: '1 Firmware Upgrade Image',
          length: 1,
          sha256: 'A'.repeat(64),
          definition: null,
        },
      },
      'data.sha256',
    ],
    [
      'a principal with a newline',
      {
        type: 'AdminCallAudited',
        version: 1,
        data: {
          callId: 'c',
          principal: 'ops\nroot',
          method: '/m',
          target: null,
          outcome: 'succeeded',
          at: TIME,
        },
      },
      'data.principal',
    ],
    [
      'a SetParameterValues status of 2',
      {
        type: 'RpcResponded',
        version: 1,
        data: {
          deviceId: DEVICE_ID,
          sessionId: 's',
          sequence: 2,
          rpcId: 'r',
          response: { method: 'SetParameterValues', status: 2 },
        },
      },
      'data.response.status',
    ],
    [
      'a session outcome that is not catalogued',
      {
        type: 'SessionEnded',
        version: 1,
        data: {
          deviceId: DEVICE_ID,
          sessionId: 's',
          sequence: 2,
          outcome: 'ok',
          rpcCount: 0,
          durationMs: 0,
          reason: null,
        },
      },
      'data.outcome',
    ],
  ])('given %s, when packed, then InvalidEventError names %s', (_, event, path) => {
    expect(() => toRecord(event as HeadendEvent, { time: TIME })).toThrow(`invalid event at ${path}:`);
  });
});
