/**
 * fast-check arbitraries for the messages the event mapping takes (tests only). 'spec' stays inside
 * TR-069 (types, ranges, lengths, with values at the limits); 'hostile' is what a CPE breaking TR-069
 * can still get through the lenient codec: overlong strings (cut inside a surrogate pair), lists past
 * their caps, any int, any fault code, invalid dateTimes. ACS requests (acs-requests.ts) are only ever
 * 'spec': the ACS builds them.
 */
import type { CwmpMessageType, MessageOf, OpResultStruct } from '@headend/cwmp-codec';
import { formatDateTime } from '@headend/cwmp-codec';
import type { AcsMethod } from '@headend/events';
import fc from 'fast-check';

export type Mode = 'spec' | 'hostile';

type Fields<T> = { readonly [K in Exclude<keyof T, 'type'>]-?: fc.Arbitrary<T[K]> };

export const message = <T extends CwmpMessageType>(
  type: T,
  fields: Fields<MessageOf<T>>,
): fc.Arbitrary<MessageOf<T>> =>
  fc.record(fields as Record<string, fc.Arbitrary<unknown>>).map((f) => ({ type, ...f }) as MessageOf<T>);

export const u32 = fc.integer({ min: 0, max: 4_294_967_295 });
const i32 = fc.integer({ min: -2_147_483_648, max: 2_147_483_647 });
const ASTRAL = '\u{1F600}';

/** At most `max` UTF-16 code units: short varied strings, and now and then exactly `max`. */
export function text(mode: Mode, max: number, minLength = 0): fc.Arbitrary<string> {
  const short = fc
    .string({ unit: 'binary', minLength, maxLength: Math.min(max, 16) })
    .filter((s) => s.length <= max);
  const full = fc.constant('y'.repeat(max));
  // one past the cap and more, with an astral character straddling the cap
  const over = fc.nat(3).map((n) => `${'a'.repeat(max - 1)}${ASTRAL}${'b'.repeat(n)}`);
  return mode === 'spec'
    ? fc.oneof({ weight: 8, arbitrary: short }, { weight: 1, arbitrary: full })
    : fc.oneof(
        { weight: 6, arbitrary: short },
        { weight: 1, arbitrary: full },
        { weight: 2, arbitrary: over },
      );
}

/** Up to a few items; in hostile mode also one past the cap (when the cap is cheap to pass). */
function list<T>(mode: Mode, item: fc.Arbitrary<T>, cap: number, minLength = 0): fc.Arbitrary<T[]> {
  const few = fc.array(item, { minLength, maxLength: Math.min(cap, 4) });
  if (mode === 'spec' || cap > 1024) return few;
  return fc.oneof(
    { weight: 4, arbitrary: few },
    { weight: 1, arbitrary: item.map((x) => Array<T>(cap + 1).fill(x)) },
  );
}

const validDateTime = fc
  .tuple(
    fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('Z', '+01:00', '-04:30', ''),
  )
  .map(([d, tz]) => {
    const utc = formatDateTime(d);
    return tz === 'Z' ? utc : `${utc.slice(0, -1)}${tz}`;
  });

function dateTime(mode: Mode): fc.Arbitrary<string> {
  const spec = fc.oneof(
    { weight: 6, arbitrary: validDateTime },
    { weight: 1, arbitrary: fc.constantFrom('0001-01-01T00:00:00Z', '0001-01-01T00:05:00Z') },
  );
  return mode === 'spec'
    ? spec
    : fc.oneof(
        { weight: 3, arbitrary: spec },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '2019-03-05T11:54::14',
            '',
            '10000-01-01T00:00:00Z',
            `2020-01-01T00:00:00.${'1'.repeat(60)}Z`,
          ),
        },
        { weight: 1, arbitrary: text(mode, 64) },
      );
}

