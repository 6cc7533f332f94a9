import type { AcsRequest } from '@headend/cwmp-session';
import { evaluate, referencedPaths } from '@headend/provisioning-query';
import type { QueryTarget } from '@headend/provisioning-query';
import { fingerprint, shortKey } from './hash.js';
import { existence, expand, instancesOf, leavesUnder } from './params.js';
import type { Configuration, Preset } from './presets.js';
import { typeOf, valueText } from './presets.js';
import type { Origin, SessionContext } from './projection.js';
import { rebootHeld } from './reboots.js';
import { downloadRequest } from './tasks.js';
import { installedVersion } from './transfers.js';
import type { Working } from './working.js';
import type { ChangeKind, Needs, Want } from './needs.js';
import { add, changesOf, dropChanges, dropHeld, emptyNeeds, wantValue } from './needs.js';

export interface Candidate {
  readonly request: AcsRequest;
  readonly origin: Origin;
  /** Replaces the session's follow-up when this candidate is chosen (null clears it). */
  readonly followUp?: SessionContext['followUp'];
}

const origin = (presetIds: Iterable<string>, extra: Partial<Origin> = {}): Origin => ({
  taskId: null,
  presetIds: [...new Set(presetIds)].sort(),
  refresh: null,
  once: null,
  ...extra,
});

/** The view of the device a precondition is evaluated against. */
export function queryTarget(w: Working): QueryTarget {
  const { device, table } = w;
  return {
    value: (path) => {
      const record = table.byPath.get(path);
      return record?.value == null ? undefined : { value: record.value, type: record.type };
    },
    expand: (pattern) => expand(table, pattern),
    identity: { id: device._id, ...device.identity },
    tags: new Set(device.tags),
    events: new Set(device.session?.events ?? []),
  };
}

/**
 * The RPCs that change a device, and the kinds of change a fault on each refuses.
 * An instance's values are set right after its AddObject, so their fault refuses the instance too.
 */
const REFUSES: ReadonlyMap<string, readonly ChangeKind[]> = new Map<string, readonly ChangeKind[]>([
  ['SetParameterValues', ['set', 'add']],
  ['SetParameterAttributes', ['notify']],
  ['AddObject', ['add']],
  ['DeleteObject', ['delete']],
  ['Download', ['download']],
]);

interface Matching {
  /** Presets whose precondition holds, by priority (highest first). */
  readonly matching: Preset[];
  /** Presets backing off a fault: matching, they keep their say but send nothing. */
  readonly backingOff: ReadonlySet<string>;
  /** Presets backing off a change the device refused, matching or not, with what the fault refuses. */
  readonly refused: { preset: Preset; kinds: readonly ChangeKind[] }[];
}

function matchingPresets(w: Working, needs: Needs): Matching {
  const now = w.ctx.now;
  const faults = new Map(w.device.faults.filter((f) => f.notBefore > now).map((f) => [f.scope, f.method]));
  const target = queryTarget(w);
  const matching: Preset[] = [];
  const backingOff = new Set<string>();
  const refused: Matching['refused'] = [];
  const ordered = [...w.ctx.presets].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1));
  for (const preset of ordered) {
    const method = faults.get(`preset:${preset.id}`);
    const result = evaluate(preset.precondition, target);
    if (result === true) matching.push(preset);
    if (method === undefined && result === 'unknown')
      for (const path of referencedPaths(preset.precondition)) need(w, needs, path);
    if (method !== undefined) backingOff.add(preset.id);
    // Whether it matches now or not: the device refused the change all the same.
    const kinds = method === undefined ? undefined : REFUSES.get(method);
    if (kinds !== undefined) refused.push({ preset, kinds });
  }
  return { matching, backingOff, refused };
}

