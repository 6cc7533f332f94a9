import type { CwmpMessage, Fault, SetParameterValuesFault } from '@headend/cwmp-codec';
import { cwmpFault } from '@headend/cwmp-codec';
import type { RandomSource } from '../random.js';
import type { CpeState } from '../state.js';
import type { DeviceTree, ParamNode } from '../tree.js';
import { nodeAt, subtree } from '../tree.js';
import { reportedType } from '../values.js';

/** Time and randomness, given to every handler so that a session can be replayed. */
export interface HandlerContext {
  /** ms since the epoch. */
  readonly now: number;
  readonly random: RandomSource;
}

/** A handler's decision: the device's next state and what it answers. */
export interface HandlerResult {
  readonly state: CpeState;
  readonly response: CwmpMessage;
}

export function fault(state: CpeState, code: number, faultString?: string): HandlerResult {
  return { state, response: cwmpFault(code, faultString === undefined ? {} : { faultString }) };
}

/**
 * The fault of a request with per-parameter errors: the common code when they agree, otherwise 9003
 * Invalid arguments, with one entry per parameter (TR-069 A.3.2.1).
 */
export function parameterFault(entries: readonly SetParameterValuesFault[]): Fault {
  const first = entries[0]?.faultCode ?? 9003;
  const code = entries.every((e) => e.faultCode === first) ? first : 9003;
  return cwmpFault(code, { setParameterValuesFault: entries });
}

/**
 * The node a request names: '' is the root object, a name ending in '.' an object (partial path),
 * any other name a parameter. Undefined when the name does not denote what it looks like.
 */
export function resolveName(tree: DeviceTree, name: string): ParamNode | undefined {
  const node = nodeAt(tree, name === '' ? tree.base.root : name);
  if (node === undefined) return undefined;
  return node.object === (name === '' || name.endsWith('.')) ? node : undefined;
}

/** The parameters a name covers: itself, or every parameter below a partial path. */
export function leavesOf(tree: DeviceTree, node: ParamNode): ParamNode[] {
  return node.object ? subtree(tree, node.path).filter((n) => !n.object) : [node];
}

/** A leaf's value as the device would report it now: some values are live, not stored. */
export function liveValue(state: CpeState, node: ParamNode, now: number): { value: string; type: string } {
  if (node.path.endsWith('.DeviceInfo.UpTime')) {
    return { value: String(Math.max(0, Math.floor((now - state.bootedAt) / 1000))), type: 'xsd:unsignedInt' };
  }
  return { value: node.value, type: reportedType(node.type) };
}

/** The ParameterKey parameter of the device's root data model. */
export function parameterKeyPath(tree: DeviceTree): string {
  return `${tree.base.root}ManagementServer.ParameterKey`;
}
