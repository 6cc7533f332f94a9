import { formatDateTime } from '@headend/cwmp-codec';
import type { HandlerContext } from './handlers/context.js';
import { randomUuid } from './identity.js';
import { randomInt } from './random.js';
import type { CpeState, InitiatedMessage, InitiatedRequest } from './state.js';
import { FIRMWARE_FILE_TYPE, withEvent } from './state.js';
import { valueAt } from './tree.js';

/** The requests a CPE sends of its own accord (TR-069 A.3.3, A.4.2), besides TransferComplete and DUStateChangeComplete. */
export const INITIATED_REQUEST_TYPES = [
  'AutonomousTransferComplete',
  'RequestDownload',
  'Kicked',
  'AutonomousDUStateChangeComplete',
] as const satisfies readonly InitiatedMessage['type'][];

export type InitiatedRequestType = (typeof INITIATED_REQUEST_TYPES)[number];

/** The Inform event that goes with each (TR-069 3.7.1.5). */
export const INITIATED_EVENT_CODES: { readonly [K in InitiatedRequestType]: string } = {
  AutonomousTransferComplete: '10 AUTONOMOUS TRANSFER COMPLETE',
  RequestDownload: '9 REQUEST DOWNLOAD',
  Kicked: '5 KICKED',
  AutonomousDUStateChangeComplete: '12 AUTONOMOUS DU STATE CHANGE COMPLETE',
};

/** Made-up hosts (RFC 6761 .invalid) and the LAN address a browser would reach the device on. */
const FIRMWARE_HOST = 'http://firmware.cpe-sim.invalid';
const APPS_HOST = 'http://apps.cpe-sim.invalid';
const LAN_PORTAL = 'http://192.168.1.1';

interface Initiated {
  readonly message: InitiatedMessage;
  readonly state: CpeState;
}

function softwareVersion(state: CpeState): string {
  return valueAt(state.tree, `${state.tree.base.root}DeviceInfo.SoftwareVersion`) ?? '';
}

function build(state: CpeState, type: InitiatedRequestType, ctx: HandlerContext): Initiated {
  const completeTime = formatDateTime(new Date(ctx.now));
  const startTime = formatDateTime(new Date(ctx.now - randomInt(ctx.random, 10, 120) * 1000));
  switch (type) {
    case 'AutonomousTransferComplete': {
      // The image it booted from came from the vendor's server, not from this ACS.
      const product = encodeURIComponent(state.identity.productClass || 'cpe');
      const file = encodeURIComponent(softwareVersion(state) || 'firmware');
      const message: InitiatedMessage = {
        type,
        announceUrl: '',
        transferUrl: `${FIRMWARE_HOST}/${product}/${file}.bin`,
        isDownload: true,
        fileType: FIRMWARE_FILE_TYPE,
        fileSize: randomInt(ctx.random, 4, 32) * 1024 * 1024,
        targetFileName: '',
        faultStruct: { faultCode: 0, faultString: '' },
        startTime,
        completeTime,
      };
      return { message, state };
    }
    case 'RequestDownload':
      return { message: { type, fileType: FIRMWARE_FILE_TYPE, fileTypeArg: [] }, state };
    case 'Kicked':
      return {
        message: {
          type,
          command: 'login',
          referer: `${LAN_PORTAL}/`,
          arg: '',
          next: `${LAN_PORTAL}/welcome`,
        },
        state,
      };
    case 'AutonomousDUStateChangeComplete': {
      // A unit the device installed by itself (e.g. from its own app store).
      const uuid = randomUuid(ctx.random);
      const units = [...state.deploymentUnits, { uuid, url: `${APPS_HOST}/${uuid}.ipk`, version: '1.0' }];
      const message: InitiatedMessage = {
        type,
        results: [
          {
            uuid,
            deploymentUnitRef: `${state.tree.base.root}SoftwareModules.DeploymentUnit.${units.length}`,
            version: '1.0',
            currentState: 'Installed',
            resolved: true,
            executionUnitRefList: '',
            startTime,
            completeTime,
            fault: { faultCode: 0, faultString: '' },
            operationPerformed: 'Install',
          },
        ],
      };
      return { message, state: { ...state, deploymentUnits: units } };
    }
    default: {
      const never: never = type;
      return never;
    }
  }
}

/**
 * The device decides to send `type` in its next session: the request is queued after any pending
 * TransferComplete / DUStateChangeComplete and its event is added, so a session follows. It is sent
 * once, until the ACS answers it.
 */
export function initiateRequest(state: CpeState, type: InitiatedRequestType, ctx: HandlerContext): CpeState {
  const built = build(state, type, ctx);
  const eventCode = INITIATED_EVENT_CODES[type];
  const request: InitiatedRequest = { eventCode, message: built.message };
  return {
    ...built.state,
    initiatedRequests: [...built.state.initiatedRequests, request],
    events: withEvent(built.state.events, eventCode),
  };
}
