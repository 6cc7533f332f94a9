/**
 * fast-check arbitraries for planner properties (tests only): presets and tasks over the real
 * parameter trees of the bundled device dumps, with some paths and values the devices refuse mixed in.
 */
import fc from 'fast-check';
import type { ParamNode } from '@headend/cpe-model';
import type { Task } from '@headend/events';
import type { FileRecord } from '../presets.js';
import { PARAMETER_KEY } from '../presets.js';
import { World } from './world.js';

/** The four real device dumps (the data-model trees are generated, not dumps). */
export const DUMP_MODELS = ['bm632w', 'huawei-eg8145v5', 'tplink-ec220-g5', 'tplink-xx230v'] as const;
export type DumpModel = (typeof DUMP_MODELS)[number];

const FIRMWARE = '1 Firmware Upgrade Image';

/** A good image (installs V2), one that installs another version than it claims, one without a URL. */
export const FILES: ReadonlyMap<string, FileRecord> = new Map([
  [
    'fw-good',
    {
      id: 'fw-good',
      name: 'good',
      fileType: FIRMWARE,
      length: 10,
      url: 'http://f.example/V2.bin',
      version: 'V2',
    },
  ],
  [
    'fw-lying',
    {
      id: 'fw-lying',
      name: 'lying',
      fileType: FIRMWARE,
      length: 10,
      url: 'http://f.example/V3.bin',
      version: 'V4',
    },
  ],
  ['fw-nourl', { id: 'fw-nourl', name: 'nourl', fileType: FIRMWARE, length: 10, url: null, version: 'V5' }],
]);

/** What a model's tree offers to draw from. */
export interface ModelPaths {
  readonly model: DumpModel;
  readonly root: string;
  readonly leaves: readonly ParamNode[];
  /** Multi-instance objects the ACS may add to, with the leaf names of their instances. */
  readonly tables: readonly { readonly path: string; readonly names: readonly string[] }[];
  /** Existing instances ('X.2.'). */
  readonly instances: readonly string[];
  /** Small objects worth a refresh. */
  readonly objects: readonly string[];
}

const INSTANCE = /^[1-9][0-9]*$/;
const NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$/;
const cache = new Map<DumpModel, ModelPaths>();

export function modelPaths(model: DumpModel): ModelPaths {
  const known = cache.get(model);
  if (known !== undefined) return known;
  const base = new World(model).cpe.tree.base;
  const nodes = [...base.nodes.values()];
  // Only names a preset may spell (some dumps have names the path syntax does not allow).
  const leaves = nodes.filter((n) => !n.object && NAME.test(n.path) && !n.path.startsWith('DeviceID.'));
  const tables: { path: string; names: string[] }[] = [];
  const instances: string[] = [];
  for (const node of nodes) {
    if (!node.object) continue;
    const children = base.children.get(node.path) ?? [];
    const numbered = children.filter((c) => INSTANCE.test(c.slice(node.path.length, -1)));
    instances.push(...numbered);
    const first = numbered[0];
    if (first === undefined || !NAME.test(`${node.path}x`)) continue;
    if (!(node.writable || !base.objectWritabilityKnown)) continue;
    const names = (base.children.get(first) ?? [])
      .filter((c) => !c.endsWith('.') && NAME.test(c))
      .map((c) => c.slice(first.length));
    if (names.length > 0) tables.push({ path: node.path, names });
  }
  const objects = nodes
    .filter((n) => n.object && NAME.test(`${n.path}x`) && (base.children.get(n.path)?.length ?? 0) > 0)
    .map((n) => n.path)
    .filter((p) => leaves.filter((l) => l.path.startsWith(p)).length <= 60);
  const paths: ModelPaths = { model, root: base.root, leaves, tables, instances, objects };
  cache.set(model, paths);
  return paths;
}

/** A value for a leaf: what it has (already holds), another fitting value, or one it refuses. */
function valueFor(node: ParamNode): fc.Arbitrary<string | number | boolean> {
  switch (node.type) {
    case 'xsd:boolean':
      return fc.constantFrom<string | number | boolean>(true, false, node.value, 'maybe');
    case 'xsd:unsignedInt':
    case 'xsd:int':
      return fc.constantFrom<string | number | boolean>(60, 3600, node.value, -5, 'often');
    default:
      return fc.constantFrom<string | number | boolean>('headend', node.value, 'x y z');
  }
}

const GHOSTS = (root: string) => [`${root}No.Such`, `${root}DeviceInfo.Nothing`, `${root}Ghost.1.Name`];

