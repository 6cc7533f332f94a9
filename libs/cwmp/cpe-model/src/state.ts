import type {
  AutonomousDUStateChangeComplete,
  AutonomousTransferComplete,
  CwmpNamespace,
  EventStruct,
  Kicked,
  OpResultStruct,
  OptionStruct,
  RequestDownload,
} from '@headend/cwmp-codec';
import { ACS_METHODS } from '@headend/events';
import type { DeviceIdentity } from './identity.js';
import type { DeviceTree } from './tree.js';

/** Every ACS -> CPE method (TR-069 A.3.1, A.3.2, A.4.1): the event catalogue's list. */
export const ACS_RPC_NAMES = ACS_METHODS;

export type AcsRpcName = (typeof ACS_RPC_NAMES)[number];

/** What a typical current CPE supports: everything but the deprecated voucher RPCs. */
export const DEFAULT_SUPPORTED_RPCS: ReadonlySet<AcsRpcName> = new Set(
  ACS_RPC_NAMES.filter((m) => m !== 'GetOptions' && m !== 'SetVouchers'),
);

/** Behaviours of real devices that an ACS has to live with. */
export interface CpeQuirks {
  /** Ignores Set-Cookie: every request of a session arrives without a Cookie header. */
  readonly noCookies: boolean;
  /** Emits no XML declaration, and fails the session when the ACS sends one. */
  readonly noXmlDeclaration: boolean;
  /** Answers a 401 with Basic only, even when the ACS offers Digest. */
  readonly basicAuthOnly: boolean;
  /** Sends no SOAP Header, hence no cwmp:ID. */
  readonly noSoapHeader: boolean;
}

export const NO_QUIRKS: CpeQuirks = {
  noCookies: false,
  noXmlDeclaration: false,
  basicAuthOnly: false,
  noSoapHeader: false,
};

/**
 * A fault the device is told to answer with, for tests of an ACS's fault handling and retry policy:
 * requests of `method` that touch `path` (a partial path ending in '.' covers everything below it;
 * no path: every request of the method) are answered with CWMP fault `code`, the first `times` of
 * them (no times: all of them). Counted per device, across sessions.
 */
export interface InjectedFault {
  readonly method: AcsRpcName;
  readonly path?: string | undefined;
  readonly code: number;
  readonly times?: number | undefined;
}

export interface CpeConfig {
  readonly supportedRpcs: ReadonlySet<AcsRpcName>;
  readonly quirks: CpeQuirks;
  /** The cwmp namespace the device speaks. */
  readonly namespace: CwmpNamespace;
  /** How long a simulated file transfer takes, [min, max] seconds. */
  readonly transferSeconds: readonly [number, number];
  /** How long a reboot keeps the device silent. */
  readonly bootSeconds: number;
  /** Probability that a transfer fails (fault 9010 download, 9011 upload); decided when it is queued. */
  readonly transferFaultRate: number;
  /** What GetOptions reports. */
  readonly options: readonly OptionStruct[];
  /** Faults answered instead of the real result, in order of precedence (see InjectedFault). */
  readonly injectedFaults: readonly InjectedFault[];
}

export const DEFAULT_CPE_CONFIG: CpeConfig = {
  supportedRpcs: DEFAULT_SUPPORTED_RPCS,
  quirks: NO_QUIRKS,
  namespace: 'urn:dslforum-org:cwmp-1-0',
  transferSeconds: [2, 10],
  bootSeconds: 5,
  transferFaultRate: 0,
  options: [],
  injectedFaults: [],
};

export const FIRMWARE_FILE_TYPE = '1 Firmware Upgrade Image';
export const CONFIG_FILE_TYPE = '3 Vendor Configuration File';

