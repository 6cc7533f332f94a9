import type { DataModelEntry } from '@headend/cpe-model';
import { XMLParser } from 'fast-xml-parser';

/**
 * Reads a Broadband Forum data model XML (the flattened "full" files: cwmp-datamodel 1.x, one
 * <model> whose <object>s carry their <parameter>s) into data model entries. Named data types are
 * resolved through the file's own <dataType>s and those of the type libraries given (TR-106).
 * Obsoleted and deleted items are left out; deprecated ones stay (devices still have them).
 */

type Attrs = Record<string, unknown>;
type Node = Attrs & { readonly [key: string]: unknown };

const PRIMITIVES = [
  'string',
  'boolean',
  'int',
  'unsignedInt',
  'long',
  'unsignedLong',
  'dateTime',
  'base64',
  'hexBinary',
  'decimal',
] as const;

type Primitive = (typeof PRIMITIVES)[number];

const ARRAYS = new Set(['object', 'parameter', 'dataType', 'enumeration', 'model', 'default', 'range']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  isArray: (name) => ARRAYS.has(name),
});

const GONE = new Set(['obsoleted', 'deleted']);

function list(value: unknown): Node[] {
  return Array.isArray(value) ? (value as Node[]) : [];
}

function attr(node: Node | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

function child(node: Node | undefined, name: string): Node | undefined {
  const v = node?.[name];
  if (v === undefined) return undefined;
  return typeof v === 'object' && v !== null ? (v as Node) : {};
}

/** What a syntax (or a data type) says about a value: its primitive type, enumeration, range. */
interface Facets {
  readonly primitive: Primitive | undefined;
  readonly enumeration: string | undefined;
  /** NaN when there is no lower bound. */
  readonly minInclusive: number;
}

function facetsOf(node: Node, types: ReadonlyMap<string, Node>, depth = 0): Facets {
  const primitive = PRIMITIVES.find((p) => node[p] !== undefined);
  const body = primitive === undefined ? undefined : child(node, primitive);
  const own: Facets = {
    primitive,
    enumeration: attr(list(body?.enumeration)[0], 'value'),
    minInclusive: Number(attr(list(body?.range)[0], 'minInclusive') ?? Number.NaN),
  };
  const ref = attr(list(node.dataType)[0], 'ref') ?? attr(node, 'base');
  const named = ref === undefined || depth > 8 ? undefined : types.get(ref);
  if (named === undefined) return own;
  const inherited = facetsOf(named, types, depth + 1);
  return {
    primitive: own.primitive ?? inherited.primitive,
    enumeration: own.enumeration ?? inherited.enumeration,
    minInclusive: Number.isNaN(own.minInclusive) ? inherited.minInclusive : own.minInclusive,
  };
}

function typeDefault(primitive: Primitive | undefined): string {
  switch (primitive) {
    case 'boolean':
      return 'false';
    case 'int':
    case 'unsignedInt':
    case 'long':
    case 'unsignedLong':
    case 'decimal':
      return '0';
    case 'dateTime':
      return '0001-01-01T00:00:00Z';
    default:
      return '';
  }
}

function parameterEntry(objectPath: string, p: Node, types: ReadonlyMap<string, Node>): DataModelEntry {
  const syntax = child(p, 'syntax') ?? {};
  const isList = syntax.list !== undefined;
  const facets = facetsOf(syntax, types);
  const given = list(syntax.default).find((d) => attr(d, 'type') !== 'parameter');
  const min = facets.minInclusive;
  let value = attr(given, 'value');
  if (value === undefined && !isList) {
    value = facets.enumeration ?? (min > 0 ? String(min) : typeDefault(facets.primitive));
  }
  const activeNotify = attr(p, 'activeNotify');
  return {
    path: objectPath + (attr(p, 'name') ?? ''),
    object: false,
    writable: attr(p, 'access') === 'readWrite',
    type: isList || facets.primitive === undefined ? 'xsd:string' : `xsd:${facets.primitive}`,
    defaultValue: value ?? '',
    notification: activeNotify === 'forceEnabled' || activeNotify === 'forceDefaultEnabled' ? 2 : 0,
  };
}

/** The named data types of a document, by name. */
function dataTypes(document: Node | undefined): Map<string, Node> {
  return new Map(list(document?.dataType).map((t) => [attr(t, 'name') ?? '', t]));
}

export interface ExtractedModel {
  /** e.g. 'Device:2.17'. */
  readonly model: string;
  readonly entries: DataModelEntry[];
}

export function entriesFromBbfXml(modelXml: string, typeLibraries: readonly string[] = []): ExtractedModel {
  const parse = (xml: string): Node | undefined => child(parser.parse(xml) as Node, 'document');
  const document = parse(modelXml);
  const types = new Map<string, Node>();
  for (const library of typeLibraries) for (const [k, v] of dataTypes(parse(library))) types.set(k, v);
  for (const [k, v] of dataTypes(document)) types.set(k, v);
  const model = list(document?.model)[0];
  if (model === undefined) throw new Error('the document has no <model>');
  const entries: DataModelEntry[] = [];
  const gone: string[] = [];
  for (const o of list(model.object)) {
    const path = attr(o, 'name') ?? '';
    if (path === '' || gone.some((g) => path.startsWith(g))) continue;
    if (GONE.has(attr(o, 'status') ?? '')) {
      // Everything below an obsoleted object goes with it.
      gone.push(path);
      continue;
    }
    entries.push({
      path,
      object: true,
      writable: attr(o, 'access') === 'readWrite',
      type: '',
      defaultValue: '',
      notification: 0,
    });
    for (const p of list(o.parameter)) {
      if (!GONE.has(attr(p, 'status') ?? '')) entries.push(parameterEntry(path, p, types));
    }
  }
  return { model: attr(model, 'name') ?? '', entries };
}
