import { z } from 'zod';

/**
 * Caps on what an event may carry. TR-069 limits (cwmp-constants.json fieldLimits) are applied as
 * written; everything else gets a generous cap so that a hostile or broken peer cannot make one
 * event unbounded. Lengths are in UTF-16 code units (JavaScript string length).
 */
export const CAPS = {
  /** TR-069 CommandKey string(32). */
  commandKey: 32,
  /** TR-069 ParameterKey string(32). */
  parameterKey: 32,
  /** TR-069 parameter and object names string(256). */
  parameterName: 256,
  /** TR-069 DeviceIdStruct: Manufacturer, ProductClass, SerialNumber string(64); OUI is 6 in the spec. */
  deviceIdPart: 64,
  /** TR-069 EventCode string(64) and at most 64 EventStructs per Inform. */
  eventCode: 64,
  events: 64,
  /** TR-069 TransferList: at most 16 entries. */
  transfers: 16,
  /** A parameter value, a voucher, any device-supplied blob. */
  value: 65_536,
  /** Free text: fault strings, URLs, file names, reasons. */
  text: 4_096,
  /** Short tokens: xsi types, file types, versions, states, method names. */
  token: 256,
  /** Parameters in one list (Inform, GetParameterValuesResponse, a task). */
  parameters: 100_000,
  /** Any other list (methods, access lists, results, operations). */
  list: 1_024,
  /** Nesting and node count of an opaque JSON definition (presets, file metadata). */
  jsonDepth: 32,
  jsonNodes: 100_000,
} as const;

const text = (max: number) => z.string().max(max);

/** Free text up to CAPS.text. */
export const Text = text(CAPS.text);
/** Short token up to CAPS.token. */
export const Token = text(CAPS.token);
export const CommandKey = text(CAPS.commandKey);
export const ParameterKey = text(CAPS.parameterKey);
export const ParameterName = text(CAPS.parameterName);
export const ParameterValue = text(CAPS.value);

/** An object path: a partial path ending in '.', as TR-069 requires of ObjectName. */
export const ObjectName = z
  .string()
  .max(CAPS.parameterName)
  .regex(/^(?:[^.]+\.)+$/, { message: "an object name ends with '.'" });

/**
 * Ids we mint ourselves (sessions, RPCs, tasks, requests, presets, files, admin calls). No ':' so
 * that composed event ids (`session:sequence`) stay unambiguous, and safe as Kafka, Redis and Mongo keys.
 */
export const OpaqueId = z
  .string()
  .regex(/^[A-Za-z0-9_.~-]{1,128}$/, { message: 'ids are 1-128 characters of [A-Za-z0-9_.~-]' });

/** RFC 3339 timestamp with a Z or numeric offset. */
export const Timestamp = z.iso.datetime({ offset: true });

/** A non-negative JSON-safe integer. */
export const Count = z.int().min(0);
/** xsd:unsignedInt. */
export const UnsignedInt = z.int().min(0).max(4_294_967_295);

/**
 * A dateTime as a device sent it, and the same instant in RFC 3339 when it could be read (null when
 * it could not, or when it is TR-069's "unknown time" 0001-01-01T00:00:00Z).
 */
export const DeviceTime = z.object({
  raw: text(CAPS.eventCode),
  iso: Timestamp.nullable(),
});

/** A CWMP fault as reported inside a message (TransferComplete, DU results). Code 0 is "no fault": null. */
export const Fault = z.object({
  code: z.int().min(1).max(99_999),
  string: Text,
});

/** One parameter: name, value as text, and the xsi:type the device sent (null when none). */
export const ParameterValueStruct = z.object({
  name: ParameterName,
  value: ParameterValue,
  type: Token.nullable(),
});
export const ParameterValueList = z.array(ParameterValueStruct).max(CAPS.parameters);
export const ParameterNameList = z.array(ParameterName).max(CAPS.parameters);

/** Name/value pairs (RequestDownload FileTypeArg). */
export const ArgStruct = z.object({ name: Token, value: Text });

/**
 * Any JSON value (a preset definition, file metadata), with bounded nesting and size. Checked by an
 * iterative walk, so a deeply nested hostile value is refused instead of exhausting the stack, and
 * kept as is (no copy). `__proto__` keys are refused rather than silently dropped.
 */
export const JsonValue = z.unknown().superRefine((value, ctx) => {
  const problem = jsonProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

function jsonProblem(root: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let nodes = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    nodes += 1;
    if (nodes > CAPS.jsonNodes) return `more than ${CAPS.jsonNodes} JSON nodes`;
    if (item.depth > CAPS.jsonDepth) return `JSON nested deeper than ${CAPS.jsonDepth}`;
    const { value, depth } = item;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return 'not a JSON number';
    } else if (Array.isArray(value)) {
      for (const child of value as unknown[]) stack.push({ value: child, depth: depth + 1 });
    } else if (typeof value === 'object' && isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key === '__proto__') return 'a JSON object key may not be __proto__';
        stack.push({ value: child, depth: depth + 1 });
      }
    } else {
      return `not a JSON value (${typeof value})`;
    }
  }
  return null;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `{ type, version, data }`: the shape of every event in the catalogue. */
export function eventSchema<const T extends string, const V extends number, D extends z.ZodType>(
  type: T,
  version: V,
  data: D,
) {
  return z.object({ type: z.literal(type), version: z.literal(version), data });
}
