import type { MessageOf, OperationStruct } from '@headend/cwmp-codec';
import type { AcsMethod } from '@headend/events';
import fc from 'fast-check';
import { message, text, u32 } from './arbitraries.js';

/** The ACS's requests, every one within TR-069 and the catalogue (passwords included, to be dropped). */
export function acsRequests(): { readonly [M in AcsMethod]: fc.Arbitrary<MessageOf<M>> } {
  const str = (max: number, minLength = 0) => text('spec', max, minLength);
  const commandKey = str(32);
  const parameterName = str(256);
  const objectName = fc
    .array(fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/), { minLength: 1, maxLength: 5 })
    .map((segments) => `${segments.join('.')}.`);
  const username = fc.oneof(fc.constant(''), str(256));
  const password = str(256);
  const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
  const operation: fc.Arbitrary<OperationStruct> = fc.oneof(
    fc.record({
      operation: fc.constant('Install' as const),
      url: str(1024),
      uuid: optional(str(36)),
      username: optional(username),
      password: optional(password),
      executionEnvRef: optional(str(256)),
    }),
    fc.record({
      operation: fc.constant('Update' as const),
      uuid: optional(str(36)),
      version: optional(str(32)),
      url: optional(str(1024)),
      username: optional(username),
      password: optional(password),
    }),
    fc.record({
      operation: fc.constant('Uninstall' as const),
      uuid: str(36),
      version: optional(str(32)),
      executionEnvRef: optional(str(256)),
    }),
  );
  const parameterValue = fc.record({
    name: parameterName,
    value: str(65_536),
    type: optional(fc.constantFrom('xsd:string', 'xsd:boolean', 'xsd:unsignedInt')),
  });
  return {
    GetRPCMethods: message('GetRPCMethods', {}),
    GetParameterNames: message('GetParameterNames', {
      parameterPath: parameterName,
      nextLevel: fc.boolean(),
    }),
    GetParameterValues: message('GetParameterValues', {
      parameterNames: fc.array(parameterName, { minLength: 1, maxLength: 4 }),
    }),
    SetParameterValues: message('SetParameterValues', {
      parameterList: fc.array(parameterValue, { minLength: 1, maxLength: 4 }),
      parameterKey: str(32),
    }),
    GetParameterAttributes: message('GetParameterAttributes', {
      parameterNames: fc.array(parameterName, { minLength: 1, maxLength: 4 }),
    }),
    SetParameterAttributes: message('SetParameterAttributes', {
      parameterList: fc.array(
        fc.record({
          name: parameterName,
          notificationChange: fc.boolean(),
          notification: fc.integer({ min: 0, max: 6 }),
          accessListChange: fc.boolean(),
          accessList: fc.array(fc.constant('Subscriber'), { maxLength: 1 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    AddObject: message('AddObject', { objectName, parameterKey: str(32) }),
    DeleteObject: message('DeleteObject', { objectName, parameterKey: str(32) }),
    Reboot: message('Reboot', { commandKey }),
    FactoryReset: message('FactoryReset', {}),
    Download: message('Download', {
      commandKey,
      fileType: fc.constantFrom('1 Firmware Upgrade Image', '3 Vendor Configuration File', 'X 00D09E Image'),
      url: str(256),
      username,
      password,
      fileSize: u32,
      targetFileName: str(256),
      delaySeconds: u32,
      successUrl: str(1024),
      failureUrl: str(1024),
    }),
    ScheduleDownload: message('ScheduleDownload', {
      commandKey,
      fileType: fc.constantFrom('1 Firmware Upgrade Image', '3 Vendor Configuration File'),
      url: str(256),
      username,
      password,
      fileSize: u32,
      targetFileName: str(256),
      timeWindowList: fc.array(
        fc.record({
          windowStart: u32,
          windowEnd: u32,
          windowMode: fc.constantFrom(
            '1 At Any Time',
            '2 Immediately',
            '3 When Idle',
            '4 Confirmation Needed',
          ),
          userMessage: str(256),
          maxRetries: fc.integer({ min: -1, max: 2_147_483_647 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    }),
    Upload: message('Upload', {
      commandKey,
      fileType: fc.constantFrom('1 Vendor Configuration File', '2 Vendor Log File'),
      url: str(256),
      username,
      password,
      delaySeconds: u32,
    }),
    ScheduleInform: message('ScheduleInform', {
      delaySeconds: fc.integer({ min: 1, max: 4_294_967_295 }),
      commandKey,
    }),
    GetQueuedTransfers: message('GetQueuedTransfers', {}),
    GetAllQueuedTransfers: message('GetAllQueuedTransfers', {}),
    CancelTransfer: message('CancelTransfer', { commandKey }),
    ChangeDUState: message('ChangeDUState', {
      operations: fc.array(operation, { minLength: 1, maxLength: 3 }),
      commandKey: optional(commandKey),
    }),
    GetOptions: message('GetOptions', { optionName: str(64) }),
    SetVouchers: message('SetVouchers', {
      voucherList: fc.array(fc.base64String({ maxLength: 64 }), { minLength: 1, maxLength: 3 }),
    }),
  };
}