/** A configuration over the model's tree (some on paths it lacks). */
function configuration(paths: ModelPaths): fc.Arbitrary<Record<string, unknown>> {
  const leaf = fc.constantFrom(...paths.leaves);
  // Every leaf but the ParameterKey, which compilePreset refuses to set.
  const settable = fc.constantFrom(...paths.leaves.filter((n) => !PARAMETER_KEY.test(n.path)));
  const ghost = fc.constantFrom(...GHOSTS(paths.root));
  const tables = paths.tables.length > 0 ? paths.tables : [{ path: `${paths.root}Ghost.`, names: ['Name'] }];
  const table = fc.constantFrom(...tables);
  // Key and values name distinct parameters (compilePreset refuses the others).
  const keyed = table.chain((t) =>
    fc.subarray([...t.names], { minLength: 1, maxLength: Math.min(2, t.names.length) }).chain((keyNames) => {
      const rest = t.names.filter((n) => !keyNames.includes(n));
      const value = fc.constantFrom<string | number | boolean>(true, 7, 'v');
      return fc.record({
        object: fc.constant(t.path),
        key: fc.tuple(
          ...keyNames.map((name) => fc.constantFrom('guest', 'iot').map((v) => ({ name, value: v }))),
        ),
        values: fc
          .subarray(rest, { maxLength: Math.min(2, rest.length) })
          .chain((names) => fc.tuple(...names.map((name) => value.map((v) => ({ name, value: v }))))),
      });
    }),
  );
  return fc.oneof(
    {
      arbitrary: settable.chain((n) => valueFor(n).map((value) => ({ kind: 'value', path: n.path, value }))),
      weight: 4,
    },
    { arbitrary: ghost.map((path) => ({ kind: 'value', path, value: 'x' })), weight: 1 },
    { arbitrary: keyed.map((k) => ({ kind: 'instance', ...k })), weight: 2 },
    { arbitrary: keyed.map(({ object, key }) => ({ kind: 'noInstance', object, key })), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('softwareVersion'),
        version: fc.constantFrom('V2', 'V4'),
        fileId: fc.constantFrom(...FILES.keys()),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('notification'),
        path: fc.oneof(
          leaf.map((n) => n.path),
          ghost,
        ),
        notification: fc.integer({ min: 0, max: 2 }),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('tag'),
        tag: fc.constantFrom('a', 'b'),
        present: fc.boolean(),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('refresh'),
        path: fc.constantFrom(...paths.objects.slice(0, 40)),
        everySeconds: fc.constantFrom(60, 3600),
      }),
      weight: 1,
    },
    { arbitrary: fc.constant({ kind: 'reboot' }), weight: 1 },
  );
}

/** The parameter paths a configuration may change on the device. */
function written(config: Record<string, unknown>, root: string): (path: string) => boolean {
  switch (config['kind']) {
    case 'value':
      return (path) => path === config['path'];
    case 'instance':
    case 'noInstance':
      return (path) => path.startsWith(String(config['object']));
    case 'softwareVersion':
      return (path) => path === `${root}DeviceInfo.SoftwareVersion`;
    default:
      return () => false;
  }
}

/**
 * A precondition over real parameters (never one a preset of the same draw writes, nor the ever
 * changing UpTime), the tags, and the session's events: see the property for why.
 */
function precondition(paths: ModelPaths, stable: readonly ParamNode[]): fc.Arbitrary<unknown> {
  const pool = stable.length > 0 ? stable : paths.leaves.slice(0, 1);
  const onParameter = fc.constantFrom(...pool).chain((n) =>
    fc.oneof(
      fc.constant({ [n.path]: n.value }),
      fc.constant({ [n.path]: { $ne: n.value } }),
      fc.boolean().map(($exists) => ({ [n.path]: { $exists } })),
    ),
  );
  const onGhost = fc.constantFrom(...GHOSTS(paths.root)).map((path) => ({ [path]: { $exists: false } }));
  const onTags = fc.constantFrom('a', 'b').map((tag) => ({ Tags: tag }));
  const onEvents = fc.constantFrom('1 BOOT', '2 PERIODIC', '0 BOOTSTRAP').map((code) => ({ Events: code }));
  const atom = fc.oneof(onParameter, onGhost, onTags, onEvents);
  return fc.oneof(
    { arbitrary: fc.constant({}), weight: 3 },
    { arbitrary: atom, weight: 3 },
    { arbitrary: fc.tuple(atom, atom).map(([a, b]) => ({ $or: [a, b] })), weight: 1 },
    { arbitrary: atom.map(($not) => ({ $not })), weight: 1 },
  );
}

