import type { CwmpMessage, MessageOf } from '@headend/cwmp-codec';
import type { AcsRpcName, CpeState } from '../state.js';
import { ACS_RPC_NAMES } from '../state.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { fault } from './context.js';
import {
  changeDuState,
  factoryReset,
  getOptions,
  getRpcMethods,
  reboot,
  scheduleInform,
  setVouchers,
} from './control.js';
import { injectedFault } from './injected.js';
import { addObject, deleteObject } from './objects.js';
import {
  getParameterAttributes,
  getParameterNames,
  getParameterValues,
  setParameterAttributes,
  setParameterValues,
} from './parameters.js';
import {
  cancelTransfer,
  download,
  getAllQueuedTransfers,
  getQueuedTransfers,
  scheduleDownload,
  upload,
} from './transfers.js';

export type AcsRequest = MessageOf<AcsRpcName>;

const REQUEST_TYPES: ReadonlySet<string> = new Set(ACS_RPC_NAMES);

export function isAcsRequest(message: CwmpMessage): message is AcsRequest {
  return REQUEST_TYPES.has(message.type);
}

function dispatch(state: CpeState, req: AcsRequest, ctx: HandlerContext): HandlerResult {
  switch (req.type) {
    case 'GetRPCMethods':
      return getRpcMethods(state);
    case 'GetParameterNames':
      return getParameterNames(state, req);
    case 'GetParameterValues':
      return getParameterValues(state, req, ctx);
    case 'SetParameterValues':
      return setParameterValues(state, req);
    case 'GetParameterAttributes':
      return getParameterAttributes(state, req);
    case 'SetParameterAttributes':
      return setParameterAttributes(state, req);
    case 'AddObject':
      return addObject(state, req);
    case 'DeleteObject':
      return deleteObject(state, req);
    case 'Reboot':
      return reboot(state, req);
    case 'FactoryReset':
      return factoryReset(state);
    case 'Download':
      return download(state, req, ctx);
    case 'ScheduleDownload':
      return scheduleDownload(state, req, ctx);
    case 'Upload':
      return upload(state, req, ctx);
    case 'ScheduleInform':
      return scheduleInform(state, req, ctx);
    case 'GetQueuedTransfers':
      return getQueuedTransfers(state, ctx);
    case 'GetAllQueuedTransfers':
      return getAllQueuedTransfers(state, ctx);
    case 'CancelTransfer':
      return cancelTransfer(state, req, ctx);
    case 'ChangeDUState':
      return changeDuState(state, req, ctx);
    case 'GetOptions':
      return getOptions(state, req);
    case 'SetVouchers':
      return setVouchers(state);
    default: {
      const never: never = req;
      return never;
    }
  }
}

/**
 * The device's answer to one message from the ACS. Methods the device does not support (per its
 * config) and messages that are not ACS requests at all are answered with 9000 Method not supported;
 * then an injected fault (config.injectedFaults) takes precedence over the real answer.
 */
export function handleAcsRequest(state: CpeState, message: CwmpMessage, ctx: HandlerContext): HandlerResult {
  if (!isAcsRequest(message) || !state.config.supportedRpcs.has(message.type)) {
    return fault(state, 9000, `${message.type} is not supported`);
  }
  return injectedFault(state, message) ?? dispatch(state, message, ctx);
}
