import type {
  AllQueuedTransferStruct,
  OperationStruct,
  OptionStruct,
  ParameterAttributeStruct,
  ParameterInfoStruct,
  ParameterValueStruct,
  QueuedTransferStruct,
  SetParameterAttributesStruct,
  TimeWindowStruct,
} from './structs.js';

/** Methods the ACS calls on a CPE (TR-069 A.3.2, A.4.1), and the CPE's responses. GetRPCMethods is in cpe-to-acs.ts. */

export interface GetParameterNames {
  readonly type: 'GetParameterNames';
  readonly parameterPath: string;
  readonly nextLevel: boolean;
}

export interface GetParameterNamesResponse {
  readonly type: 'GetParameterNamesResponse';
  readonly parameterList: readonly ParameterInfoStruct[];
}

export interface GetParameterValues {
  readonly type: 'GetParameterValues';
  readonly parameterNames: readonly string[];
}

export interface GetParameterValuesResponse {
  readonly type: 'GetParameterValuesResponse';
  readonly parameterList: readonly ParameterValueStruct[];
}

export interface SetParameterValues {
  readonly type: 'SetParameterValues';
  readonly parameterList: readonly ParameterValueStruct[];
  readonly parameterKey: string;
}

export interface SetParameterValuesResponse {
  readonly type: 'SetParameterValuesResponse';
  /** 0 applied, 1 applied but not yet effective (e.g. reboot needed). */
  readonly status: number;
}

export interface GetParameterAttributes {
  readonly type: 'GetParameterAttributes';
  readonly parameterNames: readonly string[];
}

export interface GetParameterAttributesResponse {
  readonly type: 'GetParameterAttributesResponse';
  readonly parameterList: readonly ParameterAttributeStruct[];
}

export interface SetParameterAttributes {
  readonly type: 'SetParameterAttributes';
  readonly parameterList: readonly SetParameterAttributesStruct[];
}

export interface SetParameterAttributesResponse {
  readonly type: 'SetParameterAttributesResponse';
}

export interface AddObject {
  readonly type: 'AddObject';
  readonly objectName: string;
  readonly parameterKey: string;
}

export interface AddObjectResponse {
  readonly type: 'AddObjectResponse';
  readonly instanceNumber: number;
  readonly status: number;
}

export interface DeleteObject {
  readonly type: 'DeleteObject';
  readonly objectName: string;
  readonly parameterKey: string;
}

export interface DeleteObjectResponse {
  readonly type: 'DeleteObjectResponse';
  readonly status: number;
}

export interface Reboot {
  readonly type: 'Reboot';
  readonly commandKey: string;
}

export interface RebootResponse {
  readonly type: 'RebootResponse';
}

export interface FactoryReset {
  readonly type: 'FactoryReset';
}

export interface FactoryResetResponse {
  readonly type: 'FactoryResetResponse';
}

export interface Download {
  readonly type: 'Download';
  readonly commandKey: string;
  readonly fileType: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly fileSize: number;
  readonly targetFileName: string;
  readonly delaySeconds: number;
  readonly successUrl: string;
  readonly failureUrl: string;
}

export interface DownloadResponse {
  readonly type: 'DownloadResponse';
  readonly status: number;
  readonly startTime: string;
  readonly completeTime: string;
}

export interface ScheduleDownload {
  readonly type: 'ScheduleDownload';
  readonly commandKey: string;
  readonly fileType: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly fileSize: number;
  readonly targetFileName: string;
  readonly timeWindowList: readonly TimeWindowStruct[];
}

export interface ScheduleDownloadResponse {
  readonly type: 'ScheduleDownloadResponse';
}

export interface Upload {
  readonly type: 'Upload';
  readonly commandKey: string;
  readonly fileType: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly delaySeconds: number;
}

export interface UploadResponse {
  readonly type: 'UploadResponse';
  readonly status: number;
  readonly startTime: string;
  readonly completeTime: string;
}

export interface ScheduleInform {
  readonly type: 'ScheduleInform';
  readonly delaySeconds: number;
  readonly commandKey: string;
}

export interface ScheduleInformResponse {
  readonly type: 'ScheduleInformResponse';
}

export interface GetQueuedTransfers {
  readonly type: 'GetQueuedTransfers';
}

export interface GetQueuedTransfersResponse {
  readonly type: 'GetQueuedTransfersResponse';
  readonly transferList: readonly QueuedTransferStruct[];
}

export interface GetAllQueuedTransfers {
  readonly type: 'GetAllQueuedTransfers';
}

export interface GetAllQueuedTransfersResponse {
  readonly type: 'GetAllQueuedTransfersResponse';
  readonly transferList: readonly AllQueuedTransferStruct[];
}

export interface CancelTransfer {
  readonly type: 'CancelTransfer';
  readonly commandKey: string;
}

export interface CancelTransferResponse {
  readonly type: 'CancelTransferResponse';
}

export interface ChangeDUState {
  readonly type: 'ChangeDUState';
  readonly operations: readonly OperationStruct[];
  readonly commandKey?: string | undefined;
}

export interface ChangeDUStateResponse {
  readonly type: 'ChangeDUStateResponse';
}

export interface GetOptions {
  readonly type: 'GetOptions';
  readonly optionName: string;
}

export interface GetOptionsResponse {
  readonly type: 'GetOptionsResponse';
  readonly optionList: readonly OptionStruct[];
}

export interface SetVouchers {
  readonly type: 'SetVouchers';
  /** Each voucher as base64 text. */
  readonly voucherList: readonly string[];
}

export interface SetVouchersResponse {
  readonly type: 'SetVouchersResponse';
}

export type AcsToCpeMessage =
  | GetParameterNames
  | GetParameterNamesResponse
  | GetParameterValues
  | GetParameterValuesResponse
  | SetParameterValues
  | SetParameterValuesResponse
  | GetParameterAttributes
  | GetParameterAttributesResponse
  | SetParameterAttributes
  | SetParameterAttributesResponse
  | AddObject
  | AddObjectResponse
  | DeleteObject
  | DeleteObjectResponse
  | Reboot
  | RebootResponse
  | FactoryReset
  | FactoryResetResponse
  | Download
  | DownloadResponse
  | ScheduleDownload
  | ScheduleDownloadResponse
  | Upload
  | UploadResponse
  | ScheduleInform
  | ScheduleInformResponse
  | GetQueuedTransfers
  | GetQueuedTransfersResponse
  | GetAllQueuedTransfers
  | GetAllQueuedTransfersResponse
  | CancelTransfer
  | CancelTransferResponse
  | ChangeDUState
  | ChangeDUStateResponse
  | GetOptions
  | GetOptionsResponse
  | SetVouchers
  | SetVouchersResponse;