export interface Transfer {
  readonly kind: 'download' | 'upload';
  readonly commandKey: string;
  readonly fileType: string;
  readonly url: string;
  readonly fileSize: number;
  readonly targetFileName: string;
  /** The method that queued it, for the 'M ...' event of its completion. */
  readonly method: 'Download' | 'ScheduleDownload' | 'Upload';
  readonly startAt: number;
  readonly completeAt: number;
  /** Decided when queued (so a replay gives the same outcome); 0 is success. */
  readonly faultCode: number;
}

/** A finished transfer whose TransferComplete the ACS has not acknowledged yet. */
export interface TransferResult {
  readonly commandKey: string;
  readonly faultCode: number;
  readonly faultString: string;
  readonly startTime: string;
  readonly completeTime: string;
}

export interface DeploymentUnit {
  readonly uuid: string;
  readonly url: string;
  readonly version: string;
}

/** A finished ChangeDUState whose DUStateChangeComplete the ACS has not acknowledged yet. */
export interface DuChangeResult {
  readonly commandKey: string;
  readonly results: readonly OpResultStruct[];
}

/** A request the device sends of its own accord, not to report an ACS request's outcome. */
export type InitiatedMessage =
  AutonomousTransferComplete | RequestDownload | Kicked | AutonomousDUStateChangeComplete;

/** One such request not yet answered by the ACS, with the event code that announces it in the Inform. */
export interface InitiatedRequest {
  readonly eventCode: string;
  readonly message: InitiatedMessage;
}

export interface CpeState {
  readonly identity: DeviceIdentity;
  readonly config: CpeConfig;
  readonly tree: DeviceTree;
  /** The tree as first started (identity included), what FactoryReset returns to. */
  readonly initialTree: DeviceTree;
  /** False until a session with 0 BOOTSTRAP has succeeded. */
  readonly bootstrapped: boolean;
  /** When the device (last) finished booting, ms since the epoch; UpTime counts from here. */
  readonly bootedAt: number;
  /** Events not yet delivered in a successful Inform. */
  readonly events: readonly EventStruct[];
  /** Parameters whose change is reported with 4 VALUE CHANGE. */
  readonly valueChanges: readonly string[];
  readonly transfers: readonly Transfer[];
  readonly transferResults: readonly TransferResult[];
  readonly duResults: readonly DuChangeResult[];
  readonly initiatedRequests: readonly InitiatedRequest[];
  readonly deploymentUnits: readonly DeploymentUnit[];
  readonly scheduledInforms: readonly { readonly at: number; readonly commandKey: string }[];
  /** Highest instance number ever used per table, so a deleted instance's number is not reused. */
  readonly instanceHighWater: ReadonlyMap<string, number>;
  /** What happens when the current session ends. */
  readonly afterSession: { readonly reboot?: { readonly commandKey: string }; readonly factoryReset?: true };
  /** Consecutive failed session attempts (Inform RetryCount). */
  readonly retryCount: number;
  /** How often each of config.injectedFaults has fired (by index); kept across sessions and resets. */
  readonly faultsInjected: readonly number[];
}

/** TR-069 allows at most 64 EventStructs in an Inform. */
const MAX_EVENTS = 64;

/**
 * Adds an event: single events (0 BOOTSTRAP ... 14 HEARTBEAT) are not repeated, 'M' and 'X' events
 * accumulate with their command keys (TR-069 3.7.1.5).
 */
export function withEvent(events: readonly EventStruct[], eventCode: string, commandKey = ''): EventStruct[] {
  const multiple = eventCode.startsWith('M ') || eventCode.startsWith('X ');
  if (!multiple && events.some((e) => e.eventCode === eventCode)) return [...events];
  if (multiple && events.some((e) => e.eventCode === eventCode && e.commandKey === commandKey)) {
    return [...events];
  }
  const next = [...events, { eventCode, commandKey }];
  return next.length > MAX_EVENTS ? next.slice(next.length - MAX_EVENTS) : next;
}

export function hasEvent(state: CpeState, eventCode: string): boolean {
  return state.events.some((e) => e.eventCode === eventCode);
}
