import { describe, expect, it } from 'vitest';
import { decodeCwmp } from './decode.js';
import { encodeCwmp, replyTo } from './encode.js';
import type { Inform } from './messages/cpe-to-acs.js';
import type { CwmpEnvelope } from './soap/envelope.js';
import { informVectors } from './testing/fixtures.js';
import { EXPECTED_PARAMETERS } from './testing/vector-parameters.js';
import { readDateTime, readTypedValue } from './values.js';

const vectors = informVectors();

function decodeInform(id: string): {
  envelope: CwmpEnvelope<Inform>;
  warnings: { code: string; path: string }[];
} {
  const bytes = vectors.get(id);
  if (bytes === undefined) throw new Error(`vector ${id} missing from fixtures`);
  const r = decodeCwmp(bytes);
  if (!r.ok || r.kind !== 'message' || r.envelope.body.type !== 'Inform')
    throw new Error(`vector ${id}: ${JSON.stringify(r)}`);
  return {
    envelope: r.envelope as CwmpEnvelope<Inform>,
    warnings: r.warnings.map((w) => ({ code: w.code, path: w.path })),
  };
}

interface Expectation {
  readonly namespace: string;
  readonly id: string | undefined;
  readonly deviceId: Inform['deviceId'];
  readonly events: [string, string][];
  readonly currentTime: string;
  /** ISO instant the CurrentTime reads as, or undefined when it cannot be read. */
  readonly instant: string | undefined;
  readonly retryCount: number;
  readonly warnings: { code: string; path: string }[];
}

const EXPECTED: Record<string, Expectation> = {
  '01': {
    namespace: 'urn:dslforum-org:cwmp-1-0',
    id: '100',
    deviceId: {
      manufacturer: 'ZyXEL',
      oui: 'EC43F6',
      productClass: 'P-2601HN-F1',
      serialNumber: 'EC43F69AF408',
    },
    events: [['2 PERIODIC', '']],
    currentTime: '2015-01-19T23:08:24',
    instant: '2015-01-19T23:08:24.000Z',
    retryCount: 0,
    warnings: [{ code: 'DATETIME_WITHOUT_TIMEZONE', path: 'Inform/CurrentTime' }],
  },
  '02': {
    namespace: 'urn:dslforum-org:cwmp-1-0',
    id: '844317904',
    deviceId: {
      manufacturer: 'ZyXEL',
      oui: '4C9EFF',
      productClass: 'VMG8924-B10A',
      serialNumber: 'S140Y24025829',
    },
    events: [['6 CONNECTION REQUEST', '']],
    currentTime: '2016-01-30T13:20:27+01:00',
    instant: '2016-01-30T12:20:27.000Z',
    retryCount: 0,
    warnings: [], // "[0008]" is a zero-padded 8: no mismatch
  },
  '03': {
    namespace: 'urn:dslforum-org:cwmp-1-0',
    id: '31645',
    deviceId: {
      manufacturer: 'Cytco',
      oui: '00a859',
      productClass: 'BCM Serials',
      serialNumber: '00100400FV020010000000a859f6a238',
    },
    events: [['2 PERIODIC', '']],
    currentTime: '2019-03-05T11:54::14',
    instant: undefined,
    retryCount: 942,
    warnings: [
      { code: 'INVALID_OUI', path: 'Inform/DeviceId/OUI' },
      { code: 'INVALID_DATETIME', path: 'Inform/CurrentTime' },
    ],
  },
  '04': {
    namespace: 'urn:dslforum-org:cwmp-1-0',
    id: '1',
    deviceId: { manufacturer: 'ZTE', oui: '44F436', productClass: 'F600W', serialNumber: 'ZTEEQAWF5J00191' },
    events: [
      ['0 BOOTSTRAP', 'TR069_ZTE_HOMEGATEWAY'],
      ['1 BOOT', ''],
      ['4 VALUE CHANGE', ''],
    ],
    currentTime: '1970-01-02T00:08:34',
    instant: '1970-01-02T00:08:34.000Z',
    retryCount: 0,
    warnings: [
      { code: 'DATETIME_WITHOUT_TIMEZONE', path: 'Inform/CurrentTime' },
      { code: 'DUPLICATE_PARAMETER', path: 'Inform/ParameterList[8]' },
    ],
  },
  '05': {
    namespace: 'urn:dslforum-org:cwmp-1-0',
    id: undefined, // no SOAP Header at all
    deviceId: {
      manufacturer: 'MikroTik',
      oui: 'E48D8C',
      productClass: 'hAP lite',
      serialNumber: 'XXXXXXXXXXXX',
    },
    events: [['8 DIAGNOSTICS COMPLETE', '']],
    currentTime: '2018-04-01T19:45:02-04:00',
    instant: '2018-04-01T23:45:02.000Z',
    retryCount: 0,
    warnings: [],
  },
  '06': {
    namespace: 'urn:dslforum-org:cwmp-1-2',
    id: '1461805464',
    deviceId: { manufacturer: 'XXX', oui: 'BC0304', productClass: 'First class', serialNumber: '1923043' },
    events: [
      ['X BC0304 Alarm', ''],
      ['4 VALUE CHANGE', ''],
    ],
    currentTime: '2016-07-21T14:49:03+08:00',
    instant: '2016-07-21T06:49:03.000Z',
    retryCount: 1,
    warnings: [{ code: 'ARRAY_COUNT_MISMATCH', path: 'Inform/ParameterList' }],
  },
};

