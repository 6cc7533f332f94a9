import { readdirSync, readFileSync } from 'node:fs';
import type {
  CwmpMessage,
  Download,
  DownloadResponse,
  Fault,
  Inform,
  TransferComplete,
} from '@headend/cwmp-codec';
import { decodeCwmp, readDateTime } from '@headend/cwmp-codec';
import {
  ACS_METHODS,
  DeviceEvent,
  DeviceIdentity,
  InformReceived,
  RpcRequest,
  RpcResponse,
  deviceIdOf,
} from '@headend/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { acsRequests } from './testing/acs-requests.js';
import { arbitraries } from './testing/arbitraries.js';
import type { EventPlace } from './to-events.js';
import { cpeRequestReceived, informReceived, rpcFaulted, rpcRequest, rpcResponse } from './to-events.js';

const INFORMS = new URL('../../codec/fixtures/informs/', import.meta.url);
const place: EventPlace = {
  deviceId: 'EC43F6-P%2D2601HN%2DF1-EC43F69AF408',
  sessionId: 'sess-1',
  sequence: 3,
};
const MODES = ['spec', 'hostile'] as const;

/** Parses with `schema` and fails with zod's issues (not just "false") when the value is refused. */
function expectValid(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

function decodeBody(xml: string | Uint8Array): CwmpMessage {
  const r = decodeCwmp(xml);
  if (!r.ok || r.kind !== 'message') throw new Error('fixture did not decode to a message');
  return r.envelope.body;
}

function informVector(prefix: string): Inform {
  const file = readdirSync(INFORMS).find((f) => f.startsWith(prefix) && f.endsWith('.xml'));
  if (file === undefined) throw new Error(`no Inform vector ${prefix}`);
  const body = decodeBody(readFileSync(new URL(file, INFORMS)));
  if (body.type !== 'Inform') throw new Error(`vector ${prefix} is a ${body.type}`);
  return body;
}

describe('every mapped message passes its schema', () => {
  for (const mode of MODES) {
    const arb = arbitraries(mode);

    it(`Inform -> InformReceived (${mode}); identity fields empty or over TR-069's limit are refused, never cut`, () => {
      fc.assert(
        fc.property(arb.inform, (inform) => {
          const event = informReceived(place, inform);
          const { oui, productClass, serialNumber, manufacturer } = inform.deviceId;
          const identity = { oui, productClass, serialNumber, manufacturer: manufacturer || null };
          if (DeviceIdentity.safeParse(identity).success) {
            expectValid(DeviceEvent, event);
          } else {
            const result = DeviceEvent.safeParse(event);
            expect(result.success).toBe(false);
            expect(result.error?.issues.every((i) => i.path.slice(0, 2).join('.') === 'data.identity')).toBe(
              true,
            );
          }
        }),
      );
    });

    for (const [type, request] of Object.entries(arb.cpeRequests)) {
      it(`${type} -> its *Received event (${mode})`, () => {
        fc.assert(
          fc.property(request, (message) => {
            const event = cpeRequestReceived(place, message);
            expectValid(DeviceEvent, event);
            expect(event.type.toLowerCase()).toBe(`${message.type}Received`.toLowerCase());
          }),
        );
      });
    }

    for (const method of ACS_METHODS) {
      it(`${method}Response -> RpcResponse (${mode})`, () => {
        fc.assert(
          fc.property(arb.responses[method], (message) => {
            const response = rpcResponse(message);
            expectValid(RpcResponse, response);
            expect(response.method).toBe(method);
            expectValid(DeviceEvent, {
              type: 'RpcResponded',
              version: 1,
              data: { ...place, rpcId: 'rpc-1', response },
            });
          }),
        );
      });

      it(`a Fault answering ${method} -> RpcFaulted (${mode})`, () => {
        fc.assert(
          fc.property(arb.fault, (fault) =>
            expectValid(DeviceEvent, rpcFaulted(place, 'rpc-1', method, fault)),
          ),
        );
      });
    }
  }

  const requests = acsRequests();
  for (const method of ACS_METHODS) {
    it(`${method} -> RpcRequest, without a password`, () => {
      fc.assert(
        fc.property(requests[method], (message) => {
          const request = rpcRequest(message);
          expectValid(RpcRequest, request);
          expect(request.method).toBe(method);
          expect(JSON.stringify(request)).not.toContain('"password"');
          expectValid(DeviceEvent, {
            type: 'RpcSent',
            version: 1,
            data: { ...place, rpcId: 'rpc-1', request },
          });
        }),
      );
    });
  }

  it('every real Inform vector -> a valid InformReceived', () => {
    const files = readdirSync(INFORMS).filter((f) => f.endsWith('.xml'));
    expect(files).toHaveLength(6);
    for (const file of files) {
      const inform = informVector(file.slice(0, 3));
      expectValid(
        InformReceived,
        informReceived({ ...place, deviceId: deviceIdOf(inform.deviceId) }, inform),
      );
    }
  });
});

describe('DeviceTime', () => {
  const timeOf = (raw: string) =>
    rpcResponse({ type: 'DownloadResponse', status: 0, startTime: raw, completeTime: raw }) as Extract<
      RpcResponse,
      { method: 'Download' }
    >;

  it.each([
    ['2015-01-19T23:08:24Z', '2015-01-19T23:08:24Z'],
    ['2016-01-30T13:20:27+01:00', '2016-01-30T12:20:27Z'],
    ['2015-01-19T23:08:24.250-04:30', '2015-01-20T03:38:24.250Z'],
    ['2015-01-19T23:08:24', '2015-01-19T23:08:24Z'], // no time zone: UTC, as TR-106 says
    ['0001-01-01T00:00:00Z', null], // TR-106 unknown time
    ['0001-01-01T00:05:00Z', null], // time since boot, not an instant
    ['2019-03-05T11:54::14', null], // vector 03
    ['10000-01-01T00:00:00Z', null], // RFC 3339 has four-digit years
    ['', null],
  ])('given %j, iso is %j and raw is kept', (raw, iso) => {
    expect(timeOf(raw).startTime).toEqual({ raw, iso });
  });

  it('iso, when there is one, is the instant readDateTime reads', () => {
    fc.assert(
      fc.property(arbitraries('hostile').cpeRequests.TransferComplete, (tc) => {
        const event = cpeRequestReceived(place, tc);
        if (event.type !== 'TransferCompleteReceived') throw new Error(event.type);
        const { iso } = event.data.startTime;
        const read = readDateTime(tc.startTime);
        expect(iso === null || (read.ok && Date.parse(iso) === read.value.date.getTime())).toBe(true);
        expect(tc.startTime.startsWith(event.data.startTime.raw)).toBe(true);
      }),
    );
  });
});

describe('examples', () => {
  it('given Inform vector 01, when mapped, then InformReceived carries it exactly', () => {
    expect(informReceived(place, informVector('01-'))).toEqual({
      type: 'InformReceived',
      version: 1,
      data: {
        deviceId: 'EC43F6-P%2D2601HN%2DF1-EC43F69AF408',
        sessionId: 'sess-1',
        sequence: 3,
        identity: {
          oui: 'EC43F6',
          productClass: 'P-2601HN-F1',
          serialNumber: 'EC43F69AF408',
          manufacturer: 'ZyXEL',
        },
        events: [{ code: '2 PERIODIC', commandKey: '' }],
        maxEnvelopes: 1,
        currentTime: { raw: '2015-01-19T23:08:24', iso: '2015-01-19T23:08:24Z' },
        retryCount: 0,
        parameters: [
          {
            name: 'InternetGatewayDevice.DeviceSummary',
            value:
              'InternetGatewayDevice:1.4[](Baseline:1, EthernetLAN:1, WiFiLAN:1, EthernetWAN:1, ADSLWAN:1, IPPing:1, DSLDiagnostics:1, Time:1), VoiceService:1.0[1](Endpoint:1, SIPEndpoint:1)',
            type: 'xsd:string',
          },
          { name: 'InternetGatewayDevice.DeviceInfo.SpecVersion', value: '1.0', type: 'xsd:string' },
          {
            name: 'InternetGatewayDevice.DeviceInfo.HardwareVersion',
            value: 'P-2601HN-F1',
            type: 'xsd:string',
          },
          {
            name: 'InternetGatewayDevice.DeviceInfo.SoftwareVersion',
            value: 'V1.00(AACB.3)',
            type: 'xsd:string',
          },
          { name: 'InternetGatewayDevice.DeviceInfo.ProvisioningCode', value: '', type: 'xsd:string' },
          {
            name: 'InternetGatewayDevice.ManagementServer.ConnectionRequestURL',
            value: 'http://2.110.157.83:7676/CWMP/ConnectionRequest',
            type: 'xsd:string',
          },
          { name: 'InternetGatewayDevice.ManagementServer.ParameterKey', value: '', type: 'xsd:string' },
          {
            name: 'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress',
            value: '2.110.157.83',
            type: 'xsd:string',
          },
        ],
      },
    });
  });

  it('given an Inform with an empty Manufacturer and an empty EventCode, then manufacturer is null and the event is left out', () => {
    const inform: Inform = {
      ...informVector('01-'),
      deviceId: { manufacturer: '', oui: 'EC43F6', productClass: '', serialNumber: 'S1' },
      event: [
        { eventCode: '', commandKey: 'k' },
        { eventCode: '1 BOOT', commandKey: '' },
      ],
    };
    const { data } = informReceived(place, inform);
    expect(data.identity).toEqual({
      oui: 'EC43F6',
      productClass: '',
      serialNumber: 'S1',
      manufacturer: null,
    });
    expect(data.events).toEqual([{ code: '1 BOOT', commandKey: '' }]);
  });

  it('given a Download with credentials, then the username is kept and the password is not recorded', () => {
    const download: Download = {
      type: 'Download',
      commandKey: 'fw-2024',
      fileType: '1 Firmware Upgrade Image',
      url: 'https://files.example.net/fw.bin',
      username: 'cpe',
      password: 's3cret',
      fileSize: 1_048_576,
      targetFileName: '',
      delaySeconds: 0,
      successUrl: '',
      failureUrl: '',
    };
    const request = rpcRequest(download);
    expect(request).toEqual({
      method: 'Download',
      commandKey: 'fw-2024',
      fileType: '1 Firmware Upgrade Image',
      url: 'https://files.example.net/fw.bin',
      username: 'cpe',
      fileSize: 1_048_576,
      targetFileName: '',
      delaySeconds: 0,
      successUrl: '',
      failureUrl: '',
    });
    expect(JSON.stringify(request)).not.toContain('s3cret');
    expect(rpcRequest({ ...download, username: '', password: '' })).toMatchObject({ username: null });
  });

  it('given a DownloadResponse, then its times are DeviceTimes', () => {
    const response: DownloadResponse = {
      type: 'DownloadResponse',
      status: 1,
      startTime: '0001-01-01T00:00:00Z',
      completeTime: '2024-05-01T12:00:00+02:00',
    };
    expect(rpcResponse(response)).toEqual({
      method: 'Download',
      status: 1,
      startTime: { raw: '0001-01-01T00:00:00Z', iso: null },
      completeTime: { raw: '2024-05-01T12:00:00+02:00', iso: '2024-05-01T10:00:00Z' },
    });
  });

  const transferComplete = (faultCode: number, faultString: string): TransferComplete => ({
    type: 'TransferComplete',
    commandKey: 'fw-2024',
    faultStruct: { faultCode, faultString },
    startTime: '2024-05-01T10:00:00Z',
    completeTime: '2024-05-01T10:02:30Z',
  });

  it('given a TransferComplete with FaultCode 0, then fault is null', () => {
    expect(cpeRequestReceived(place, transferComplete(0, ''))).toEqual({
      type: 'TransferCompleteReceived',
      version: 1,
      data: {
        ...place,
        commandKey: 'fw-2024',
        fault: null,
        startTime: { raw: '2024-05-01T10:00:00Z', iso: '2024-05-01T10:00:00Z' },
        completeTime: { raw: '2024-05-01T10:02:30Z', iso: '2024-05-01T10:02:30Z' },
      },
    });
  });

  it('given a TransferComplete with FaultCode 9010, then the fault is recorded', () => {
    const event = cpeRequestReceived(place, transferComplete(9010, 'Download failure'));
    expect(event).toMatchObject({
      type: 'TransferCompleteReceived',
      data: { commandKey: 'fw-2024', fault: { code: 9010, string: 'Download failure' } },
    });
  });

  it('given a SetParameterValues fault with SetParameterValuesFault entries, then RpcFaulted lists them', () => {
    const fault: Fault = {
      type: 'Fault',
      faultcode: 'Client',
      faultstring: 'CWMP fault',
      detail: {
        faultCode: 9003,
        faultString: 'Invalid arguments',
        setParameterValuesFault: [
          { parameterName: 'Device.WiFi.SSID.1.SSID', faultCode: 9007, faultString: 'Value too long' },
          { parameterName: 'Device.DeviceInfo.Manufacturer', faultCode: 9008 },
        ],
      },
    };
    expect(rpcFaulted(place, 'rpc-7', 'SetParameterValues', fault)).toEqual({
      type: 'RpcFaulted',
      version: 1,
      data: {
        ...place,
        rpcId: 'rpc-7',
        method: 'SetParameterValues',
        faultCode: 9003,
        faultString: 'Invalid arguments',
        setParameterValuesFaults: [
          { parameterName: 'Device.WiFi.SSID.1.SSID', faultCode: 9007, faultString: 'Value too long' },
          { parameterName: 'Device.DeviceInfo.Manufacturer', faultCode: 9008, faultString: '' },
        ],
      },
    });
  });

  it('given a plain SOAP fault without any CWMP code, then faultCode is 9002 (never 0) and the SOAP faultstring is kept', () => {
    const fault: Fault = { type: 'Fault', faultcode: 'Server', faultstring: 'Internal Server Error' };
    expect(rpcFaulted(place, 'rpc-7', 'Reboot', fault).data).toMatchObject({
      faultCode: 9002,
      faultString: 'Internal Server Error',
      setParameterValuesFaults: [],
    });
  });

  it('given CPE values outside TR-069, then they are fitted by the documented rules', () => {
    expect(rpcResponse({ type: 'SetParameterValuesResponse', status: 7 })).toEqual({
      method: 'SetParameterValues',
      status: 1,
    });
    const tc = cpeRequestReceived(place, transferComplete(4_294_967_295, 'x'));
    expect(tc).toMatchObject({ data: { fault: { code: 9002, string: 'x' } } });
    const long = `${'a'.repeat(31)}\u{1F600}`; // 33 code units, the pair straddling the 32 cap
    expect(cpeRequestReceived(place, { ...transferComplete(0, ''), commandKey: long })).toMatchObject({
      data: { commandKey: 'a'.repeat(31) },
    });
  });

  it('given an AddObjectResponse with InstanceNumber 0, then it is passed through and the schema refuses it', () => {
    const response = rpcResponse({ type: 'AddObjectResponse', instanceNumber: 0, status: 0 });
    expect(response).toEqual({ method: 'AddObject', instanceNumber: 0, status: 0 });
    expect(RpcResponse.safeParse(response).success).toBe(false);
  });
});
