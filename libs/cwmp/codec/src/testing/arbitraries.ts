/**
 * fast-check arbitraries for every message type (tests and fuzzing only; not exported by the library).
 * 'wide' explores everything the types allow; 'schema' stays inside the facets (patterns, enumerations,
 * lengths) that every cwmp-1-N.xsd, 1.0 included, accepts, so encoded messages can be schema-validated.
 */
import fc from 'fast-check';
import type { CwmpMessage, CwmpMessageType, MessageOf } from '../messages/message.js';
import type { CwmpHeader } from '../soap/header.js';
import type { OperationStruct, OpResultStruct, ParameterValueStruct } from '../messages/structs.js';
import { formatDateTime } from '../values.js';

export type ArbitraryMode = 'wide' | 'schema';

/** Characters XML 1.0 can carry, biased towards the ones that need escaping. */
const xmlChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', ' ', ']', ';', '#') },
  { weight: 6, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);

export const xmlString = (maxLength = 40): fc.Arbitrary<string> => fc.string({ unit: xmlChar, maxLength });

const u32 = fc.integer({ min: 0, max: 4294967295 });
const i32 = fc.integer({ min: -2147483648, max: 2147483647 });

/** Valid xsd:dateTime texts: UTC, with an offset, and (valid, but warned about) without a time zone. */
export const dateTime: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('Z', '+01:00', '-04:30', ''),
  )
  .map(([d, tz]) => {
    const utc = formatDateTime(new Date(Math.floor(d.getTime() / 1000) * 1000));
    return tz === 'Z' ? utc : `${utc.slice(0, -1)}${tz}`;
  });

const hex = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: n, maxLength: n });
const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join('-'));
const base64 = fc.uint8Array({ maxLength: 24 }).map((b) => btoa(String.fromCharCode(...b)));
const url = fc.webUrl().filter((u) => u.length <= 256);