export interface PresetDraft {
  readonly id: string;
  readonly definition: { precondition: unknown; priority: number; configurations: Record<string, unknown>[] };
}

/**
 * Presets for one model: configurations first, then preconditions that read none of what they
 * write, and tag configurations only in presets whose precondition does not read tags.
 */
export function presets(paths: ModelPaths): fc.Arbitrary<PresetDraft[]> {
  return fc
    .array(fc.array(configuration(paths), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
    .map(withoutKeyRewrites)
    .chain((lists) => {
      const writes = lists.flat().map((c) => written(c, paths.root));
      const stable = paths.leaves.filter(
        (n) => !n.path.endsWith('.UpTime') && !writes.some((w) => w(n.path)),
      );
      return fc.tuple(
        ...lists.map((configurations, i) =>
          fc
            .record({ precondition: precondition(paths, stable), priority: fc.integer({ min: 0, max: 3 }) })
            .map(({ precondition: pre, priority }): PresetDraft => {
              const readsTags = JSON.stringify(pre).includes('"Tags"');
              const kept = readsTags ? configurations.filter((c) => c['kind'] !== 'tag') : configurations;
              const safe = kept.length > 0 ? kept : [{ kind: 'tag', tag: 'a', present: true }];
              return {
                id: `p${i}`,
                definition: {
                  precondition: readsTags && kept.length === 0 ? {} : pre,
                  priority,
                  configurations: safe,
                },
              };
            }),
        ),
      );
    });
}

type Named = { name: string };

/**
 * Leaves out instance values that would rewrite the key of another instance configuration of the
 * same table: one preset would take the other's instance and change its key, and the other would add
 * a new one. Like contradictory preconditions, a configuration error to refuse when presets are saved.
 */
function withoutKeyRewrites(lists: Record<string, unknown>[][]): Record<string, unknown>[][] {
  const instances = lists.flat().filter((c) => c['kind'] === 'instance');
  const keyNames = (c: Record<string, unknown>) =>
    new Set(
      instances
        .filter((d) => d !== c && d['object'] === c['object'])
        .flatMap((d) => (d['key'] as Named[]).map((k) => k.name)),
    );
  return lists.map((list) =>
    list.map((c) => {
      if (c['kind'] !== 'instance') return c;
      const others = keyNames(c);
      return { ...c, values: (c['values'] as Named[]).filter((v) => !others.has(v.name)) };
    }),
  );
}

/** Operator tasks over the model's tree. */
export function tasks(paths: ModelPaths): fc.Arbitrary<Task[]> {
  const leaf = fc.constantFrom(...paths.leaves);
  const names = fc.array(
    fc.oneof(
      leaf.map((n) => n.path),
      fc.constantFrom(...GHOSTS(paths.root)),
    ),
    { minLength: 1, maxLength: 3 },
  );
  const tables = paths.tables.length > 0 ? paths.tables.map((t) => t.path) : [`${paths.root}Ghost.`];
  const instances = paths.instances.length > 0 ? paths.instances : [`${paths.root}Ghost.1.`];
  const task: fc.Arbitrary<Task> = fc.oneof(
    names.map((parameterNames): Task => ({ name: 'getParameterValues', parameterNames })),
    fc
      .constantFrom(...paths.objects.slice(0, 40))
      .map((objectName): Task => ({ name: 'refreshObject', objectName })),
    leaf.chain((n) =>
      valueFor(n).map((value): Task => ({
        name: 'setParameterValues',
        parameterValues: [{ name: n.path, value: String(value), type: null }],
      })),
    ),
    fc
      .constantFrom(...tables)
      .map((objectName): Task => ({ name: 'addObject', objectName, parameterValues: [] })),
    fc.constantFrom(...instances).map((objectName): Task => ({ name: 'deleteObject', objectName })),
    fc
      .constantFrom(...FILES.keys())
      .map((fileId): Task => ({ name: 'download', fileId, fileType: FIRMWARE, targetFileName: null })),
    fc.constant<Task>({ name: 'reboot' }),
    fc.constant<Task>({ name: 'factoryReset' }),
    fc.integer({ min: 0, max: 30 }).map((delaySeconds): Task => ({ name: 'scheduleInform', delaySeconds })),
    fc.constant<Task>({ name: 'upload', fileType: '1 Vendor Configuration File' }),
  );
  return fc.array(task, { maxLength: 3 });
}
