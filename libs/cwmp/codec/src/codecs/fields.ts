import { CwmpEncodeError } from '../errors.js';
import { isCwmpChildNamespace, isSoapNamespace } from '../soap/namespaces.js';
import { classifyDateTime, isBase64, readBoolean, readDateTime } from '../values.js';
import type { WarningCode } from '../warnings.js';
import { WarningSink } from '../warnings.js';
import type { XmlElement } from '../xml/types.js';
import type { XmlWriter } from '../xml/writer.js';

/**
 * Small composable codecs for the elements inside a CWMP message. A struct is a record of field codecs
 * in schema order (object key order is element order); each codec decodes leniently (warnings and a
 * default value, never an exception) and encodes strictly (CwmpEncodeError on a value with no valid
 * representation). Device-supplied names are only ever looked up in Maps built from these definitions.
 */

export interface DecodeContext {
  readonly warnings: WarningSink;
}

export interface FieldCodec<V> {
  readonly element: string;
  readonly repeated?: false;
  /** `el` is undefined when the element is missing; `parent` is the path of the enclosing element. */
  decode(el: XmlElement | undefined, ctx: DecodeContext, parent: string): V;
  encode(value: V, w: XmlWriter, parent: string): void;
}

/** A field that may occur several times in a row (ChangeDUState's Operations, DUStateChangeComplete's Results). */
export interface RepeatedFieldCodec<V> {
  readonly element: string;
  readonly repeated: true;
  decodeAll(els: readonly XmlElement[], ctx: DecodeContext, parent: string): V;
  encode(value: V, w: XmlWriter, parent: string): void;
}

export type AnyFieldCodec<V> = FieldCodec<V> | RepeatedFieldCodec<V>;

/** One codec per property of T, in element order. */
export type Fields<T> = { readonly [K in keyof T]-?: AnyFieldCodec<T[K]> };

const SILENT: DecodeContext = {
  get warnings(): WarningSink {
    return new WarningSink();
  },
};

export const EMPTY_ELEMENT: XmlElement = Object.freeze({
  ns: '',
  name: '',
  prefix: '',
  attributes: Object.freeze([]),
  children: Object.freeze([]),
  text: '',
  scope: undefined,
});

export function warn(ctx: DecodeContext, code: WarningCode, path: string, detail: string): void {
  ctx.warnings.add(code, path, detail);
}

function missing(ctx: DecodeContext, parent: string, element: string): void {
  warn(ctx, 'MISSING_ELEMENT', `${parent}/${element}`, `<${element}> is missing`);
}

export function invalid(path: string, detail: string): CwmpEncodeError {
  return new CwmpEncodeError('INVALID_VALUE', path, detail);
}

/** Throws unless `value` is an array (checked without narrowing, which would turn it into any[]). */
export function checkArray(value: unknown, path: string): void {
  if (!Array.isArray(value)) throw invalid(path, 'expected an array');
}

export function stringField(element: string): FieldCodec<string> {
  return {
    element,
    decode(el, ctx, parent) {
      if (el === undefined) {
        missing(ctx, parent, element);
        return '';
      }
      return el.text;
    },
    encode(value, w, parent) {
      if (typeof value !== 'string') throw invalid(`${parent}/${element}`, 'expected a string');
      w.leaf(element, value, `${parent}/${element}`);
    },
  };
}

function integerField(element: string, min: number, max: number, xsdType: string): FieldCodec<number> {
  return {
    element,
    decode(el, ctx, parent) {
      if (el === undefined) {
        missing(ctx, parent, element);
        return 0;
      }
      const s = el.text.trim();
      const n = /^[+-]?\d{1,20}$/.test(s) ? Number(s) : Number.NaN;
      if (!(n >= min && n <= max)) {
        warn(ctx, 'INVALID_VALUE', `${parent}/${element}`, `"${s.slice(0, 40)}" is not an ${xsdType}`);
        return 0;
      }
      return n;
    },
    encode(value, w, parent) {
      if (!Number.isInteger(value) || value < min || value > max) {
        throw invalid(`${parent}/${element}`, `${String(value)} is not an ${xsdType}`);
      }
      w.leaf(element, String(value), parent);
    },
  };
}

