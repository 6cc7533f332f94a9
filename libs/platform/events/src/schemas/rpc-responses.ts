import { z } from 'zod';
import {
  CAPS,
  CommandKey,
  DeviceTime,
  ParameterName,
  ParameterValueList,
  Text,
  Token,
  UnsignedInt,
} from './common.js';
import { AccessList, Notification } from './rpc-requests.js';

/**
 * The CPE's responses to every ACS method (TR-069 A.3.2, A.4.1), as recorded in RpcResponded,
 * discriminated by the method they answer.
 */

const method = <const M extends string, S extends z.ZodRawShape>(name: M, shape: S) =>
  z.object({ method: z.literal(name), ...shape });

/** 0: applied; 1: applied, takes effect later (e.g. after a reboot). */
const Status = z.literal([0, 1]);

/** 1 not yet started, 2 in progress, 3 completed. */
const TransferState = z.literal([1, 2, 3]);

const OptionStruct = z.object({
  optionName: Token,
  voucherSn: UnsignedInt,
  state: UnsignedInt,
  mode: z.int().min(0).max(2),
  startDate: DeviceTime,
  expirationDate: DeviceTime.nullable(),
  isTransferable: z.literal([0, 1]),
});

export const RpcResponse = z.discriminatedUnion('method', [
  method('GetRPCMethods', { methodList: z.array(Token).max(CAPS.list) }),
  method('GetParameterNames', {
    parameterList: z.array(z.object({ name: ParameterName, writable: z.boolean() })).max(CAPS.parameters),
  }),
  method('GetParameterValues', { parameterList: ParameterValueList }),
  method('SetParameterValues', { status: Status }),
  method('GetParameterAttributes', {
    parameterList: z
      .array(z.object({ name: ParameterName, notification: Notification, accessList: AccessList }))
      .max(CAPS.parameters),
  }),
  method('SetParameterAttributes', {}),
  method('AddObject', { instanceNumber: z.int().min(1).max(4_294_967_295), status: Status }),
  method('DeleteObject', { status: Status }),
  method('Reboot', {}),
  method('FactoryReset', {}),
  method('Download', { status: Status, startTime: DeviceTime, completeTime: DeviceTime }),
  method('ScheduleDownload', {}),
  method('Upload', { status: Status, startTime: DeviceTime, completeTime: DeviceTime }),
  method('ScheduleInform', {}),
  method('GetQueuedTransfers', {
    transferList: z.array(z.object({ commandKey: CommandKey, state: TransferState })).max(CAPS.transfers),
  }),
  method('GetAllQueuedTransfers', {
    transferList: z
      .array(
        z.object({
          commandKey: CommandKey,
          state: TransferState,
          isDownload: z.boolean(),
          fileType: Token,
          fileSize: UnsignedInt,
          targetFileName: Text,
        }),
      )
      .max(CAPS.transfers),
  }),
  method('CancelTransfer', {}),
  method('ChangeDUState', {}),
  method('GetOptions', { optionList: z.array(OptionStruct).max(CAPS.list) }),
  method('SetVouchers', {}),
]);
export type RpcResponse = z.infer<typeof RpcResponse>;
