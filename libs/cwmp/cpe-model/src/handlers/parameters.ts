import type {
  GetParameterAttributes,
  GetParameterNames,
  GetParameterValues,
  ParameterAttributeStruct,
  ParameterInfoStruct,
  ParameterValueStruct,
  SetParameterAttributes,
  SetParameterValues,
  SetParameterValuesFault,
} from '@headend/cwmp-codec';
import { cwmpFault } from '@headend/cwmp-codec';
import type { CpeState } from '../state.js';
import type { ParamNode, TreeEdit } from '../tree.js';
import { childrenOf, editTree, nodeAt, subtree } from '../tree.js';
import { invalidValueReason } from '../values.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { fault, leavesOf, liveValue, parameterFault, parameterKeyPath, resolveName } from './context.js';

/** TR-069 A.3.2.3: a parameter, or an object and (NextLevel false) all below it or (true) its children. */
export function getParameterNames(state: CpeState, req: GetParameterNames): HandlerResult {
  const { tree } = state;
  const node = resolveName(tree, req.parameterPath);
  if (node === undefined) return fault(state, 9005, `${req.parameterPath.slice(0, 256)} does not exist`);
  if (!node.object && req.nextLevel) {
    return fault(state, 9003, 'NextLevel true needs a partial path (ending in ".")');
  }
  let nodes: ParamNode[];
  if (req.parameterPath === '' && req.nextLevel) nodes = [node];
  else if (req.nextLevel) {
    nodes = childrenOf(tree, node.path).flatMap((p) => nodeAt(tree, p) ?? []);
  } else nodes = subtree(tree, node.path);
  const parameterList: ParameterInfoStruct[] = nodes.map((n) => ({ name: n.path, writable: n.writable }));
  return { state, response: { type: 'GetParameterNamesResponse', parameterList } };
}

/** Resolves every name to its leaves, or names the first unknown one. */
function expand(state: CpeState, names: readonly string[]): ParamNode[] | { unknown: string } {
  const out: ParamNode[] = [];
  for (const name of names) {
    const node = resolveName(state.tree, name);
    if (node === undefined) return { unknown: name };
    out.push(...leavesOf(state.tree, node));
  }
  return out;
}

/** TR-069 A.3.2.2: partial paths expand to every parameter below; any unknown name fails the call. */
export function getParameterValues(
  state: CpeState,
  req: GetParameterValues,
  ctx: HandlerContext,
): HandlerResult {
  const leaves = expand(state, req.parameterNames);
  if (!Array.isArray(leaves)) return fault(state, 9005, `${leaves.unknown.slice(0, 256)} does not exist`);
  const parameterList: ParameterValueStruct[] = leaves.map((n) => ({
    name: n.path,
    ...liveValue(state, n, ctx.now),
  }));
  return { state, response: { type: 'GetParameterValuesResponse', parameterList } };
}

/** Why one entry of a SetParameterValues cannot be applied, or undefined. */
function setFault(
  node: ParamNode | undefined,
  pv: ParameterValueStruct,
): SetParameterValuesFault | undefined {
  const f = (faultCode: number, faultString: string): SetParameterValuesFault => ({
    parameterName: pv.name,
    faultCode,
    faultString,
  });
  if (node === undefined || node.object) return f(9005, 'Invalid parameter name');
  if (!node.writable) return f(9008, 'Attempt to set a non-writable parameter');
  if (node.type !== '' && pv.type !== undefined && pv.type !== node.type) {
    return f(9006, `Invalid parameter type: ${node.type} expected`);
  }
  const reason = invalidValueReason(node.type === '' ? (pv.type ?? '') : node.type, pv.value);
  return reason === undefined ? undefined : f(9007, `Invalid parameter value: ${reason}`);
}

/**
 * TR-069 A.3.2.1: all or nothing. Unknown names fault 9005, read-only ones 9008, a wrong xsi:type
 * 9006, a value outside its type 9007; on success the ParameterKey is stored and status is 0.
 */
export function setParameterValues(state: CpeState, req: SetParameterValues): HandlerResult {
  const { tree } = state;
  const seen = new Set<string>();
  for (const pv of req.parameterList) {
    if (seen.has(pv.name)) return fault(state, 9003, `${pv.name.slice(0, 256)} is listed twice`);
    seen.add(pv.name);
  }
  const faults: SetParameterValuesFault[] = [];
  const edits: TreeEdit[] = [];
  for (const pv of req.parameterList) {
    const node = resolveName(tree, pv.name);
    const problem = setFault(node, pv);
    if (problem !== undefined) faults.push(problem);
    else if (node !== undefined) {
      edits.push({ op: 'put', node: { ...node, value: pv.value, type: node.type || (pv.type ?? '') } });
    }
  }
  if (faults.length > 0) return { state, response: parameterFault(faults) };
  const keyNode = nodeAt(tree, parameterKeyPath(tree));
  if (keyNode !== undefined) edits.push({ op: 'put', node: { ...keyNode, value: req.parameterKey } });
  return {
    state: { ...state, tree: editTree(tree, edits) },
    response: { type: 'SetParameterValuesResponse', status: 0 },
  };
}

/** TR-069 A.3.2.5. */
export function getParameterAttributes(state: CpeState, req: GetParameterAttributes): HandlerResult {
  const leaves = expand(state, req.parameterNames);
  if (!Array.isArray(leaves)) return fault(state, 9005, `${leaves.unknown.slice(0, 256)} does not exist`);
  const parameterList: ParameterAttributeStruct[] = leaves.map((n) => ({
    name: n.path,
    notification: n.notification,
    accessList: n.accessList,
  }));
  return { state, response: { type: 'GetParameterAttributesResponse', parameterList } };
}

/** Parameters that change all the time: real devices refuse active notification on them (9009). */
const ACTIVE_NOTIFICATION_DENIED =
  /(?:\.UpTime|\.CurrentLocalTime|\.Stats\.[^.]+|(?:Bytes|Packets)(?:Sent|Received))$/;

/** Notification values an active-style notification request: 2 active, 5/6 active lightweight. */
const ACTIVE = new Set([2, 5, 6]);

/** TR-069 A.3.2.4: all or nothing; partial paths apply to every parameter below. */
export function setParameterAttributes(state: CpeState, req: SetParameterAttributes): HandlerResult {
  // Several entries may touch one parameter; each builds on the previous one's result.
  const pending = new Map<string, ParamNode>();
  for (const s of req.parameterList) {
    const node = resolveName(state.tree, s.name);
    if (node === undefined) return fault(state, 9005, `${s.name.slice(0, 256)} does not exist`);
    if (s.notificationChange && (s.notification < 0 || s.notification > 6)) {
      return fault(state, 9003, `notification ${s.notification} is not 0-6`);
    }
    for (const leaf of leavesOf(state.tree, node)) {
      if (s.notificationChange && ACTIVE.has(s.notification) && ACTIVE_NOTIFICATION_DENIED.test(leaf.path)) {
        return {
          state,
          response: cwmpFault(9009, { faultString: `active notification refused for ${leaf.path}` }),
        };
      }
      const current = pending.get(leaf.path) ?? leaf;
      pending.set(leaf.path, {
        ...current,
        notification: s.notificationChange ? s.notification : current.notification,
        accessList: s.accessListChange ? s.accessList : current.accessList,
      });
    }
  }
  const edits = [...pending.values()].map((node): TreeEdit => ({ op: 'put', node }));
  return {
    state: { ...state, tree: editTree(state.tree, edits) },
    response: { type: 'SetParameterAttributesResponse' },
  };
}