export function intField(element: string): FieldCodec<number> {
  return integerField(element, -2147483648, 2147483647, 'xsd:int');
}

export function unsignedIntField(element: string): FieldCodec<number> {
  return integerField(element, 0, 4294967295, 'xsd:unsignedInt');
}

export function booleanField(element: string): FieldCodec<boolean> {
  return {
    element,
    decode(el, ctx, parent) {
      if (el === undefined) {
        missing(ctx, parent, element);
        return false;
      }
      const r = readBoolean(el.text);
      if (r.ok) return r.value;
      warn(ctx, 'INVALID_VALUE', `${parent}/${element}`, r.reason);
      return false;
    },
    encode(value, w, parent) {
      if (typeof value !== 'boolean') throw invalid(`${parent}/${element}`, 'expected a boolean');
      w.leaf(element, value ? '1' : '0', parent);
    },
  };
}

/** Kept as raw text; a value without time zone or not valid at all is reported, never dropped. */
export function dateTimeField(element: string): FieldCodec<string> {
  return {
    element,
    decode(el, ctx, parent) {
      if (el === undefined) {
        missing(ctx, parent, element);
        return '';
      }
      const raw = el.text;
      const kind = classifyDateTime(raw);
      if (kind === 'invalid')
        warn(ctx, 'INVALID_DATETIME', `${parent}/${element}`, `"${raw.slice(0, 40)}" is not an xsd:dateTime`);
      else if (kind === 'no-timezone') {
        warn(
          ctx,
          'DATETIME_WITHOUT_TIMEZONE',
          `${parent}/${element}`,
          `"${raw}" has no time zone; read as UTC`,
        );
      }
      return raw;
    },
    encode(value, w, parent) {
      if (typeof value !== 'string' || !readDateTime(value).ok) {
        throw invalid(`${parent}/${element}`, `"${String(value).slice(0, 40)}" is not an xsd:dateTime`);
      }
      w.leaf(element, value, parent);
    },
  };
}

export function base64Field(element: string): FieldCodec<string> {
  const text = stringField(element);
  return {
    element,
    decode(el, ctx, parent) {
      const raw = text.decode(el, ctx, parent);
      if (el !== undefined && !isBase64(raw))
        warn(ctx, 'INVALID_VALUE', `${parent}/${element}`, 'not valid base64');
      return raw;
    },
    encode(value, w, parent) {
      if (typeof value !== 'string' || !isBase64(value))
        throw invalid(`${parent}/${element}`, 'not valid base64');
      w.leaf(element, value, parent);
    },
  };
}

export function optional<V>(field: FieldCodec<V>): FieldCodec<V | undefined> {
  return {
    element: field.element,
    decode: (el, ctx, parent) => (el === undefined ? undefined : field.decode(el, ctx, parent)),
    encode(value, w, parent) {
      if (value !== undefined) field.encode(value, w, parent);
    },
  };
}

export interface StructCodec<T> {
  /** `into` receives the fields (so a message can carry its `type` first without a copy). */
  decode(el: XmlElement, ctx: DecodeContext, path: string, into?: Record<string, unknown>): T;
  encodeChildren(value: T, w: XmlWriter, path: string): void;
}

export function struct<T>(fields: Fields<T>): StructCodec<T> {
  const entries: [string, AnyFieldCodec<unknown>][] = Object.entries<AnyFieldCodec<unknown>>(fields);
  const index = new Map<string, number>(entries.map(([, f], i) => [f.element, i]));
  return {
    decode(el, ctx, path, into) {
      const found = new Array<XmlElement | undefined>(entries.length);
      let many: XmlElement[][] | undefined;
      for (const child of el.children) {
        const i = index.get(child.name);
        const field = i === undefined ? undefined : entries[i]?.[1];
        if (i === undefined || field === undefined || !isCwmpChildNamespace(child.ns)) {
          warn(
            ctx,
            'UNKNOWN_ELEMENT',
            `${path}/${child.name}`,
            `<${child.name}> is not part of this structure; ignored`,
          );
        } else if (field.repeated === true) {
          many ??= [];
          (many[i] ??= []).push(child);
        } else if (found[i] !== undefined) {
          warn(
            ctx,
            'DUPLICATE_ELEMENT',
            `${path}/${child.name}`,
            `<${child.name}> appears more than once; the first is kept`,
          );
        } else {
          found[i] = child;
        }
      }
      const out: Record<string, unknown> = into ?? {};
      for (let i = 0; i < entries.length; i++) {
        const [key, field] = entries[i] as [string, AnyFieldCodec<unknown>];
        out[key] =
          field.repeated === true
            ? field.decodeAll(many?.[i] ?? [], ctx, path)
            : field.decode(found[i], ctx, path);
      }
      return out as T;
    },
    encodeChildren(value, w, path) {
      for (const [key, field] of entries) field.encode((value as Record<string, unknown>)[key], w, path);
    },
  };
}

