import type { DumpRow } from './csv.js';

/**
 * A device's parameter tree. The loaded model (BaseTree) is shared by every simulated device of that
 * model; each device holds only its differences (DeviceTree), so ten thousand 6,400-parameter devices
 * cost ten thousand small maps, not 64 million nodes. Paths are TR-069 names: objects end with '.'.
 */
export interface ParamNode {
  readonly path: string;
  readonly object: boolean;
  readonly writable: boolean;
  readonly value: string;
  /** e.g. 'xsd:unsignedInt'; '' for objects and for leaves whose type the dump did not record. */
  readonly type: string;
  readonly notification: number;
  readonly accessList: readonly string[];
}

export interface BaseTree {
  /** 'Device.' or 'InternetGatewayDevice.' */
  readonly root: string;
  readonly nodes: ReadonlyMap<string, ParamNode>;
  /** Object path -> child paths in dump order; '' -> [root]. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** False when the dump marks no object writable (the exporter did not record it): AddObject is then allowed on every table. */
  readonly objectWritabilityKnown: boolean;
}

export interface DeviceTree {
  readonly base: BaseTree;
  /** Overrides of base nodes and nodes added since; null marks a deleted node. */
  readonly changed: ReadonlyMap<string, ParamNode | null>;
  /** Children added under an object since the dump, in creation order. */
  readonly added: ReadonlyMap<string, readonly string[]>;
}

export type TreeEdit =
  { readonly op: 'put'; readonly node: ParamNode } | { readonly op: 'delete'; readonly path: string };

/** The object a path belongs to: 'A.B.' for 'A.B.c' and for 'A.B.C.'; '' for the root object. */
export function parentPath(path: string): string {
  const end = path.endsWith('.') ? path.length - 2 : path.length - 1;
  const dot = path.lastIndexOf('.', end);
  return dot < 0 ? '' : path.slice(0, dot + 1);
}

/** The last name segment, without the trailing '.'. */
export function lastSegment(path: string): string {
  const trimmed = path.endsWith('.') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('.') + 1);
}

export function isInstanceNumber(segment: string): boolean {
  return /^[1-9][0-9]{0,9}$/.test(segment);
}

function objectNode(path: string, writable: boolean): ParamNode {
  return { path, object: true, writable, value: '', type: '', notification: 0, accessList: [] };
}

/** Builds the shared tree of a model; parents the dump omits are created as read-only objects. */
export function buildBaseTree(rows: readonly DumpRow[]): BaseTree {
  const nodes = new Map<string, ParamNode>();
  const children = new Map<string, string[]>();
  const link = (node: ParamNode): void => {
    if (nodes.has(node.path)) return;
    const parent = parentPath(node.path);
    if (parent !== '' && !nodes.has(parent)) link(objectNode(parent, false));
    nodes.set(node.path, node);
    const siblings = children.get(parent);
    if (siblings === undefined) children.set(parent, [node.path]);
    else siblings.push(node.path);
  };
  let objectWritabilityKnown = false;
  for (const row of rows) {
    const path = row.object ? `${row.path}.` : row.path;
    if (row.object && row.writable) objectWritabilityKnown = true;
    link({
      path,
      object: row.object,
      writable: row.writable,
      value: row.object ? '' : row.value,
      type: row.object ? '' : row.type,
      notification: row.notification,
      accessList: row.accessList,
    });
  }
  const roots = children.get('') ?? [];
  const root = roots[0];
  if (root === undefined || roots.length !== 1) {
    throw new Error(`a device tree needs exactly one root object, found ${roots.length}`);
  }
  return { root, nodes, children, objectWritabilityKnown };
}

export function deviceTreeOf(base: BaseTree): DeviceTree {
  return { base, changed: new Map(), added: new Map() };
}

export function nodeAt(tree: DeviceTree, path: string): ParamNode | undefined {
  const changed = tree.changed.get(path);
  if (changed !== undefined) return changed ?? undefined;
  return tree.base.nodes.get(path);
}

export function childrenOf(tree: DeviceTree, objectPath: string): string[] {
  const out: string[] = [];
  for (const p of tree.base.children.get(objectPath) ?? []) if (tree.changed.get(p) !== null) out.push(p);
  for (const p of tree.added.get(objectPath) ?? []) if (tree.changed.get(p) !== null) out.push(p);
  return out;
}

/** The node at `path` and every descendant, depth first in tree order. */
export function subtree(tree: DeviceTree, path: string): ParamNode[] {
  const start = nodeAt(tree, path);
  if (start === undefined) return [];
  const out: ParamNode[] = [];
  const stack: ParamNode[] = [start];
  while (stack.length > 0) {
    const node = stack.pop() as ParamNode;
    out.push(node);
    if (!node.object) continue;
    const kids = childrenOf(tree, node.path);
    for (let i = kids.length - 1; i >= 0; i--) {
      const child = nodeAt(tree, kids[i] as string);
      if (child !== undefined) stack.push(child);
    }
  }
  return out;
}

/** Applies edits as one step and returns the new tree; the input is not changed. */
export function editTree(tree: DeviceTree, edits: readonly TreeEdit[]): DeviceTree {
  if (edits.length === 0) return tree;
  const changed = new Map(tree.changed);
  const added = new Map(tree.added);
  for (const edit of edits) {
    if (edit.op === 'put') {
      const { path } = edit.node;
      const known = tree.base.nodes.has(path) || changed.has(path);
      if (!known || changed.get(path) === null) {
        // A node new to this device (or re-created after a delete): list it under its parent.
        const parent = parentPath(path);
        const inBase = tree.base.children.get(parent)?.includes(path) ?? false;
        const list = added.get(parent) ?? [];
        if (!inBase && !list.includes(path)) added.set(parent, [...list, path]);
      }
      changed.set(path, edit.node);
    } else if (tree.base.nodes.has(edit.path)) {
      changed.set(edit.path, null);
    } else {
      changed.delete(edit.path);
      const parent = parentPath(edit.path);
      const list = added.get(parent);
      if (list !== undefined)
        added.set(
          parent,
          list.filter((p) => p !== edit.path),
        );
    }
  }
  return { base: tree.base, changed, added };
}

/** The value of a leaf, or undefined when the path is unknown or an object. */
export function valueAt(tree: DeviceTree, path: string): string | undefined {
  const node = nodeAt(tree, path);
  return node === undefined || node.object ? undefined : node.value;
}

/** Sets leaf values that exist (identity variation, dynamic values); unknown paths are skipped. */
export function withValues(tree: DeviceTree, values: ReadonlyMap<string, string>): DeviceTree {
  const edits: TreeEdit[] = [];
  for (const [path, value] of values) {
    const node = nodeAt(tree, path);
    if (node !== undefined && !node.object) edits.push({ op: 'put', node: { ...node, value } });
  }
  return editTree(tree, edits);
}