/** Learns a precondition's parameter: read its value, or list the instances a wildcard spans. */
function need(w: Working, needs: Needs, path: string): void {
  const star = path.indexOf('*');
  if (star === -1) {
    if (existence(w.table, path) !== 'no' && w.table.byPath.get(path)?.value == null)
      add(needs.reads, path, null);
    return;
  }
  const object = path.slice(0, star);
  if (listedAt(w, object, false) === null) add(needs.lists, object, null);
  else for (const concrete of expand(w.table, path)) need(w, needs, concrete);
}

/**
 * When the object's children (deep: its whole subtree) were last listed, by a listing of the object
 * itself or a deep listing of anything above it; null when never.
 */
function listedAt(w: Working, object: string, deep: boolean): number | null {
  let at: number | null = null;
  for (const r of w.device.refreshed) {
    const covers = r.deep ? object.startsWith(r.path) : !deep && r.path === object;
    if (covers && (at === null || r.at > at)) at = r.at;
  }
  return at;
}

function sameValue(current: string, type: string | null, want: string): boolean {
  if (current === want) return true;
  if (type === 'xsd:boolean') return truth(current) !== null && truth(current) === truth(want);
  return false;
}

function truth(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  return t === '1' || t === 'true' ? true : t === '0' || t === 'false' ? false : null;
}

function configure(w: Working, needs: Needs, preset: Preset, config: Configuration): void {
  const { table } = w;
  const device = w.device;
  const id = preset.id;
  switch (config.kind) {
    case 'value':
      wantValue(
        needs,
        config.path,
        { value: valueText(config.value), type: typeOf(config.value, config.type) },
        id,
      );
      return;
    case 'instance':
    case 'noInstance': {
      if (listedAt(w, config.object, false) === null) return add(needs.lists, config.object, id);
      const keyOf = (n: number, name: string) => `${config.object}${n}.${name}`;
      const instances = instancesOf(table, config.object);
      let unknown = false;
      for (const n of instances) {
        for (const k of config.key) {
          if (table.byPath.get(keyOf(n, k.name))?.value == null) {
            unknown = true;
            if (existence(table, keyOf(n, k.name)) !== 'no') add(needs.reads, keyOf(n, k.name), id);
          }
        }
      }
      if (unknown) return;
      const matches = instances.filter((n) =>
        config.key.every((k) => {
          const record = table.byPath.get(keyOf(n, k.name));
          return record?.value != null && sameValue(record.value, record.type, valueText(k.value));
        }),
      );
      if (config.kind === 'noInstance') {
        needs.forbidden.push({
          object: config.object,
          key: config.key.map((k) => [k.name, valueText(k.value)]),
        });
        for (const n of matches) {
          const instance = `${config.object}${n}.`;
          if (!needs.kept.has(instance)) needs.deletes.push({ object: instance, presetId: id });
        }
        return;
      }
      const found = matches[0];
      if (found === undefined) {
        const list = [...config.key, ...config.values].map((v) => ({
          name: v.name,
          value: valueText(v.value),
          type: typeOf(v.value, 'type' in v ? (v.type as string | undefined) : undefined),
        }));
        const would = new Map(list.map((v) => [v.name, v.value]));
        const forbid = (f: Needs['forbidden'][number]) =>
          f.object === config.object && f.key.every(([name, value]) => would.get(name) === value);
        if (needs.forbidden.some(forbid)) return;
        const key = JSON.stringify(config.key.map((k) => [k.name, valueText(k.value)]));
        const same = needs.adds.find((a) => a.object === config.object && a.key === key);
        if (same === undefined) needs.adds.push({ object: config.object, key, list, presetIds: [id] });
        else if (!same.presetIds.includes(id)) same.presetIds.push(id);
        return;
      }
      needs.kept.add(`${config.object}${found}.`);
      for (const v of config.values) {
        const path = keyOf(found, v.name);
        wantValue(needs, path, { value: valueText(v.value), type: typeOf(v.value, v.type) }, id);
      }
      return;
    }
    case 'softwareVersion': {
      if (device.root === null || needs.version !== null) return;
      needs.version = config.version;
      const path = `${device.root}DeviceInfo.SoftwareVersion`;
      const current = table.byPath.get(path)?.value;
      if (current == null) return add(needs.reads, path, id);
      // One transfer at a time: another one in flight may well install the version wanted. A file
      // that says it installs another version is not fetched (as one without a URL): it cannot help.
      // So is one whose download here was seen to install another version (transfers.ts).
      const declared = installedVersion(w, config.fileId) ?? w.ctx.files.get(config.fileId)?.version ?? null;
      const useless = declared !== null && declared !== config.version;
      if (current !== config.version && device.transfers.length === 0 && !useless)
        needs.downloads.push({ fileId: config.fileId, presetId: id });
      return;
    }
    case 'notification': {
      if (existence(table, config.path) === 'no') return;
      const current = table.byPath.get(config.path)?.notification;
      if (current == null) return add(needs.attributeReads, config.path, id);
      // The first (highest-priority) preset has the say, also when its value already holds.
      if (!needs.attributeWrites.has(config.path))
        needs.attributeWrites.set(config.path, { notification: config.notification, presetId: id });
      return;
    }
    case 'tag': {
      const has = device.tags.includes(config.tag);
      if (config.present && !has) device.tags = [...device.tags, config.tag].sort();
      if (!config.present && has) device.tags = device.tags.filter((t) => t !== config.tag);
      return;
    }
    case 'refresh': {
      const path = config.path === '' ? (device.root ?? '') : config.path;
      const at = listedAt(w, path, true);
      if (at === null || at + config.everySeconds * 1000 <= w.ctx.now) return add(needs.refreshes, path, id);
      for (const leaf of leavesUnder(table, path)) {
        const record = table.byPath.get(leaf);
        if (record !== undefined && (record.valueAt === null || record.valueAt < at))
          add(needs.reads, leaf, id);
      }
      return;
    }
    case 'reboot': {
      const once = `reboot:${id}:${preset.revision}`;
      if (!device.done.includes(once)) needs.reboots.push({ once, presetId: id });
      return;
    }
    default:
      config satisfies never;
  }
}

