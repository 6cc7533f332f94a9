import type {
  ArgStruct,
  AutonOpResultStruct,
  DeviceIdStruct,
  EventStruct,
  OpResultStruct,
  ParameterValueStruct,
  TransferCompleteFaultStruct,
} from './structs.js';

/** Methods a CPE calls on the ACS (TR-069 A.3.3, A.4.2), and the ACS's responses. */

export interface Inform {
  readonly type: 'Inform';
  readonly deviceId: DeviceIdStruct;
  readonly event: readonly EventStruct[];
  readonly maxEnvelopes: number;
  /** Raw xsd:dateTime text as sent; see readDateTime. */
  readonly currentTime: string;
  readonly retryCount: number;
  readonly parameterList: readonly ParameterValueStruct[];
}

export interface InformResponse {
  readonly type: 'InformResponse';
  readonly maxEnvelopes: number;
}

export interface TransferComplete {
  readonly type: 'TransferComplete';
  readonly commandKey: string;
  readonly faultStruct: TransferCompleteFaultStruct;
  readonly startTime: string;
  readonly completeTime: string;
}

export interface TransferCompleteResponse {
  readonly type: 'TransferCompleteResponse';
}

export interface AutonomousTransferComplete {
  readonly type: 'AutonomousTransferComplete';
  readonly announceUrl: string;
  readonly transferUrl: string;
  readonly isDownload: boolean;
  readonly fileType: string;
  readonly fileSize: number;
  readonly targetFileName: string;
  readonly faultStruct: TransferCompleteFaultStruct;
  readonly startTime: string;
  readonly completeTime: string;
}

export interface AutonomousTransferCompleteResponse {
  readonly type: 'AutonomousTransferCompleteResponse';
}

/** Either side may call GetRPCMethods. */
export interface GetRPCMethods {
  readonly type: 'GetRPCMethods';
}

export interface GetRPCMethodsResponse {
  readonly type: 'GetRPCMethodsResponse';
  readonly methodList: readonly string[];
}

export interface RequestDownload {
  readonly type: 'RequestDownload';
  readonly fileType: string;
  readonly fileTypeArg: readonly ArgStruct[];
}

export interface RequestDownloadResponse {
  readonly type: 'RequestDownloadResponse';
}

export interface DUStateChangeComplete {
  readonly type: 'DUStateChangeComplete';
  readonly results: readonly OpResultStruct[];
  readonly commandKey?: string | undefined;
}

export interface DUStateChangeCompleteResponse {
  readonly type: 'DUStateChangeCompleteResponse';
}

export interface AutonomousDUStateChangeComplete {
  readonly type: 'AutonomousDUStateChangeComplete';
  readonly results: readonly AutonOpResultStruct[];
}

export interface AutonomousDUStateChangeCompleteResponse {
  readonly type: 'AutonomousDUStateChangeCompleteResponse';
}

/** Deprecated in TR-069 Amendment 5, still decoded. */
export interface Kicked {
  readonly type: 'Kicked';
  readonly command: string;
  readonly referer: string;
  readonly arg: string;
  readonly next: string;
}

export interface KickedResponse {
  readonly type: 'KickedResponse';
  readonly nextUrl: string;
}

export type CpeToAcsMessage =
  | Inform
  | InformResponse
  | TransferComplete
  | TransferCompleteResponse
  | AutonomousTransferComplete
  | AutonomousTransferCompleteResponse
  | GetRPCMethods
  | GetRPCMethodsResponse
  | RequestDownload
  | RequestDownloadResponse
  | DUStateChangeComplete
  | DUStateChangeCompleteResponse
  | AutonomousDUStateChangeComplete
  | AutonomousDUStateChangeCompleteResponse
  | Kicked
  | KickedResponse;