describe('real Inform vectors', () => {
  it('given the fixtures folder, then it holds the six complete vectors', () => {
    expect([...vectors.keys()]).toEqual(['01', '02', '03', '04', '05', '06']);
  });

  for (const [id, want] of Object.entries(EXPECTED)) {
    describe(`vector ${id}`, () => {
      it('when decoded, then namespace, cwmp:ID and DeviceId are as sent', () => {
        const { envelope } = decodeInform(id);
        expect(envelope.namespace).toBe(want.namespace);
        expect(envelope.header.id).toBe(want.id);
        expect(envelope.body.deviceId).toEqual(want.deviceId);
      });

      it('when decoded, then events, MaxEnvelopes, RetryCount and CurrentTime are as sent', () => {
        const { body } = decodeInform(id).envelope;
        expect(body.event.map((e) => [e.eventCode, e.commandKey])).toEqual(want.events);
        expect(body.maxEnvelopes).toBe(1);
        expect(body.retryCount).toBe(want.retryCount);
        expect(body.currentTime).toBe(want.currentTime);
        const time = readDateTime(body.currentTime);
        expect(time.ok ? time.value.date.toISOString() : undefined).toBe(want.instant);
      });

      it("when decoded, then every ParameterValueStruct's name, value and type are as sent", () => {
        const { body } = decodeInform(id).envelope;
        expect(body.parameterList.map((p) => [p.name, p.value, p.type])).toEqual(EXPECTED_PARAMETERS[id]);
      });

      it('when decoded, then exactly the warnings its quirks call for are reported', () => {
        expect(decodeInform(id).warnings).toEqual(want.warnings);
      });

      it('when answered with replyTo, then the InformResponse echoes cwmp:ID in the same namespace', () => {
        const { envelope } = decodeInform(id);
        const xml = encodeCwmp(replyTo(envelope, { type: 'InformResponse', maxEnvelopes: 1 }));
        const answer = decodeCwmp(xml);
        expect(answer.ok && answer.kind === 'message' && answer.envelope).toEqual({
          namespace: want.namespace,
          header: want.id === undefined ? {} : { id: want.id },
          body: { type: 'InformResponse', maxEnvelopes: 1 },
        });
      });
    });
  }

  it('given vector 05, when its boolean "0" is read, then it is false (a 0/1 boolean)', () => {
    const alias = decodeInform('05').envelope.body.parameterList.find(
      (p) => p.name === 'Device.ManagementServer.AliasBasedAddressing',
    );
    expect(alias && readTypedValue(alias)).toEqual({ type: 'boolean', value: false });
  });
});
