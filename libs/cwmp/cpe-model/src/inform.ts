import type { Inform, ParameterValueStruct } from '@headend/cwmp-codec';
import { formatDateTime } from '@headend/cwmp-codec';
import { liveValue } from './handlers/context.js';
import type { CpeState } from './state.js';
import { withEvent } from './state.js';
import type { BaseTree } from './tree.js';
import { editTree, nodeAt } from './tree.js';

/** Forced Inform parameters (cwmp-constants.json forcedInformParameters), relative to the root. */
const FORCED_TR181 = [
  'RootDataModelVersion',
  'DeviceInfo.HardwareVersion',
  'DeviceInfo.SoftwareVersion',
  'DeviceInfo.ProvisioningCode',
  'ManagementServer.ParameterKey',
  'ManagementServer.ConnectionRequestURL',
  'ManagementServer.AliasBasedAddressing',
];
const FORCED_TR098 = [
  'DeviceSummary',
  'DeviceInfo.HardwareVersion',
  'DeviceInfo.SoftwareVersion',
  'DeviceInfo.SpecVersion',
  'DeviceInfo.ProvisioningCode',
  'ManagementServer.ParameterKey',
  'ManagementServer.ConnectionRequestURL',
  'ManagementServer.AliasBasedAddressing',
];

const WAN_ADDRESS =
  /^InternetGatewayDevice\.WANDevice\.\d+\.WANConnectionDevice\.\d+\.WAN(?:IP|PPP)Connection\.\d+\.ExternalIPAddress$/;

const defaultWanCache = new WeakMap<BaseTree, string | null>();

/** TR-098's "default connection": taken as the first WAN connection with an ExternalIPAddress. */
function defaultWanAddress(base: BaseTree): string | undefined {
  let cached = defaultWanCache.get(base);
  if (cached === undefined) {
    cached = null;
    for (const path of base.nodes.keys()) {
      if (WAN_ADDRESS.test(path)) {
        cached = path;
        break;
      }
    }
    defaultWanCache.set(base, cached);
  }
  return cached ?? undefined;
}

/** The forced Inform parameters the device's model has, for its root (TR-098 or TR-181). */
export function forcedInformPaths(base: BaseTree): string[] {
  if (base.root === 'InternetGatewayDevice.') {
    const wan = defaultWanAddress(base);
    return [...FORCED_TR098.map((p) => base.root + p), ...(wan === undefined ? [] : [wan])];
  }
  return FORCED_TR181.map((p) => base.root + p);
}

/**
 * The Inform the device sends now: its DeviceId, the undelivered events, MaxEnvelopes 1, the current
 * time, the retry count, and the forced parameters plus those whose change it reports.
 */
export function buildInform(state: CpeState, now: number): Inform {
  const names = [...new Set([...forcedInformPaths(state.tree.base), ...state.valueChanges])];
  const parameterList: ParameterValueStruct[] = [];
  for (const name of names) {
    const node = nodeAt(state.tree, name);
    if (node !== undefined && !node.object) parameterList.push({ name, ...liveValue(state, node, now) });
  }
  return {
    type: 'Inform',
    deviceId: state.identity,
    // Passive changes carry 4 VALUE CHANGE too, in whichever Inform they ride along.
    event: state.valueChanges.length > 0 ? withEvent(state.events, '4 VALUE CHANGE') : state.events,
    maxEnvelopes: 1,
    currentTime: formatDateTime(new Date(now)),
    retryCount: state.retryCount,
    parameterList,
  };
}

/**
 * A value that changed on the device itself (not by the ACS). With notification 1 (passive) it rides
 * along in the next Inform; with 2 (active) it also causes one, with 4 VALUE CHANGE.
 */
export function changeValueLocally(state: CpeState, path: string, value: string): CpeState {
  const node = nodeAt(state.tree, path);
  if (node === undefined || node.object) return state;
  const tree = editTree(state.tree, [{ op: 'put', node: { ...node, value } }]);
  if (node.notification === 0) return { ...state, tree };
  const valueChanges = state.valueChanges.includes(path) ? state.valueChanges : [...state.valueChanges, path];
  const events = node.notification === 2 ? withEvent(state.events, '4 VALUE CHANGE') : state.events;
  return { ...state, tree, valueChanges, events };
}