export function arbitraries(mode: ArbitraryMode) {
  const schema = mode === 'schema';
  const str = (max: number): fc.Arbitrary<string> => xmlString(Math.min(max, 40));
  const commandKey = str(32);
  const name = str(256);
  // XSD's '.' matches no line end, so the ObjectName pattern '.*\.' needs a single line
  const objectName = schema ? str(200).map((s) => `${s.replace(/[\r\n]/g, ' ')}.`) : str(256);
  const eventCode = schema
    ? fc.constantFrom(
        '0 BOOTSTRAP',
        '1 BOOT',
        '2 PERIODIC',
        '4 VALUE CHANGE',
        '6 CONNECTION REQUEST',
        'M Reboot',
        'M Download',
        'X 00D09E Vendor',
      )
    : fc.oneof(
        fc.constantFrom(
          '0 BOOTSTRAP',
          '1 BOOT',
          '2 PERIODIC',
          '14 HEARTBEAT',
          'M ScheduleDownload',
          'X BC0304 Alarm',
        ),
        str(64),
      );
  const downloadFileType = schema
    ? fc.constantFrom('1 Firmware Upgrade Image', '3 Vendor Configuration File', 'X 00D09E Image')
    : str(64);
  const uploadFileType = schema
    ? fc.constantFrom('1 Vendor Configuration File', '2 Vendor Log File')
    : str(64);
  const cpeFaultCode = schema ? fc.integer({ min: 9000, max: 9013 }) : u32;
  const anyFaultCode = schema ? fc.oneof(fc.integer({ min: 8000, max: 8005 }), cpeFaultCode) : u32;
  const transferFaultCode = schema ? fc.constantFrom(0, 9001, 9002, 9010, 9011, 9012) : u32;
  const notification = schema ? fc.integer({ min: 0, max: 2 }) : i32;
  const status = schema ? fc.integer({ min: 0, max: 1 }) : i32;
  const transferState = schema ? fc.integer({ min: 1, max: 3 }) : i32;
  const oui = schema ? hex(6) : fc.oneof(hex(6), str(8));
  const arr = <T>(item: fc.Arbitrary<T>, minLength = 0, maxLength = 4): fc.Arbitrary<T[]> =>
    fc.array(item, { minLength, maxLength });

  const parameterValue: fc.Arbitrary<ParameterValueStruct> = fc.record(
    {
      name,
      value: str(256),
      type: fc.constantFrom(
        'xsd:string',
        'xsd:boolean',
        'xsd:unsignedInt',
        'xsd:int',
        'xsd:dateTime',
        'xsd:base64',
      ),
    },
    { requiredKeys: schema ? ['name', 'value'] : ['name', 'value'] },
  );
  const parameterValues = arr(parameterValue, 0, 5).map((list) =>
    // the schema types Value as anySimpleType, so a typed value must be valid for its type there
    schema
      ? list.map((p) => (p.type === undefined || p.type === 'xsd:string' ? p : { ...p, type: 'xsd:string' }))
      : list,
  );
  const transferFault = fc.record({ faultCode: transferFaultCode, faultString: str(256) });
  const opResult: fc.Arbitrary<OpResultStruct> = fc.record({
    uuid,
    deploymentUnitRef: str(64),
    version: str(32),
    currentState: schema ? fc.constantFrom('Installed', 'Uninstalled', 'Failed') : str(32),
    resolved: fc.boolean(),
    executionUnitRefList: str(64),
    startTime: dateTime,
    completeTime: dateTime,
    fault: fc.record(
      { faultCode: schema ? fc.constantFrom(0, 9001, 9003, 9022) : u32, faultString: str(64) },
      { requiredKeys: ['faultCode'] },
    ),
  });
  const operation: fc.Arbitrary<OperationStruct> = fc.oneof(
    fc.record(
      {
        operation: fc.constant('Install' as const),
        url,
        uuid,
        username: str(256),
        password: str(256),
        executionEnvRef: str(256),
      },
      { requiredKeys: ['operation', 'url'] },
    ),
    fc.record(
      {
        operation: fc.constant('Update' as const),
        uuid,
        version: str(32),
        url,
        username: str(256),
        password: str(256),
      },
      { requiredKeys: ['operation'] },
    ),
    fc.record(
      { operation: fc.constant('Uninstall' as const), uuid, version: str(32), executionEnvRef: str(256) },
      { requiredKeys: ['operation', 'uuid'] },
    ),
  );

  const m = <T extends CwmpMessageType>(
    type: T,
    fields: Record<string, fc.Arbitrary<unknown>> = {},
    requiredKeys?: string[],
  ): fc.Arbitrary<MessageOf<T>> =>
    fc
      .record(fields, requiredKeys === undefined ? {} : { requiredKeys })
      .map((f) => ({ type, ...f }) as unknown as MessageOf<T>);

  const messages: { readonly [T in CwmpMessageType]: fc.Arbitrary<MessageOf<T>> } = {
    Inform: m('Inform', {
      deviceId: fc.record({ manufacturer: str(64), oui, productClass: str(64), serialNumber: str(64) }),
      event: arr(fc.record({ eventCode, commandKey }), 0, 4),
      maxEnvelopes: schema ? fc.constant(1) : u32,
      currentTime: dateTime,
      retryCount: u32,
      parameterList: parameterValues,
    }),
    InformResponse: m('InformResponse', { maxEnvelopes: schema ? fc.constant(1) : u32 }),
    TransferComplete: m('TransferComplete', {
      commandKey,
      faultStruct: transferFault,
      startTime: dateTime,
      completeTime: dateTime,
    }),
    TransferCompleteResponse: m('TransferCompleteResponse'),
    AutonomousTransferComplete: m('AutonomousTransferComplete', {
      announceUrl: str(1024),
      transferUrl: str(1024),
      isDownload: fc.boolean(),
      fileType: downloadFileType,
      fileSize: u32,
      targetFileName: str(256),
      faultStruct: transferFault,
      startTime: dateTime,
      completeTime: dateTime,
    }),
    AutonomousTransferCompleteResponse: m('AutonomousTransferCompleteResponse'),
    GetRPCMethods: m('GetRPCMethods'),
    GetRPCMethodsResponse: m('GetRPCMethodsResponse', { methodList: arr(str(64), 1, 5) }),
    RequestDownload: m('RequestDownload', {
      fileType: downloadFileType,
      fileTypeArg: arr(fc.record({ name: str(64), value: str(256) })),
    }),
    RequestDownloadResponse: m('RequestDownloadResponse'),
    DUStateChangeComplete: m('DUStateChangeComplete', { results: arr(opResult, 1, 3), commandKey }, [
      'results',
    ]),
    DUStateChangeCompleteResponse: m('DUStateChangeCompleteResponse'),
    AutonomousDUStateChangeComplete: m('AutonomousDUStateChangeComplete', {
      results: arr(
        fc
          .tuple(opResult, schema ? fc.constantFrom('Install', 'Update', 'Uninstall') : str(32))
          .map(([r, op]) => ({ ...r, operationPerformed: op })),
        1,
        3,
      ),
    }),
    AutonomousDUStateChangeCompleteResponse: m('AutonomousDUStateChangeCompleteResponse'),
    Kicked: m('Kicked', { command: str(32), referer: str(64), arg: str(256), next: str(1024) }),
    KickedResponse: m('KickedResponse', { nextUrl: str(1024) }),
    GetParameterNames: m('GetParameterNames', { parameterPath: name, nextLevel: fc.boolean() }),
    GetParameterNamesResponse: m('GetParameterNamesResponse', {
      parameterList: arr(fc.record({ name, writable: fc.boolean() })),
    }),
    GetParameterValues: m('GetParameterValues', { parameterNames: arr(name, 1, 5) }),
    GetParameterValuesResponse: m('GetParameterValuesResponse', { parameterList: parameterValues }),
    SetParameterValues: m('SetParameterValues', { parameterList: parameterValues, parameterKey: str(32) }),
    SetParameterValuesResponse: m('SetParameterValuesResponse', { status }),
    GetParameterAttributes: m('GetParameterAttributes', { parameterNames: arr(name, 1, 5) }),
    GetParameterAttributesResponse: m('GetParameterAttributesResponse', {
      parameterList: arr(
        fc.record({
          name,
          notification,
          accessList: arr(schema ? fc.constant('Subscriber') : str(64), 0, 2),
        }),
      ),
    }),
    SetParameterAttributes: m('SetParameterAttributes', {
      parameterList: arr(
        fc.record({
          name,
          notificationChange: fc.boolean(),
          notification,
          accessListChange: fc.boolean(),
          accessList: arr(schema ? fc.constant('Subscriber') : str(64), 0, 2),
        }),
        1,
      ),
    }),
    SetParameterAttributesResponse: m('SetParameterAttributesResponse'),
    AddObject: m('AddObject', { objectName, parameterKey: str(32) }),
    AddObjectResponse: m('AddObjectResponse', {
      instanceNumber: schema ? fc.integer({ min: 1, max: 4294967295 }) : u32,
      status,
    }),
    DeleteObject: m('DeleteObject', { objectName, parameterKey: str(32) }),
    DeleteObjectResponse: m('DeleteObjectResponse', { status }),
    Reboot: m('Reboot', { commandKey }),
    RebootResponse: m('RebootResponse'),
    FactoryReset: m('FactoryReset'),
    FactoryResetResponse: m('FactoryResetResponse'),
    Download: m('Download', {
      commandKey,
      fileType: downloadFileType,
      url: str(256),
      username: str(256),
      password: str(256),
      fileSize: u32,
      targetFileName: str(256),
      delaySeconds: u32,
      successUrl: str(256),
      failureUrl: str(256),
    }),
    DownloadResponse: m('DownloadResponse', { status, startTime: dateTime, completeTime: dateTime }),
    ScheduleDownload: m('ScheduleDownload', {
      commandKey,
      fileType: downloadFileType,
      url: str(256),
      username: str(256),
      password: str(256),
      fileSize: u32,
      targetFileName: str(256),
      timeWindowList: arr(
        fc.record({
          windowStart: u32,
          windowEnd: u32,
          windowMode: schema ? fc.constantFrom('1 At Any Time', '2 Immediately') : str(64),
          userMessage: str(256),
          maxRetries: i32,
        }),
        1,
        2,
      ),
    }),
    ScheduleDownloadResponse: m('ScheduleDownloadResponse'),
    Upload: m('Upload', {
      commandKey,
      fileType: uploadFileType,
      url: str(256),
      username: str(256),
      password: str(256),
      delaySeconds: u32,
    }),
    UploadResponse: m('UploadResponse', { status, startTime: dateTime, completeTime: dateTime }),
    ScheduleInform: m('ScheduleInform', { delaySeconds: u32, commandKey }),
    ScheduleInformResponse: m('ScheduleInformResponse'),
    GetQueuedTransfers: m('GetQueuedTransfers'),
    GetQueuedTransfersResponse: m('GetQueuedTransfersResponse', {
      transferList: arr(fc.record({ commandKey, state: transferState })),
    }),
    GetAllQueuedTransfers: m('GetAllQueuedTransfers'),
    GetAllQueuedTransfersResponse: m('GetAllQueuedTransfersResponse', {
      transferList: arr(
        fc.record({
          commandKey,
          state: transferState,
          isDownload: fc.boolean(),
          fileType: downloadFileType,
          fileSize: u32,
          targetFileName: str(256),
        }),
      ),
    }),
    CancelTransfer: m('CancelTransfer', { commandKey }),
    CancelTransferResponse: m('CancelTransferResponse'),
    ChangeDUState: m('ChangeDUState', { operations: arr(operation, 1, 3), commandKey }, ['operations']),
    ChangeDUStateResponse: m('ChangeDUStateResponse'),
    GetOptions: m('GetOptions', { optionName: str(64) }),
    GetOptionsResponse: m('GetOptionsResponse', {
      optionList: arr(
        fc.record(
          {
            optionName: str(64),
            voucherSn: u32,
            state: schema ? fc.integer({ min: 0, max: 3 }) : u32,
            mode: schema ? fc.integer({ min: 0, max: 2 }) : i32,
            startDate: dateTime,
            expirationDate: dateTime,
            isTransferable: schema ? fc.integer({ min: 0, max: 1 }) : i32,
          },
          { requiredKeys: ['optionName', 'voucherSn', 'state', 'mode', 'startDate', 'isTransferable'] },
        ),
      ),
    }),
    SetVouchers: m('SetVouchers', { voucherList: arr(base64, 1, 3) }),
    SetVouchersResponse: m('SetVouchersResponse'),
    Fault: m(
      'Fault',
      {
        faultcode: fc.constantFrom('Client', 'Server'),
        faultstring: fc.constantFrom('CWMP fault'),
        detail: fc.record(
          {
            faultCode: anyFaultCode,
            faultString: str(256),
            setParameterValuesFault: arr(
              fc.record(
                {
                  parameterName: name,
                  faultCode: schema ? fc.integer({ min: 9005, max: 9008 }) : u32,
                  faultString: str(256),
                },
                { requiredKeys: ['parameterName', 'faultCode'] },
              ),
              0,
              3,
            ),
          },
          { requiredKeys: ['faultCode', 'setParameterValuesFault'] },
        ),
      },
      ['faultcode', 'faultstring'],
    ),
  };

  const header: fc.Arbitrary<CwmpHeader> = fc.record(
    {
      id: str(64),
      holdRequests: fc.boolean(),
      sessionTimeout: u32,
      supportedCwmpVersions: fc.constantFrom('1.0,1.1,1.2,1.3,1.4', '1.0'),
      useCwmpVersion: fc.constantFrom('1.4', '1.2'),
    },
    { requiredKeys: [] },
  );

  const message: fc.Arbitrary<CwmpMessage> = fc.oneof(
    ...(Object.values(messages) as fc.Arbitrary<CwmpMessage>[]),
  );
  return { messages, message, header };
}