/** A nested structure (DeviceId, FaultStruct ...). A missing one is one warning, not one per field. */
export function structField<T>(element: string, codec: StructCodec<T>): FieldCodec<T> {
  return {
    element,
    decode(el, ctx, parent) {
      if (el === undefined) {
        missing(ctx, parent, element);
        return codec.decode(EMPTY_ELEMENT, SILENT, parent);
      }
      return codec.decode(el, ctx, `${parent}/${element}`);
    },
    encode(value, w, parent) {
      w.open(element);
      codec.encodeChildren(value, w, `${parent}/${element}`);
      w.close(element);
    },
  };
}

/** The count in a soap-enc:arrayType such as "cwmp:ParameterValueStruct[0008]"; undefined if absent. */
export function checkArrayType(el: XmlElement, count: number, ctx: DecodeContext, path: string): void {
  let arrayType: string | undefined;
  for (const a of el.attributes) {
    if (a.name === 'arrayType' && isSoapNamespace(a.ns)) arrayType = a.value;
  }
  if (arrayType === undefined) {
    warn(ctx, 'ARRAY_TYPE_MISSING', path, 'no soap-enc:arrayType attribute');
    return;
  }
  const m = /\[\s*(\d{1,10})\s*\]\s*$/.exec(arrayType);
  const declared = m?.[1] === undefined ? Number.NaN : Number(m[1]);
  if (declared !== count) {
    warn(
      ctx,
      'ARRAY_COUNT_MISMATCH',
      path,
      `arrayType "${arrayType.slice(0, 80)}" but ${count} item(s) present`,
    );
  }
}

/** How an array names its item type in soap-enc:arrayType, given the writer's prefixes. */
export type ArrayItemType = (w: XmlWriter) => string;

export const XSD_STRING: ArrayItemType = () => 'xsd:string';
export const cwmpType =
  (name: string): ArrayItemType =>
  (w) =>
    `${w.prefixes.cwmp}:${name}`;

/** A SOAP-encoded array; items are read whatever their element name, and written as `item`. */
export function arrayField<T>(
  element: string,
  itemType: ArrayItemType,
  item: StructCodec<T> | FieldCodec<T>,
): FieldCodec<readonly T[]> {
  const decodeItem =
    'encodeChildren' in item
      ? (c: XmlElement, ctx: DecodeContext, p: string) => item.decode(c, ctx, `${p}/${c.name}`)
      : (c: XmlElement, ctx: DecodeContext, p: string) => item.decode(c, ctx, p);
  return {
    element,
    decode(el, ctx, parent) {
      if (el === undefined) {
        missing(ctx, parent, element);
        return [];
      }
      const path = `${parent}/${element}`;
      const items = el.children.map((c) => decodeItem(c, ctx, path));
      checkArrayType(el, items.length, ctx, path);
      return items;
    },
    encode(value, w, parent) {
      const path = `${parent}/${element}`;
      checkArray(value, path);
      w.open(element, ` ${w.prefixes.enc}:arrayType="${itemType(w)}[${value.length}]"`);
      for (const v of value) {
        if ('encodeChildren' in item) {
          const name = itemTypeName(itemType, w);
          w.open(name);
          item.encodeChildren(v, w, `${path}/${name}`);
          w.close(name);
        } else {
          item.encode(v, w, path);
        }
      }
      w.close(element);
    },
  };
}

/** A struct item's element name is its type's local name (ParameterValueStruct, EventStruct ...). */
function itemTypeName(itemType: ArrayItemType, w: XmlWriter): string {
  const qname = itemType(w);
  return qname.slice(qname.indexOf(':') + 1);
}
