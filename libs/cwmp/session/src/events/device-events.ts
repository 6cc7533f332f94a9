import type { AutonOpResultStruct, Fault, Inform, OpResultStruct } from '@headend/cwmp-codec';
import type { AcsMethod, DeviceEvent } from '@headend/events';
import { CAPS } from '@headend/events';
import type { EventPlace, RecordedCpeRequest } from './types.js';
import { unreachable } from './types.js';
import {
  deviceTime,
  faultCodeOf,
  faultOf,
  fitList,
  fitText,
  fitTextOrNull,
  parameterList,
} from './values.js';

type EventOf<T extends DeviceEvent['type']> = Extract<DeviceEvent, { type: T }>;
type RecordedCpeRequestEvent =
  | 'TransferCompleteReceived'
  | 'AutonomousTransferCompleteReceived'
  | 'RequestDownloadReceived'
  | 'DuStateChangeCompleteReceived'
  | 'AutonomousDuStateChangeCompleteReceived'
  | 'KickedReceived';

/** Copied field by field: the event carries exactly these, whatever else the caller's object holds. */
function session(place: EventPlace): EventPlace {
  return { deviceId: place.deviceId, sessionId: place.sessionId, sequence: place.sequence };
}

/**
 * The Inform as recorded. The caller has already refused an Inform whose identity yields no valid
 * device id (empty OUI or SerialNumber): the mapping does not invent one. An empty Manufacturer is
 * null ("not said"); an empty ProductClass stays '' as in the device id. EventStructs with an empty
 * EventCode (the codec's default for a missing one) carry nothing and are left out.
 */
export function informReceived(place: EventPlace, inform: Inform): EventOf<'InformReceived'> {
  const id = inform.deviceId;
  return {
    type: 'InformReceived',
    version: 1,
    data: {
      ...session(place),
      // Never cut: a cut OUI, ProductClass or SerialNumber would name another device, and the
      // Manufacturer goes with them. Over TR-069's 64 characters the schema refuses the Inform.
      identity: {
        oui: id.oui,
        productClass: id.productClass,
        serialNumber: id.serialNumber,
        manufacturer: id.manufacturer === '' ? null : id.manufacturer,
      },
      events: fitList(
        inform.event.filter((e) => e.eventCode !== ''),
        CAPS.events,
        (e) => ({
          code: fitText(e.eventCode, CAPS.eventCode),
          commandKey: fitText(e.commandKey, CAPS.commandKey),
        }),
      ),
      maxEnvelopes: inform.maxEnvelopes,
      currentTime: deviceTime(inform.currentTime),
      retryCount: inform.retryCount,
      parameters: parameterList(inform.parameterList),
    },
  };
}

function duResult(result: OpResultStruct) {
  return {
    uuid: fitText(result.uuid, CAPS.token),
    deploymentUnitRef: fitText(result.deploymentUnitRef, CAPS.text),
    version: fitText(result.version, CAPS.token),
    currentState: fitText(result.currentState, CAPS.token),
    resolved: result.resolved,
    executionUnitRefList: fitText(result.executionUnitRefList, CAPS.text),
    startTime: deviceTime(result.startTime),
    completeTime: deviceTime(result.completeTime),
    fault: faultOf(result.fault.faultCode, result.fault.faultString),
  };
}

function autonomousDuResult(result: AutonOpResultStruct) {
  return { ...duResult(result), operationPerformed: fitText(result.operationPerformed, CAPS.token) };
}

/** A request the CPE made inside the session, as its *Received event. FaultCode 0 is no fault: null. */
export function cpeRequestReceived(
  place: EventPlace,
  request: RecordedCpeRequest,
): EventOf<RecordedCpeRequestEvent> {
  const base = session(place);
  switch (request.type) {
    case 'TransferComplete':
      return {
        type: 'TransferCompleteReceived',
        version: 1,
        data: {
          ...base,
          commandKey: fitText(request.commandKey, CAPS.commandKey),
          fault: faultOf(request.faultStruct.faultCode, request.faultStruct.faultString),
          startTime: deviceTime(request.startTime),
          completeTime: deviceTime(request.completeTime),
        },
      };
    case 'AutonomousTransferComplete':
      return {
        type: 'AutonomousTransferCompleteReceived',
        version: 1,
        data: {
          ...base,
          announceUrl: fitText(request.announceUrl, CAPS.text),
          transferUrl: fitText(request.transferUrl, CAPS.text),
          isDownload: request.isDownload,
          fileType: fitText(request.fileType, CAPS.token),
          fileSize: request.fileSize,
          targetFileName: fitText(request.targetFileName, CAPS.text),
          fault: faultOf(request.faultStruct.faultCode, request.faultStruct.faultString),
          startTime: deviceTime(request.startTime),
          completeTime: deviceTime(request.completeTime),
        },
      };
    case 'RequestDownload':
      return {
        type: 'RequestDownloadReceived',
        version: 1,
        data: {
          ...base,
          fileType: fitText(request.fileType, CAPS.token),
          fileTypeArgs: fitList(request.fileTypeArg, CAPS.list, (arg) => ({
            name: fitText(arg.name, CAPS.token),
            value: fitText(arg.value, CAPS.text),
          })),
        },
      };
    case 'DUStateChangeComplete':
      return {
        type: 'DuStateChangeCompleteReceived',
        version: 1,
        data: {
          ...base,
          commandKey: fitTextOrNull(request.commandKey, CAPS.commandKey),
          results: fitList(request.results, CAPS.list, duResult),
        },
      };
    case 'AutonomousDUStateChangeComplete':
      return {
        type: 'AutonomousDuStateChangeCompleteReceived',
        version: 1,
        data: { ...base, results: fitList(request.results, CAPS.list, autonomousDuResult) },
      };
    case 'Kicked':
      return {
        type: 'KickedReceived',
        version: 1,
        data: {
          ...base,
          command: fitText(request.command, CAPS.token),
          referer: fitText(request.referer, CAPS.text),
          arg: fitText(request.arg, CAPS.text),
          next: fitText(request.next, CAPS.text),
        },
      };
    default:
      return unreachable(request);
  }
}

/**
 * The CPE's Fault answering `method`. A plain SOAP fault with no CWMP code anywhere (the codec looks
 * for a cwmp:Fault wherever firmware puts it) is recorded as 9002, Internal error, with the SOAP
 * faultstring: a fault is never code 0, which reads as "no fault". With a detail, a missing
 * FaultString is ''.
 */
/** CWMP fault 9002, Internal error: what a fault without a code of its own is recorded as. */
const INTERNAL_ERROR = 9002;

export function rpcFaulted(
  place: EventPlace,
  rpcId: string,
  method: AcsMethod,
  fault: Fault,
): EventOf<'RpcFaulted'> {
  const detail = fault.detail;
  return {
    type: 'RpcFaulted',
    version: 1,
    data: {
      ...session(place),
      rpcId,
      method,
      faultCode: detail === undefined ? INTERNAL_ERROR : faultCodeOf(detail.faultCode),
      faultString: fitText(detail === undefined ? fault.faultstring : (detail.faultString ?? ''), CAPS.text),
      setParameterValuesFaults:
        detail === undefined
          ? []
          : fitList(detail.setParameterValuesFault, CAPS.parameters, (f) => ({
              parameterName: fitText(f.parameterName, CAPS.parameterName),
              faultCode: faultCodeOf(f.faultCode),
              faultString: fitText(f.faultString ?? '', CAPS.text),
            })),
    },
  };
}
