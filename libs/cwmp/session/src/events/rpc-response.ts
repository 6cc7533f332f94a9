import type { RpcResponse } from '@headend/events';
import { CAPS } from '@headend/events';
import type { CpeResponse } from './types.js';
import { unreachable } from './types.js';
import { clamp, deviceTime, fitList, fitsName, fitText, parameterList, statusOf } from './values.js';

/** TR-069 TransferList state: 1 not yet started, 2 in progress, 3 completed; others clamped. */
function transferState(state: number): 1 | 2 | 3 {
  return state <= 1 ? 1 : state >= 3 ? 3 : 2;
}

/**
 * A CPE response as recorded in RpcResponded: method = the type without `Response`, dateTimes as
 * DeviceTime. The CPE is untrusted, so values are fitted into the catalogue (see values.ts):
 * free text cut to its cap, lists cut to theirs, parameters with overlong names or values dropped,
 * Status other than 0 read as 1, Notification, Mode and TransferList states clamped into range.
 * AddObject's InstanceNumber is the exception: 0 is passed through (and then refused by the schema)
 * because any other number would name a different object.
 */
export function rpcResponse(response: CpeResponse): RpcResponse {
  switch (response.type) {
    case 'GetRPCMethodsResponse':
      return {
        method: 'GetRPCMethods',
        methodList: fitList(response.methodList, CAPS.list, (m) => fitText(m, CAPS.token)),
      };
    case 'GetParameterNamesResponse':
      return {
        method: 'GetParameterNames',
        parameterList: fitList(response.parameterList.filter(fitsName), CAPS.parameters, (p) => ({
          name: p.name,
          writable: p.writable,
        })),
      };
    case 'GetParameterValuesResponse':
      return { method: 'GetParameterValues', parameterList: parameterList(response.parameterList) };
    case 'SetParameterValuesResponse':
      return { method: 'SetParameterValues', status: statusOf(response.status) };
    case 'GetParameterAttributesResponse':
      return {
        method: 'GetParameterAttributes',
        parameterList: fitList(response.parameterList.filter(fitsName), CAPS.parameters, (p) => ({
          name: p.name,
          notification: clamp(p.notification, 0, 6),
          accessList: fitList(p.accessList, CAPS.list, (a) => fitText(a, CAPS.token)),
        })),
      };
    case 'AddObjectResponse':
      return {
        method: 'AddObject',
        instanceNumber: response.instanceNumber,
        status: statusOf(response.status),
      };
    case 'DeleteObjectResponse':
      return { method: 'DeleteObject', status: statusOf(response.status) };
    case 'DownloadResponse':
    case 'UploadResponse':
      return {
        method: response.type === 'DownloadResponse' ? 'Download' : 'Upload',
        status: statusOf(response.status),
        startTime: deviceTime(response.startTime),
        completeTime: deviceTime(response.completeTime),
      };
    case 'GetQueuedTransfersResponse':
      return {
        method: 'GetQueuedTransfers',
        transferList: fitList(response.transferList, CAPS.transfers, (t) => ({
          commandKey: fitText(t.commandKey, CAPS.commandKey),
          state: transferState(t.state),
        })),
      };
    case 'GetAllQueuedTransfersResponse':
      return {
        method: 'GetAllQueuedTransfers',
        transferList: fitList(response.transferList, CAPS.transfers, (t) => ({
          commandKey: fitText(t.commandKey, CAPS.commandKey),
          state: transferState(t.state),
          isDownload: t.isDownload,
          fileType: fitText(t.fileType, CAPS.token),
          fileSize: t.fileSize,
          targetFileName: fitText(t.targetFileName, CAPS.text),
        })),
      };
    case 'GetOptionsResponse':
      return {
        method: 'GetOptions',
        optionList: fitList(response.optionList, CAPS.list, (o) => ({
          optionName: fitText(o.optionName, CAPS.token),
          voucherSn: o.voucherSn,
          state: o.state,
          mode: clamp(o.mode, 0, 2),
          startDate: deviceTime(o.startDate),
          expirationDate:
            o.expirationDate === undefined || o.expirationDate === '' ? null : deviceTime(o.expirationDate),
          isTransferable: o.isTransferable === 0 ? 0 : 1,
        })),
      };
    case 'SetParameterAttributesResponse':
    case 'RebootResponse':
    case 'FactoryResetResponse':
    case 'ScheduleDownloadResponse':
    case 'ScheduleInformResponse':
    case 'CancelTransferResponse':
    case 'ChangeDUStateResponse':
    case 'SetVouchersResponse':
      return { method: methodOf(response.type) };
    default:
      return unreachable(response);
  }
}

/** 'RebootResponse' -> 'Reboot'. */
function methodOf<M extends string>(type: `${M}Response`): M {
  return type.slice(0, -'Response'.length) as M;
}
