import type * as A from '../messages/acs-to-cpe.js';
import type * as C from '../messages/cpe-to-acs.js';
import type { CwmpMessage, CwmpMessageType, MessageOf } from '../messages/message.js';
import {
  arrayField,
  base64Field,
  booleanField,
  cwmpType,
  dateTimeField,
  intField,
  optional,
  stringField,
  structField,
  unsignedIntField,
  XSD_STRING,
} from './fields.js';
import type { MessageCodec } from './message.js';
import { faultCodec, message } from './message.js';
import { operationsField, resultsField } from './operations.js';
import { parameterValueList } from './parameter-values.js';
import {
  allQueuedTransferStruct,
  argStruct,
  autonOpResultStruct,
  deviceIdStruct,
  eventStruct,
  opResultStruct,
  optionStruct,
  parameterAttributeStruct,
  parameterInfoStruct,
  queuedTransferStruct,
  setParameterAttributesStruct,
  timeWindowStruct,
  transferCompleteFaultStruct,
} from './structs.js';

/** One codec per message type: the table both decode and encode dispatch through. */
export type MessageCodecTable = { readonly [T in CwmpMessageType]: MessageCodec<MessageOf<T>> };

const parameterNames = arrayField('ParameterNames', XSD_STRING, stringField('string'));
const commandKey = stringField('CommandKey');
const status = intField('Status');