/** Every RPC the presets want now, cheapest knowledge first, writes after reads, reboots last. */
export function* presetCandidates(w: Working): Generator<Candidate> {
  const needs = emptyNeeds();
  const { matching, backingOff, refused } = matchingPresets(w, needs);
  // Tags too: they cost no RPC and cannot fault, so a preset backing off still has them.
  for (const preset of matching) {
    for (const config of preset.configurations) configure(w, needs, preset, config);
  }
  // A preset backing off keeps its rank: a lower one does not take its parameter, instance or version
  // meanwhile (only to have it taken back when the back-off ends), and work it shares waits with it.
  dropHeld(needs, backingOff);
  // So does any change a preset backing off a refusal wants, whether it matches now or not: the
  // device refused it (or one sent with it), and another preset wanting it does not make it worth
  // sending sooner. (Each on its own: what one wants does not depend on what another does.)
  const waiting = refused.flatMap(({ preset, kinds }) => {
    const scratch = emptyNeeds();
    for (const config of preset.configurations)
      if (config.kind !== 'tag') configure(w, scratch, preset, config);
    return [...changesOf(scratch, kinds)];
  });
  dropChanges(needs, new Set(waiting));
  // A value to write that is not known yet is read first (and skipped when the device lacks it).
  const writes = new Map<string, Want>();
  for (const [path, want] of needs.writes) {
    if (existence(w.table, path) === 'no') continue;
    const record = w.table.byPath.get(path);
    if (record?.value == null) for (const id of want.presetIds) add(needs.reads, path, id);
    else if (record.writable !== false && !sameValue(record.value, record.type, want.value)) {
      writes.set(path, { ...want, type: record.type ?? want.type });
    }
  }

  for (const [object, ids] of needs.lists) {
    yield {
      request: { type: 'GetParameterNames', parameterPath: object, nextLevel: true },
      origin: origin(ids),
    };
  }
  for (const [path, ids] of needs.refreshes) {
    const request: AcsRequest = { type: 'GetParameterNames', parameterPath: path, nextLevel: false };
    yield { request, origin: origin(ids, { refresh: path }) };
  }
  yield* reads(w, needs.reads, 'GetParameterValues');
  yield* reads(w, needs.attributeReads, 'GetParameterAttributes');
  if (writes.size > 0) {
    const list = [...writes].map(([name, want]) => ({ name, value: want.value, type: want.type }));
    const request: AcsRequest = { type: 'SetParameterValues', parameterList: list, parameterKey: 'headend' };
    const owners = [...writes].flatMap(([name, want]) =>
      want.presetIds.map((presetId) => ({ name, presetId })),
    );
    yield {
      request,
      origin: origin(
        [...writes.values()].flatMap((v) => v.presetIds),
        { owners },
      ),
    };
  }
  for (const { object, list, presetIds } of needs.adds) {
    const followUp = { object, instance: null, parameterList: list, presetIds };
    // Keyed by the instance wanted: two instances of one table are two different requests.
    const parameterKey = shortKey('headend:', fingerprint(JSON.stringify(list)));
    yield {
      request: { type: 'AddObject', objectName: object, parameterKey },
      origin: origin(presetIds),
      followUp,
    };
  }
  for (const { object, presetId } of needs.deletes) {
    yield {
      request: { type: 'DeleteObject', objectName: object, parameterKey: 'headend' },
      origin: origin([presetId]),
    };
  }
  const entries = [...needs.attributeWrites].filter(
    ([path, a]) => w.table.byPath.get(path)?.notification !== a.notification,
  );
  if (entries.length > 0) {
    const request: AcsRequest = {
      type: 'SetParameterAttributes',
      parameterList: entries.map(([name, a]) => ({
        name,
        notificationChange: true,
        notification: a.notification,
        accessListChange: false,
        accessList: [],
      })),
    };
    yield { request, origin: origin(entries.map(([, a]) => a.presetId)) };
  }
  for (const { fileId, presetId } of needs.downloads) {
    const file = w.ctx.files.get(fileId);
    if (file?.url == null) continue;
    const request = downloadRequest(shortKey('preset:', presetId), file.url, file.fileType, file.length, '');
    yield { request, origin: origin([presetId]) };
  }
  // One Reboot at a time (reboots.ts): a preset's waits for the device to be back from another.
  for (const { once, presetId } of rebootHeld(w) ? [] : needs.reboots) {
    yield {
      request: { type: 'Reboot', commandKey: shortKey('preset:', presetId) },
      origin: origin([presetId], { once }),
    };
  }
}

