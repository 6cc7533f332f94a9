/** A value to write; the presets wanting it, the highest-priority first (a fault is theirs alike). */
export type Want = { value: string; type: string; presetIds: string[] };

/**
 * What the matching presets need of a device in one planning step, gathered before any RPC is chosen:
 * reads, writes, instances to add or delete, downloads, reboots.
 */
export interface Needs {
  readonly lists: Map<string, Set<string>>;
  readonly refreshes: Map<string, Set<string>>;
  readonly reads: Map<string, Set<string>>;
  readonly attributeReads: Map<string, Set<string>>;
  readonly writes: Map<string, Want>;
  readonly attributeWrites: Map<string, { notification: number; presetId: string }>;
  readonly adds: {
    object: string;
    /** The wanted key values, as text: presets wanting the same instance share one AddObject. */
    key: string;
    list: { name: string; value: string; type: string }[];
    presetIds: string[];
  }[];
  readonly deletes: { object: string; presetId: string }[];
  /**
   * Instances an 'instance' configuration keeps, and the keys a 'noInstance' one forbids, so far in
   * priority order: a lower-priority preset does not delete the one nor add the other (else the two
   * would add and delete an instance every session).
   */
  readonly kept: Set<string>;
  readonly forbidden: { object: string; key: [string, string][] }[];
  readonly downloads: { fileId: string; presetId: string }[];
  /** The software version wanted, by the highest-priority preset that has a say (one value, like any). */
  version: string | null;
  readonly reboots: { once: string; presetId: string }[];
}

export const add = (map: Map<string, Set<string>>, key: string, presetId: string | null) => {
  const set = map.get(key) ?? new Set<string>();
  if (presetId !== null) set.add(presetId);
  map.set(key, set);
};

/** The highest-priority preset's value wins; a lower one wanting the same value shares its fate. */
export function wantValue(needs: Needs, path: string, want: Omit<Want, 'presetIds'>, presetId: string): void {
  const before = needs.writes.get(path);
  if (before === undefined) needs.writes.set(path, { ...want, presetIds: [presetId] });
  else if (before.value === want.value && !before.presetIds.includes(presetId))
    before.presetIds.push(presetId);
}

export function emptyNeeds(): Needs {
  return {
    lists: new Map(),
    refreshes: new Map(),
    reads: new Map(),
    attributeReads: new Map(),
    writes: new Map(),
    attributeWrites: new Map(),
    adds: [],
    deletes: [],
    kept: new Set(),
    forbidden: [],
    downloads: [],
    reboots: [],
    version: null,
  };
}

// How changesOf spells each kind of change.
const setChange = (path: string, want: Want) => `set ${path}=${want.value}`;
const notifyChange = (path: string, a: { notification: number }) => `notify ${path}=${a.notification}`;
const addChange = (a: Needs['adds'][number]) => `add ${a.object}${a.key}`;
const deleteChange = (d: { object: string }) => `delete ${d.object}`;
const downloadChange = (d: { fileId: string }) => `download ${d.fileId}`;

export type ChangeKind = 'set' | 'add' | 'delete' | 'notify' | 'download';
const KINDS: readonly ChangeKind[] = ['set', 'add', 'delete', 'notify', 'download'];

/** The changes (not the reads) of these kinds that needs would make, each spelled as one string. */
export function changesOf(needs: Needs, kinds: readonly ChangeKind[] = KINDS): Set<string> {
  const of = <T>(kind: ChangeKind, items: T[], spell: (item: T) => string) =>
    kinds.includes(kind) ? items.map(spell) : [];
  return new Set([
    ...of('set', [...needs.writes], ([path, want]) => setChange(path, want)),
    ...of('add', needs.adds, addChange),
    ...of('delete', needs.deletes, deleteChange),
    ...of('notify', [...needs.attributeWrites], ([path, a]) => notifyChange(path, a)),
    ...of('download', needs.downloads, downloadChange),
  ]);
}

/** Removes from needs the changes listed in `drop`. */
export function dropChanges(needs: Needs, drop: ReadonlySet<string>): void {
  if (drop.size === 0) return;
  for (const [path, want] of needs.writes) if (drop.has(setChange(path, want))) needs.writes.delete(path);
  for (const [path, a] of needs.attributeWrites)
    if (drop.has(notifyChange(path, a))) needs.attributeWrites.delete(path);
  removeWhere(needs.adds, (a) => drop.has(addChange(a)));
  removeWhere(needs.deletes, (d) => drop.has(deleteChange(d)));
  removeWhere(needs.downloads, (d) => drop.has(downloadChange(d)));
}

/**
 * Removes the work of presets backing off (`held`): what only they want, and every change they
 * share. Their claims (a parameter's value, an instance kept, the software version) stay in force.
 */
export function dropHeld(needs: Needs, held: ReadonlySet<string>): void {
  if (held.size === 0) return;
  const some = (ids: Iterable<string>) => [...ids].some((id) => held.has(id));
  for (const map of [needs.lists, needs.refreshes, needs.reads, needs.attributeReads])
    for (const [key, ids] of map) if (ids.size > 0 && [...ids].every((id) => held.has(id))) map.delete(key);
  for (const [path, want] of needs.writes) if (some(want.presetIds)) needs.writes.delete(path);
  for (const [path, a] of needs.attributeWrites) if (held.has(a.presetId)) needs.attributeWrites.delete(path);
  removeWhere(needs.adds, (a) => some(a.presetIds));
  removeWhere(needs.deletes, (d) => held.has(d.presetId));
  removeWhere(needs.downloads, (d) => held.has(d.presetId));
  removeWhere(needs.reboots, (r) => held.has(r.presetId));
}

function removeWhere<T>(list: T[], drop: (item: T) => boolean): void {
  const kept = list.filter((item) => !drop(item));
  list.splice(0, list.length, ...kept);
}