export const MESSAGE_CODECS: MessageCodecTable = {
  // CPE -> ACS, and the ACS's responses
  Inform: message<C.Inform>('Inform', {
    deviceId: structField('DeviceId', deviceIdStruct),
    event: arrayField('Event', cwmpType('EventStruct'), eventStruct),
    maxEnvelopes: unsignedIntField('MaxEnvelopes'),
    currentTime: dateTimeField('CurrentTime'),
    retryCount: unsignedIntField('RetryCount'),
    parameterList: parameterValueList('ParameterList'),
  }),
  InformResponse: message<C.InformResponse>('InformResponse', {
    maxEnvelopes: unsignedIntField('MaxEnvelopes'),
  }),
  TransferComplete: message<C.TransferComplete>('TransferComplete', {
    commandKey,
    faultStruct: structField('FaultStruct', transferCompleteFaultStruct),
    startTime: dateTimeField('StartTime'),
    completeTime: dateTimeField('CompleteTime'),
  }),
  TransferCompleteResponse: message<C.TransferCompleteResponse>('TransferCompleteResponse', {}),
  AutonomousTransferComplete: message<C.AutonomousTransferComplete>('AutonomousTransferComplete', {
    announceUrl: stringField('AnnounceURL'),
    transferUrl: stringField('TransferURL'),
    isDownload: booleanField('IsDownload'),
    fileType: stringField('FileType'),
    fileSize: unsignedIntField('FileSize'),
    targetFileName: stringField('TargetFileName'),
    faultStruct: structField('FaultStruct', transferCompleteFaultStruct),
    startTime: dateTimeField('StartTime'),
    completeTime: dateTimeField('CompleteTime'),
  }),
  AutonomousTransferCompleteResponse: message<C.AutonomousTransferCompleteResponse>(
    'AutonomousTransferCompleteResponse',
    {},
  ),
  GetRPCMethods: message<C.GetRPCMethods>('GetRPCMethods', {}),
  GetRPCMethodsResponse: message<C.GetRPCMethodsResponse>('GetRPCMethodsResponse', {
    methodList: arrayField('MethodList', XSD_STRING, stringField('string')),
  }),
  RequestDownload: message<C.RequestDownload>('RequestDownload', {
    fileType: stringField('FileType'),
    fileTypeArg: arrayField('FileTypeArg', cwmpType('ArgStruct'), argStruct),
  }),
  RequestDownloadResponse: message<C.RequestDownloadResponse>('RequestDownloadResponse', {}),
  DUStateChangeComplete: message<C.DUStateChangeComplete>('DUStateChangeComplete', {
    results: resultsField('Results', opResultStruct, ['OpResultStruct']),
    commandKey: optional(commandKey),
  }),
  DUStateChangeCompleteResponse: message<C.DUStateChangeCompleteResponse>(
    'DUStateChangeCompleteResponse',
    {},
  ),
  AutonomousDUStateChangeComplete: message<C.AutonomousDUStateChangeComplete>(
    'AutonomousDUStateChangeComplete',
    {
      results: resultsField('Results', autonOpResultStruct, ['AutonOpResultStruct', 'OpResultStruct']),
    },
  ),
  AutonomousDUStateChangeCompleteResponse: message<C.AutonomousDUStateChangeCompleteResponse>(
    'AutonomousDUStateChangeCompleteResponse',
    {},
  ),
  Kicked: message<C.Kicked>('Kicked', {
    command: stringField('Command'),
    referer: stringField('Referer'),
    arg: stringField('Arg'),
    next: stringField('Next'),
  }),
  KickedResponse: message<C.KickedResponse>('KickedResponse', { nextUrl: stringField('NextURL') }),

  // ACS -> CPE, and the CPE's responses
  GetParameterNames: message<A.GetParameterNames>('GetParameterNames', {
    parameterPath: stringField('ParameterPath'),
    nextLevel: booleanField('NextLevel'),
  }),
  GetParameterNamesResponse: message<A.GetParameterNamesResponse>('GetParameterNamesResponse', {
    parameterList: arrayField('ParameterList', cwmpType('ParameterInfoStruct'), parameterInfoStruct),
  }),
  GetParameterValues: message<A.GetParameterValues>('GetParameterValues', { parameterNames }),
  GetParameterValuesResponse: message<A.GetParameterValuesResponse>('GetParameterValuesResponse', {
    parameterList: parameterValueList('ParameterList'),
  }),
  SetParameterValues: message<A.SetParameterValues>('SetParameterValues', {
    parameterList: parameterValueList('ParameterList'),
    parameterKey: stringField('ParameterKey'),
  }),
  SetParameterValuesResponse: message<A.SetParameterValuesResponse>('SetParameterValuesResponse', { status }),
  GetParameterAttributes: message<A.GetParameterAttributes>('GetParameterAttributes', { parameterNames }),
  GetParameterAttributesResponse: message<A.GetParameterAttributesResponse>(
    'GetParameterAttributesResponse',
    {
      parameterList: arrayField(
        'ParameterList',
        cwmpType('ParameterAttributeStruct'),
        parameterAttributeStruct,
      ),
    },
  ),
  SetParameterAttributes: message<A.SetParameterAttributes>('SetParameterAttributes', {
    parameterList: arrayField(
      'ParameterList',
      cwmpType('SetParameterAttributesStruct'),
      setParameterAttributesStruct,
    ),
  }),
  SetParameterAttributesResponse: message<A.SetParameterAttributesResponse>(
    'SetParameterAttributesResponse',
    {},
  ),
  AddObject: message<A.AddObject>('AddObject', {
    objectName: stringField('ObjectName'),
    parameterKey: stringField('ParameterKey'),
  }),
  AddObjectResponse: message<A.AddObjectResponse>('AddObjectResponse', {
    instanceNumber: unsignedIntField('InstanceNumber'),
    status,
  }),
  DeleteObject: message<A.DeleteObject>('DeleteObject', {
    objectName: stringField('ObjectName'),
    parameterKey: stringField('ParameterKey'),
  }),
  DeleteObjectResponse: message<A.DeleteObjectResponse>('DeleteObjectResponse', { status }),
  Reboot: message<A.Reboot>('Reboot', { commandKey }),
  RebootResponse: message<A.RebootResponse>('RebootResponse', {}),
  FactoryReset: message<A.FactoryReset>('FactoryReset', {}),
  FactoryResetResponse: message<A.FactoryResetResponse>('FactoryResetResponse', {}),
  Download: message<A.Download>('Download', {
    commandKey,
    fileType: stringField('FileType'),
    url: stringField('URL'),
    username: stringField('Username'),
    password: stringField('Password'),
    fileSize: unsignedIntField('FileSize'),
    targetFileName: stringField('TargetFileName'),
    delaySeconds: unsignedIntField('DelaySeconds'),
    successUrl: stringField('SuccessURL'),
    failureUrl: stringField('FailureURL'),
  }),
  DownloadResponse: message<A.DownloadResponse>('DownloadResponse', {
    status,
    startTime: dateTimeField('StartTime'),
    completeTime: dateTimeField('CompleteTime'),
  }),
  ScheduleDownload: message<A.ScheduleDownload>('ScheduleDownload', {
    commandKey,
    fileType: stringField('FileType'),
    url: stringField('URL'),
    username: stringField('Username'),
    password: stringField('Password'),
    fileSize: unsignedIntField('FileSize'),
    targetFileName: stringField('TargetFileName'),
    timeWindowList: arrayField('TimeWindowList', cwmpType('TimeWindowStruct'), timeWindowStruct),
  }),
  ScheduleDownloadResponse: message<A.ScheduleDownloadResponse>('ScheduleDownloadResponse', {}),
  Upload: message<A.Upload>('Upload', {
    commandKey,
    fileType: stringField('FileType'),
    url: stringField('URL'),
    username: stringField('Username'),
    password: stringField('Password'),
    delaySeconds: unsignedIntField('DelaySeconds'),
  }),
  UploadResponse: message<A.UploadResponse>('UploadResponse', {
    status,
    startTime: dateTimeField('StartTime'),
    completeTime: dateTimeField('CompleteTime'),
  }),
  ScheduleInform: message<A.ScheduleInform>('ScheduleInform', {
    delaySeconds: unsignedIntField('DelaySeconds'),
    commandKey,
  }),
  ScheduleInformResponse: message<A.ScheduleInformResponse>('ScheduleInformResponse', {}),
  GetQueuedTransfers: message<A.GetQueuedTransfers>('GetQueuedTransfers', {}),
  GetQueuedTransfersResponse: message<A.GetQueuedTransfersResponse>('GetQueuedTransfersResponse', {
    transferList: arrayField('TransferList', cwmpType('QueuedTransferStruct'), queuedTransferStruct),
  }),
  GetAllQueuedTransfers: message<A.GetAllQueuedTransfers>('GetAllQueuedTransfers', {}),
  GetAllQueuedTransfersResponse: message<A.GetAllQueuedTransfersResponse>('GetAllQueuedTransfersResponse', {
    transferList: arrayField('TransferList', cwmpType('AllQueuedTransferStruct'), allQueuedTransferStruct),
  }),
  CancelTransfer: message<A.CancelTransfer>('CancelTransfer', { commandKey }),
  CancelTransferResponse: message<A.CancelTransferResponse>('CancelTransferResponse', {}),
  ChangeDUState: message<A.ChangeDUState>('ChangeDUState', {
    operations: operationsField('Operations'),
    commandKey: optional(commandKey),
  }),
  ChangeDUStateResponse: message<A.ChangeDUStateResponse>('ChangeDUStateResponse', {}),
  GetOptions: message<A.GetOptions>('GetOptions', { optionName: stringField('OptionName') }),
  GetOptionsResponse: message<A.GetOptionsResponse>('GetOptionsResponse', {
    optionList: arrayField('OptionList', cwmpType('OptionStruct'), optionStruct),
  }),
  SetVouchers: message<A.SetVouchers>('SetVouchers', {
    voucherList: arrayField('VoucherList', (w) => `${w.prefixes.enc}:base64`, base64Field('base64')),
  }),
  SetVouchersResponse: message<A.SetVouchersResponse>('SetVouchersResponse', {}),

  // Either direction
  Fault: faultCodec,
};

/** Methods by body element name (cwmp namespace). A Map, so no device-sent name can reach a prototype. */
export const METHOD_CODECS: ReadonlyMap<string, MessageCodec<CwmpMessage>> = new Map(
  (Object.entries(MESSAGE_CODECS) as [CwmpMessageType, MessageCodec<CwmpMessage>][]).filter(
    ([type]) => type !== 'Fault',
  ),
);

/** Every message type, in table order. */
export const MESSAGE_TYPES: readonly CwmpMessageType[] = Object.freeze(
  Object.keys(MESSAGE_CODECS) as CwmpMessageType[],
);