/**
 * Reads in as few requests as the chunk size allows. Names of a request that faulted 9005 without
 * saying which name is bad are read by halves (the smallest such group first), which finds the bad
 * name in a logarithmic number of reads; should a batch fault otherwise, the names are read one by one.
 */
function* reads(
  w: Working,
  wanted: Map<string, Set<string>>,
  type: 'GetParameterValues' | 'GetParameterAttributes',
): Generator<Candidate> {
  const idsOf = (some: readonly string[]) => some.flatMap((n) => [...(wanted.get(n) ?? [])]);
  const read = (some: string[]): Candidate => ({
    request: { type, parameterNames: some },
    origin: origin(idsOf(some)),
  });
  const groups = (w.device.session?.suspect ?? [])
    .map((group) => group.names.filter((n) => wanted.has(n)).sort())
    .filter((group) => group.length > 0)
    .sort((a, b) => a.length - b.length);
  const suspect = new Set(groups.flat());
  const all = [...wanted.keys()].sort();
  const names = all.filter((n) => !suspect.has(n));
  const chunk = w.ctx.policy.valuesPerRequest;
  for (let i = 0; i < names.length; i += chunk) yield read(names.slice(i, i + chunk));
  const smallest = groups[0];
  if (smallest !== undefined) yield read(smallest.slice(0, Math.ceil(smallest.length / 2)));
  if (all.length > 1 || suspect.size > 0) for (const name of all) yield read([name]);
}
