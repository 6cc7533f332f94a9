/**
 * Device trees from a data model definition (TR-181 Device:2, TR-098 InternetGatewayDevice:1) rather
 * than from a real device's dump: every object and parameter the model defines, each multi-instance
 * object with one instance, values at the model's default or their type's. The definitions in
 * models/ were extracted from the Broadband Forum's XML by apps/cpe-sim/src/tools/extract-datamodel.ts.
 *
 * The definition CSV: Path,Object,Writable,Type,Default,Notification. Paths are the model's, with
 * '{i}' for instance numbers; objects end with '.'.
 */
import type { CwmpNamespace } from '@headend/cwmp-codec';
import type { DumpRow } from './csv.js';
import { DeviceCsvError, parseCsvRecords } from './csv.js';
import type { DeviceIdentity } from './identity.js';
import type { CpeModel } from './models.js';
import { buildBaseTree } from './tree.js';

/** One object or parameter of a data model. */
export interface DataModelEntry {
  /** e.g. 'Device.IP.Interface.{i}.' (object) or 'Device.IP.Interface.{i}.Enable'. */
  readonly path: string;
  readonly object: boolean;
  /** Objects: whether the ACS may add and delete instances (a table); parameters: readWrite. */
  readonly writable: boolean;
  /** 'xsd:...'; '' for objects. */
  readonly type: string;
  /** The value a fresh device has. */
  readonly defaultValue: string;
  /** Default notification: 2 when the model forces active notification on by default. */
  readonly notification: number;
}

const HEADER = ['Path', 'Object', 'Writable', 'Type', 'Default', 'Notification'] as const;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatDataModelCsv(entries: readonly DataModelEntry[]): string {
  const lines = [HEADER.join(',')];
  for (const e of entries) {
    const cells = [
      e.path,
      String(e.object),
      String(e.writable),
      e.type,
      e.defaultValue,
      String(e.notification),
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function parseDataModelCsv(text: string): DataModelEntry[] {
  const [header, ...records] = parseCsvRecords(text);
  if (header === undefined) throw new DeviceCsvError('the data model CSV is empty');
  const col = HEADER.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new DeviceCsvError(`the data model CSV has no "${name}" column`);
    return index;
  });
  const cell = (r: readonly string[], i: number): string => r[col[i] ?? -1] ?? '';
  return records
    .filter((r) => cell(r, 0) !== '')
    .map((r) => ({
      path: cell(r, 0),
      object: cell(r, 1) === 'true',
      writable: cell(r, 2) === 'true',
      type: cell(r, 3),
      defaultValue: cell(r, 4),
      notification: Number(cell(r, 5)) || 0,
    }));
}

const INSTANCE = '{i}';

/**
 * The rows of a device that has `instances` instances of every table (nested ones too, so the
 * count multiplies with depth; 1 keeps the tree the size of the model). `values` override the
 * defaults by instantiated path. `<Table>NumberOfEntries` counts the instances, and TR-181 `Alias`
 * parameters get unique values ('cpe-<n>'), as AddObject gives them.
 */
export function dataModelRows(
  entries: readonly DataModelEntry[],
  values: ReadonlyMap<string, string> = new Map(),
  instances = 1,
): DumpRow[] {
  const tables = new Set(
    entries.filter((e) => e.object && e.path.endsWith(`.${INSTANCE}.`)).map((e) => e.path),
  );
  const rows: DumpRow[] = [];
  // Every instantiation of a path, depth first: 'A.{i}.B.{i}.' -> A.1.B.1., A.1.B.2., A.2.B.1. ...
  const expand = (path: string): string[] => {
    let out = [path];
    while (out.some((p) => p.includes(INSTANCE))) {
      out = out.flatMap((p) =>
        p.includes(INSTANCE)
          ? Array.from({ length: instances }, (_, i) => p.replace(INSTANCE, String(i + 1)))
          : [p],
      );
    }
    return out;
  };
  for (const e of entries) {
    const base = {
      object: e.object,
      writable: e.writable,
      type: e.type,
      notification: e.notification,
      accessList: [],
    };
    if (e.object) {
      if (tables.has(e.path)) {
        // The table itself ('A.B.' for 'A.B.{i}.'), in the dump convention without the trailing '.'.
        const table = e.path.slice(0, -`.${INSTANCE}.`.length);
        for (const p of expand(table)) rows.push({ ...base, path: p, value: '' });
      }
      for (const p of expand(e.path)) rows.push({ ...base, path: p.slice(0, -1), value: '' });
      continue;
    }
    const counted = /^(.*)NumberOfEntries$/.exec(e.path)?.[1];
    const count =
      counted !== undefined && tables.has(`${counted}.${INSTANCE}.`) ? String(instances) : undefined;
    for (const p of expand(e.path)) {
      const alias = p.endsWith('.Alias') && e.path.endsWith(`.${INSTANCE}.Alias`);
      const own = alias ? `cpe-${p.slice(0, -'.Alias'.length).split('.').pop() ?? '1'}` : e.defaultValue;
      rows.push({ ...base, path: p, value: values.get(p) ?? count ?? own });
    }
  }
  return rows;
}

export interface DataModelOptions {
  readonly namespace: CwmpNamespace;
  readonly identity: DeviceIdentity;
  /** Values of this device that the model leaves open (software version, periodic Inform ...). */
  readonly values?: ReadonlyMap<string, string>;
  readonly instances?: number;
}

/** A model built from a data model definition's text; the identity parameters follow `identity`. */
export function modelFromDataModel(name: string, text: string, options: DataModelOptions): CpeModel {
  const entries = parseDataModelCsv(text);
  const root = entries[0]?.path ?? '';
  if (!/^[A-Za-z]+\.$/.test(root))
    throw new DeviceCsvError(`the data model does not start with its root object`);
  const info = `${root}DeviceInfo.`;
  const values = new Map([
    [`${info}Manufacturer`, options.identity.manufacturer],
    [`${info}ManufacturerOUI`, options.identity.oui],
    [`${info}ProductClass`, options.identity.productClass],
    [`${info}SerialNumber`, options.identity.serialNumber],
    ...(options.values ?? new Map<string, string>()),
  ]);
  const base = buildBaseTree(dataModelRows(entries, values, options.instances ?? 1));
  return { name, base, identity: options.identity, namespace: options.namespace };
}
