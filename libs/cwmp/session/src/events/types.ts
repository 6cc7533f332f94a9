import type {
  AutonomousDUStateChangeComplete,
  AutonomousTransferComplete,
  DUStateChangeComplete,
  Kicked,
  MessageOf,
  RequestDownload,
  TransferComplete,
} from '@headend/cwmp-codec';
import type { AcsMethod, DeviceTime, Fault, ParameterValueStruct } from '@headend/events';
import type { z } from 'zod';

/** The ACS -> CPE requests (one per AcsMethod) and the CPE's responses to them, as codec messages. */
export type AcsRequest = MessageOf<AcsMethod>;
export type CpeResponse = MessageOf<`${AcsMethod}Response`>;

/** Requests a CPE makes inside a session, each recorded as an event (GetRPCMethods is only answered). */
export type RecordedCpeRequest =
  | TransferComplete
  | AutonomousTransferComplete
  | RequestDownload
  | DUStateChangeComplete
  | AutonomousDUStateChangeComplete
  | Kicked;

/** Where an event sits: device, session and its sequence number in the session. */
export interface EventPlace {
  readonly deviceId: string;
  readonly sessionId: string;
  readonly sequence: number;
}

/** The catalogue's shapes, as the data the mapping builds. */
export type RecordedTime = z.infer<typeof DeviceTime>;
export type RecordedFault = z.infer<typeof Fault>;
export type RecordedParameter = z.infer<typeof ParameterValueStruct>;

export function unreachable(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}
