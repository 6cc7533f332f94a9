import type { AddObject, DeleteObject } from '@headend/cwmp-codec';
import type { CpeState } from '../state.js';
import type { DeviceTree, ParamNode, TreeEdit } from '../tree.js';
import { childrenOf, editTree, isInstanceNumber, lastSegment, nodeAt, parentPath, subtree } from '../tree.js';
import { defaultValue } from '../values.js';
import type { HandlerResult } from './context.js';
import { fault, parameterKeyPath } from './context.js';

function instancesOf(tree: DeviceTree, table: string): number[] {
  return childrenOf(tree, table)
    .map((p) => lastSegment(p))
    .filter(isInstanceNumber)
    .map(Number);
}

/** A multi-instance object ("table") the ACS may add to and delete from. */
function isEditableTable(tree: DeviceTree, node: ParamNode | undefined): node is ParamNode {
  if (node === undefined || !node.object || isInstanceNumber(lastSegment(node.path))) return false;
  if (node.path === tree.base.root) return false;
  const isTable = node.writable || instancesOf(tree, node.path).length > 0;
  // Some dumps record no object writability at all; their tables are then taken as writable.
  return isTable && (node.writable || !tree.base.objectWritabilityKnown);
}

/** Sets the table's <Name>NumberOfEntries counter, when the model has one. */
function countEdit(tree: DeviceTree, table: string, count: number): TreeEdit[] {
  const counter = nodeAt(tree, `${parentPath(table)}${lastSegment(table)}NumberOfEntries`);
  return counter === undefined || counter.object
    ? []
    : [{ op: 'put', node: { ...counter, value: String(count) } }];
}

function keyEdit(tree: DeviceTree, parameterKey: string): TreeEdit[] {
  const key = nodeAt(tree, parameterKeyPath(tree));
  return key === undefined ? [] : [{ op: 'put', node: { ...key, value: parameterKey } }];
}

/** Paths below an instance that belong to nested instances (which a new instance starts without). */
const NESTED_INSTANCE = /(?:^|\.)[1-9][0-9]*\./;

/**
 * TR-069 A.3.2.6: a new instance of a table, shaped like its lowest existing instance (nested tables
 * empty, values at their type's default, TR-181 Alias "cpe-<n>"); its number is never one used before.
 */
export function addObject(state: CpeState, req: AddObject): HandlerResult {
  const { tree } = state;
  const table = nodeAt(tree, req.objectName);
  if (!req.objectName.endsWith('.') || !isEditableTable(tree, table)) {
    return fault(state, 9005, `${req.objectName.slice(0, 256)} is not a writable multi-instance object`);
  }
  const existing = instancesOf(tree, table.path);
  const number = Math.max(state.instanceHighWater.get(table.path) ?? 0, ...existing) + 1;
  const prefix = `${table.path}${number}.`;
  const edits: TreeEdit[] = [];
  const template = existing.length > 0 ? `${table.path}${Math.min(...existing)}.` : undefined;
  if (template === undefined) {
    edits.push({
      op: 'put',
      node: {
        path: prefix,
        object: true,
        writable: true,
        value: '',
        type: '',
        notification: 0,
        accessList: [],
      },
    });
  } else {
    for (const n of subtree(tree, template)) {
      const rel = n.path.slice(template.length);
      if (NESTED_INSTANCE.test(rel)) continue;
      const value = rel === 'Alias' ? `cpe-${number}` : defaultValue(n.type);
      edits.push({ op: 'put', node: { ...n, path: prefix + rel, value, notification: 0, accessList: [] } });
    }
  }
  edits.push(...countEdit(tree, table.path, existing.length + 1), ...keyEdit(tree, req.parameterKey));
  const highWater = new Map(state.instanceHighWater).set(table.path, number);
  return {
    state: { ...state, tree: editTree(tree, edits), instanceHighWater: highWater },
    response: { type: 'AddObjectResponse', instanceNumber: number, status: 0 },
  };
}

/** TR-069 A.3.2.7: removes an instance and everything below it. */
export function deleteObject(state: CpeState, req: DeleteObject): HandlerResult {
  const { tree } = state;
  const instance = nodeAt(tree, req.objectName);
  const table = nodeAt(tree, parentPath(req.objectName));
  if (
    instance === undefined ||
    !instance.object ||
    !req.objectName.endsWith('.') ||
    !isInstanceNumber(lastSegment(instance.path)) ||
    !isEditableTable(tree, table)
  ) {
    return fault(state, 9005, `${req.objectName.slice(0, 256)} is not a deletable object instance`);
  }
  const edits: TreeEdit[] = subtree(tree, instance.path).map((n) => ({ op: 'delete', path: n.path }));
  edits.push(
    ...countEdit(tree, table.path, instancesOf(tree, table.path).length - 1),
    ...keyEdit(tree, req.parameterKey),
  );
  return {
    state: { ...state, tree: editTree(tree, edits) },
    response: { type: 'DeleteObjectResponse', status: 0 },
  };
}
