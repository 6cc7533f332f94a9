import { z } from 'zod';
import {
  CAPS,
  CommandKey,
  ObjectName,
  ParameterKey,
  ParameterName,
  ParameterNameList,
  ParameterValue,
  ParameterValueList,
  Text,
  Token,
  UnsignedInt,
} from './common.js';

/**
 * The requests the ACS sends to a CPE (TR-069 A.3.2, A.4.1), as recorded in RpcSent. Field names
 * follow the CWMP element names in camelCase. Passwords (Download, ScheduleDownload, Upload,
 * ChangeDUState) are never written to the log: the events carry the username only.
 */

const method = <const M extends string, S extends z.ZodRawShape>(name: M, shape: S) =>
  z.object({ method: z.literal(name), ...shape });

export const ACS_METHODS = [
  'GetRPCMethods',
  'GetParameterNames',
  'GetParameterValues',
  'SetParameterValues',
  'GetParameterAttributes',
  'SetParameterAttributes',
  'AddObject',
  'DeleteObject',
  'Reboot',
  'FactoryReset',
  'Download',
  'ScheduleDownload',
  'Upload',
  'ScheduleInform',
  'GetQueuedTransfers',
  'GetAllQueuedTransfers',
  'CancelTransfer',
  'ChangeDUState',
  'GetOptions',
  'SetVouchers',
] as const;
/** A method the ACS calls on a CPE. */
export const AcsMethod = z.enum(ACS_METHODS);
export type AcsMethod = z.infer<typeof AcsMethod>;

/** Notification 0-6 (off, passive, active, and the CWMP 1.4 lightweight variants). */
export const Notification = z.int().min(0).max(6);
export const AccessList = z.array(Token).max(CAPS.list);

const SetParameterAttributesStruct = z.object({
  name: ParameterName,
  notificationChange: z.boolean(),
  notification: Notification,
  accessListChange: z.boolean(),
  accessList: AccessList,
});

const TimeWindow = z.object({
  windowStart: UnsignedInt,
  windowEnd: UnsignedInt,
  windowMode: Token,
  userMessage: Text,
  maxRetries: z.int().min(-1).max(2_147_483_647),
});

const Url = Text;
const Username = Token.nullable();

export const DuOperation = z.discriminatedUnion('operation', [
  z.object({
    operation: z.literal('Install'),
    url: Url,
    uuid: Token.nullable(),
    username: Username,
    executionEnvRef: Text.nullable(),
  }),
  z.object({
    operation: z.literal('Update'),
    uuid: Token.nullable(),
    version: Token.nullable(),
    url: Url.nullable(),
    username: Username,
  }),
  z.object({
    operation: z.literal('Uninstall'),
    uuid: Token,
    version: Token.nullable(),
    executionEnvRef: Text.nullable(),
  }),
]);

export const RpcRequest = z.discriminatedUnion('method', [
  method('GetRPCMethods', {}),
  method('GetParameterNames', { parameterPath: ParameterName, nextLevel: z.boolean() }),
  method('GetParameterValues', { parameterNames: ParameterNameList }),
  method('SetParameterValues', { parameterList: ParameterValueList, parameterKey: ParameterKey }),
  method('GetParameterAttributes', { parameterNames: ParameterNameList }),
  method('SetParameterAttributes', {
    parameterList: z.array(SetParameterAttributesStruct).max(CAPS.parameters),
  }),
  method('AddObject', { objectName: ObjectName, parameterKey: ParameterKey }),
  method('DeleteObject', { objectName: ObjectName, parameterKey: ParameterKey }),
  method('Reboot', { commandKey: CommandKey }),
  method('FactoryReset', {}),
  method('Download', {
    commandKey: CommandKey,
    fileType: Token,
    url: Url,
    username: Username,
    fileSize: UnsignedInt,
    targetFileName: Text,
    delaySeconds: UnsignedInt,
    successUrl: Url,
    failureUrl: Url,
  }),
  method('ScheduleDownload', {
    commandKey: CommandKey,
    fileType: Token,
    url: Url,
    username: Username,
    fileSize: UnsignedInt,
    targetFileName: Text,
    timeWindowList: z.array(TimeWindow).min(1).max(2),
  }),
  method('Upload', {
    commandKey: CommandKey,
    fileType: Token,
    url: Url,
    username: Username,
    delaySeconds: UnsignedInt,
  }),
  method('ScheduleInform', { delaySeconds: UnsignedInt, commandKey: CommandKey }),
  method('GetQueuedTransfers', {}),
  method('GetAllQueuedTransfers', {}),
  method('CancelTransfer', { commandKey: CommandKey }),
  method('ChangeDUState', {
    operations: z.array(DuOperation).min(1).max(CAPS.list),
    commandKey: CommandKey.nullable(),
  }),
  method('GetOptions', { optionName: Token }),
  method('SetVouchers', { voucherList: z.array(ParameterValue).max(CAPS.list) }),
]);
export type RpcRequest = z.infer<typeof RpcRequest>;
