import type { OperationStruct } from '@headend/cwmp-codec';
import type { DuOperation, RpcRequest } from '@headend/events';
import type { z } from 'zod';
import type { AcsRequest } from './types.js';
import { unreachable } from './types.js';

/**
 * An ACS request as recorded in RpcSent: method = the codec type. The ACS built the request itself, so it
 * is recorded exactly as sent (nothing cut); keeping it within RpcRequest is the job of whoever queues
 * it. Passwords are never copied: fields are picked one by one. The catalogue's nullable fields
 * (usernames, ChangeDUState's CommandKey and optional operation fields, xsi types) are null when absent
 * or empty; every other string stays as it is, '' included.
 */
export function rpcRequest(request: AcsRequest): RpcRequest {
  switch (request.type) {
    case 'GetRPCMethods':
    case 'FactoryReset':
    case 'GetQueuedTransfers':
    case 'GetAllQueuedTransfers':
      return { method: request.type };
    case 'GetParameterNames':
      return { method: request.type, parameterPath: request.parameterPath, nextLevel: request.nextLevel };
    case 'GetParameterValues':
    case 'GetParameterAttributes':
      return { method: request.type, parameterNames: [...request.parameterNames] };
    case 'SetParameterValues':
      return {
        method: request.type,
        parameterList: request.parameterList.map((p) => ({
          name: p.name,
          value: p.value,
          type: orNull(p.type),
        })),
        parameterKey: request.parameterKey,
      };
    case 'SetParameterAttributes':
      return {
        method: request.type,
        parameterList: request.parameterList.map((p) => ({
          name: p.name,
          notificationChange: p.notificationChange,
          notification: p.notification,
          accessListChange: p.accessListChange,
          accessList: [...p.accessList],
        })),
      };
    case 'AddObject':
    case 'DeleteObject':
      return { method: request.type, objectName: request.objectName, parameterKey: request.parameterKey };
    case 'Reboot':
    case 'CancelTransfer':
      return { method: request.type, commandKey: request.commandKey };
    case 'Download':
      return {
        method: request.type,
        commandKey: request.commandKey,
        fileType: request.fileType,
        url: request.url,
        username: orNull(request.username),
        fileSize: request.fileSize,
        targetFileName: request.targetFileName,
        delaySeconds: request.delaySeconds,
        successUrl: request.successUrl,
        failureUrl: request.failureUrl,
      };
    case 'ScheduleDownload':
      return {
        method: request.type,
        commandKey: request.commandKey,
        fileType: request.fileType,
        url: request.url,
        username: orNull(request.username),
        fileSize: request.fileSize,
        targetFileName: request.targetFileName,
        timeWindowList: request.timeWindowList.map((w) => ({
          windowStart: w.windowStart,
          windowEnd: w.windowEnd,
          windowMode: w.windowMode,
          userMessage: w.userMessage,
          maxRetries: w.maxRetries,
        })),
      };
    case 'Upload':
      return {
        method: request.type,
        commandKey: request.commandKey,
        fileType: request.fileType,
        url: request.url,
        username: orNull(request.username),
        delaySeconds: request.delaySeconds,
      };
    case 'ScheduleInform':
      return { method: request.type, delaySeconds: request.delaySeconds, commandKey: request.commandKey };
    case 'ChangeDUState':
      return {
        method: request.type,
        operations: request.operations.map(duOperation),
        commandKey: orNull(request.commandKey),
      };
    case 'GetOptions':
      return { method: request.type, optionName: request.optionName };
    case 'SetVouchers':
      return { method: request.type, voucherList: [...request.voucherList] };
    default:
      return unreachable(request);
  }
}

function duOperation(op: OperationStruct): z.infer<typeof DuOperation> {
  switch (op.operation) {
    case 'Install':
      return {
        operation: op.operation,
        url: op.url,
        uuid: orNull(op.uuid),
        username: orNull(op.username),
        executionEnvRef: orNull(op.executionEnvRef),
      };
    case 'Update':
      return {
        operation: op.operation,
        uuid: orNull(op.uuid),
        version: orNull(op.version),
        url: orNull(op.url),
        username: orNull(op.username),
      };
    case 'Uninstall':
      return {
        operation: op.operation,
        uuid: op.uuid,
        version: orNull(op.version),
        executionEnvRef: orNull(op.executionEnvRef),
      };
    default:
      return unreachable(op);
  }
}

function orNull(text: string | undefined): string | null {
  return text === undefined || text === '' ? null : text;
}
