import type { ParamRecord } from './projection.js';

/**
 * The device's parameter tree as the planner works on it: a Map by path (device strings as Map keys,
 * never object keys) plus the set of paths the device said do not exist.
 */
export interface ParamTable {
  readonly byPath: Map<string, ParamRecord>;
  readonly absent: Set<string>;
}

export function tableOf(parameters: readonly ParamRecord[], absent: readonly string[]): ParamTable {
  return { byPath: new Map(parameters.map((p) => [p.path, p])), absent: new Set(absent) };
}

const EMPTY: Omit<ParamRecord, 'path' | 'object'> = {
  writable: null,
  value: null,
  type: null,
  notification: null,
  accessList: null,
  valueAt: null,
};

/** The object paths that contain `path`: 'A.B.C' -> ['A.', 'A.B.']. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('.'); i !== -1 && i < path.length - 1; i = path.indexOf('.', i + 1)) {
    out.push(path.slice(0, i + 1));
  }
  return out;
}

/** Records that a path exists (and its ancestors, as objects), keeping what was known about it. */
export function ensure(table: ParamTable, path: string, patch: Partial<ParamRecord> = {}): void {
  for (const ancestor of ancestorsOf(path)) {
    if (!table.byPath.has(ancestor)) table.byPath.set(ancestor, { path: ancestor, object: true, ...EMPTY });
    table.absent.delete(ancestor);
  }
  const before = table.byPath.get(path);
  table.byPath.set(path, { ...(before ?? { path, object: path.endsWith('.'), ...EMPTY }), ...patch, path });
  table.absent.delete(path);
}

export function setValue(
  table: ParamTable,
  path: string,
  value: string,
  type: string | null,
  at: number,
): void {
  ensure(table, path, { value, type, valueAt: at, object: false });
}

/** Forgets a path and everything under it. */
export function removeSubtree(table: ParamTable, path: string): void {
  for (const key of [...table.byPath.keys()])
    if (key === path || key.startsWith(path)) table.byPath.delete(key);
  if (!path.endsWith('.')) return;
  for (const key of [...table.absent]) if (key.startsWith(path)) table.absent.delete(key);
}

/** Records that the device says a path does not exist (fault 9005). */
export function markAbsent(table: ParamTable, path: string): void {
  removeSubtree(table, path);
  table.absent.add(path);
}

/** 'no' when the device said the path (or an object above it) does not exist. */
export function existence(table: ParamTable, path: string): 'yes' | 'no' | 'unknown' {
  if (table.byPath.has(path)) return 'yes';
  if (table.absent.has(path)) return 'no';
  for (const ancestor of ancestorsOf(path)) if (table.absent.has(ancestor)) return 'no';
  return 'unknown';
}

/**
 * Folds a GetParameterNames answer for `path`: everything listed exists (with its writability), and
 * what the ACS knew under `path` but the device no longer lists is forgotten (all of it below `path`
 * for a full listing, the direct children for nextLevel).
 */
export function foldNames(
  table: ParamTable,
  path: string,
  nextLevel: boolean,
  list: readonly { readonly name: string; readonly writable: boolean }[],
): void {
  const listed = new Set(list.map((p) => p.name));
  const base = path === '' || path.endsWith('.') ? path : null;
  if (base !== null) {
    for (const key of [...table.byPath.keys()]) {
      if (key === base || !key.startsWith(base) || listed.has(key)) continue;
      const isChild = childName(base, key) !== null;
      if (!nextLevel || isChild) removeSubtree(table, key);
    }
  }
  for (const { name, writable } of list) if (name !== '') ensure(table, name, { writable });
  if (base !== null && base !== '') table.absent.delete(base);
}

/** The direct child segment of `key` under `base` ('A.' + 'A.B.' -> 'B'), null when not a direct child. */
function childName(base: string, key: string): string | null {
  const rest = key.slice(base.length);
  const dot = rest.indexOf('.');
  return dot === -1 || dot === rest.length - 1 ? rest.replace(/\.$/, '') : null;
}

/** Instance numbers known under a multi-instance object ('Device.WiFi.SSID.' -> [1, 2]). */
export function instancesOf(table: ParamTable, objectPath: string): number[] {
  const out: number[] = [];
  for (const key of table.byPath.keys()) {
    if (!key.startsWith(objectPath) || key === objectPath) continue;
    const rest = key.slice(objectPath.length);
    const match = /^(\d+)\.$/.exec(rest);
    if (match) out.push(Number(match[1]));
  }
  return out.sort((a, b) => a - b);
}

/** Known concrete paths matching a pattern whose '*' segments match any one segment. */
export function expand(table: ParamTable, pattern: string): string[] {
  if (!pattern.includes('*')) return table.byPath.has(pattern) ? [pattern] : [];
  const parts = pattern.split('.');
  const out: string[] = [];
  for (const key of table.byPath.keys()) {
    const segments = key.split('.');
    if (segments.length !== parts.length) continue;
    if (parts.every((part, i) => part === '*' || part === segments[i])) out.push(key);
  }
  return out.sort();
}

/** Leaf parameters known under `path` ('' = all). */
export function leavesUnder(table: ParamTable, path: string): string[] {
  const out: string[] = [];
  for (const [key, record] of table.byPath) if (!record.object && key.startsWith(path)) out.push(key);
  return out;
}