export function arbitraries(mode: Mode) {
  const hostile = mode === 'hostile';
  const str = (max: number, minLength = 0) => text(mode, max, minLength);
  const commandKey = str(32);
  const parameterName = str(256);
  const status = hostile ? i32 : fc.constantFrom(0, 1);
  const transferFaultCode = hostile ? u32 : fc.oneof(fc.constant(0), fc.integer({ min: 9000, max: 9899 }));
  const faultCode = hostile ? u32 : fc.integer({ min: 9000, max: 9899 });
  const time = dateTime(mode);
  const xsiType = fc.option(fc.constantFrom('xsd:string', 'xsd:boolean', 'xsd:unsignedInt', 'xsd:dateTime'), {
    nil: undefined,
  });
  const parameterValue = fc.record({ name: parameterName, value: str(65_536), type: xsiType });
  const opResult: fc.Arbitrary<OpResultStruct> = fc.record({
    uuid: str(36),
    deploymentUnitRef: str(256),
    version: str(32),
    currentState: hostile ? str(64) : fc.constantFrom('Installed', 'Uninstalled', 'Failed'),
    resolved: fc.boolean(),
    executionUnitRefList: str(1024),
    startTime: time,
    completeTime: time,
    fault: fc.record({ faultCode: transferFaultCode, faultString: fc.option(str(256), { nil: undefined }) }),
  });

  const inform = message('Inform', {
    deviceId: fc.record({
      manufacturer: str(64),
      oui: hostile ? str(64, 1) : fc.stringMatching(/^[0-9A-F]{6}$/),
      productClass: str(64),
      serialNumber: str(64, 1),
    }),
    event: list(
      mode,
      fc.record({
        eventCode: hostile
          ? str(64)
          : fc.constantFrom('0 BOOTSTRAP', '1 BOOT', '2 PERIODIC', 'M Download', 'X 00D09E Alarm'),
        commandKey,
      }),
      64,
    ),
    maxEnvelopes: u32,
    currentTime: time,
    retryCount: u32,
    parameterList: list(mode, parameterValue, 100_000),
  });

  const cpeRequests: {
    readonly [
      T in
        | 'TransferComplete'
        | 'AutonomousTransferComplete'
        | 'RequestDownload'
        | 'DUStateChangeComplete'
        | 'AutonomousDUStateChangeComplete'
        | 'Kicked'
    ]: fc.Arbitrary<MessageOf<T>>;
  } = {
    TransferComplete: message('TransferComplete', {
      commandKey,
      faultStruct: fc.record({ faultCode: transferFaultCode, faultString: str(256) }),
      startTime: time,
      completeTime: time,
    }),
    AutonomousTransferComplete: message('AutonomousTransferComplete', {
      announceUrl: str(1024),
      transferUrl: str(1024),
      isDownload: fc.boolean(),
      fileType: str(64),
      fileSize: u32,
      targetFileName: str(256),
      faultStruct: fc.record({ faultCode: transferFaultCode, faultString: str(256) }),
      startTime: time,
      completeTime: time,
    }),
    RequestDownload: message('RequestDownload', {
      fileType: str(64),
      fileTypeArg: list(mode, fc.record({ name: str(64), value: str(256) }), 1024),
    }),
    DUStateChangeComplete: message('DUStateChangeComplete', {
      results: list(mode, opResult, 1024, 1),
      commandKey: fc.option(commandKey, { nil: undefined }),
    }),
    AutonomousDUStateChangeComplete: message('AutonomousDUStateChangeComplete', {
      results: list(
        mode,
        fc
          .tuple(opResult, hostile ? str(64) : fc.constantFrom('Install', 'Update', 'Uninstall'))
          .map(([r, op]) => ({
            ...r,
            operationPerformed: op,
          })),
        1024,
        1,
      ),
    }),
    Kicked: message('Kicked', { command: str(32), referer: str(64), arg: str(256), next: str(1024) }),
  };

  const responses: { readonly [M in AcsMethod]: fc.Arbitrary<MessageOf<`${M}Response`>> } = {
    GetRPCMethods: message('GetRPCMethodsResponse', { methodList: list(mode, str(64), 1024) }),
    GetParameterNames: message('GetParameterNamesResponse', {
      parameterList: list(mode, fc.record({ name: parameterName, writable: fc.boolean() }), 100_000),
    }),
    GetParameterValues: message('GetParameterValuesResponse', {
      parameterList: list(mode, parameterValue, 100_000),
    }),
    SetParameterValues: message('SetParameterValuesResponse', { status }),
    GetParameterAttributes: message('GetParameterAttributesResponse', {
      parameterList: list(
        mode,
        fc.record({
          name: parameterName,
          notification: hostile ? i32 : fc.integer({ min: 0, max: 6 }),
          accessList: list(mode, hostile ? str(64) : fc.constant('Subscriber'), 1024),
        }),
        100_000,
      ),
    }),
    SetParameterAttributes: message('SetParameterAttributesResponse', {}),
    // InstanceNumber 0 has no truthful record (see rpcResponse); it is tested on its own
    AddObject: message('AddObjectResponse', {
      instanceNumber: fc.integer({ min: 1, max: 4_294_967_295 }),
      status,
    }),
    DeleteObject: message('DeleteObjectResponse', { status }),
    Reboot: message('RebootResponse', {}),
    FactoryReset: message('FactoryResetResponse', {}),
    Download: message('DownloadResponse', { status, startTime: time, completeTime: time }),
    ScheduleDownload: message('ScheduleDownloadResponse', {}),
    Upload: message('UploadResponse', { status, startTime: time, completeTime: time }),
    ScheduleInform: message('ScheduleInformResponse', {}),
    GetQueuedTransfers: message('GetQueuedTransfersResponse', {
      transferList: list(
        mode,
        fc.record({ commandKey, state: hostile ? i32 : fc.integer({ min: 1, max: 3 }) }),
        16,
      ),
    }),
    GetAllQueuedTransfers: message('GetAllQueuedTransfersResponse', {
      transferList: list(
        mode,
        fc.record({
          commandKey,
          state: hostile ? i32 : fc.integer({ min: 1, max: 3 }),
          isDownload: fc.boolean(),
          fileType: str(64),
          fileSize: u32,
          targetFileName: str(256),
        }),
        16,
      ),
    }),
    CancelTransfer: message('CancelTransferResponse', {}),
    ChangeDUState: message('ChangeDUStateResponse', {}),
    GetOptions: message('GetOptionsResponse', {
      optionList: list(
        mode,
        fc.record({
          optionName: str(64),
          voucherSn: u32,
          state: hostile ? u32 : fc.integer({ min: 0, max: 3 }),
          mode: hostile ? i32 : fc.integer({ min: 0, max: 2 }),
          startDate: time,
          expirationDate: fc.option(time, { nil: undefined }),
          isTransferable: hostile ? i32 : fc.constantFrom(0, 1),
        }),
        1024,
      ),
    }),
    SetVouchers: message('SetVouchersResponse', {}),
  };

  const fault = message('Fault', {
    faultcode: fc.constantFrom('Client', 'Server'),
    faultstring: hostile ? str(4096) : fc.constantFrom('CWMP fault', 'Internal Server Error'),
    detail: fc.option(
      fc.record({
        faultCode: faultCode,
        faultString: fc.option(str(256), { nil: undefined }),
        setParameterValuesFault: list(
          mode,
          fc.record({
            parameterName,
            faultCode: hostile ? u32 : fc.integer({ min: 9005, max: 9008 }),
            faultString: fc.option(str(256), { nil: undefined }),
          }),
          100_000,
        ),
      }),
      { nil: undefined },
    ),
  });

  return { inform, cpeRequests, responses, fault };
}
