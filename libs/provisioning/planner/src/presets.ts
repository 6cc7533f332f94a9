import { z } from 'zod';
import { parseQuery } from '@headend/provisioning-query';
import type { Query } from '@headend/provisioning-query';
import type { RecordedFault } from './projection.js';
import type { Working } from './working.js';

/**
 * Presets: declarative desired state. A preset applies to the devices its precondition matches, and
 * lists configurations that must hold on them; the planner turns what does not hold into RPCs. This
 * is the shape of PresetSaved's `definition` (validated here, where it enters provisioning).
 */

const Path = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, {
    message: 'a parameter path like Device.WiFi.SSID.1.SSID',
  });
const ObjectPath = z
  .string()
  .max(256)
  .regex(/^(?:[A-Za-z0-9_-]+\.)+$/, { message: "an object path ending in '.', like Device.WiFi.SSID." });
/** '' (the whole tree), an object path or a parameter path. */
const Subtree = z.union([z.literal(''), ObjectPath, Path]);
const Scalar = z.union([z.string().max(65_536), z.number(), z.boolean()]);
const Value = z.object({
  name: z.string().min(1).max(256),
  value: Scalar,
  type: z.string().max(64).optional(),
});
const Key = z
  .array(z.object({ name: z.string().min(1).max(256), value: Scalar }))
  .min(1)
  .max(16);

export const Configuration = z.discriminatedUnion('kind', [
  /** The parameter must have this value. */
  z.object({ kind: z.literal('value'), path: Path, value: Scalar, type: z.string().max(64).optional() }),
  /** An instance of `object` whose key parameters have these values must exist, with `values` set. */
  z.object({
    kind: z.literal('instance'),
    object: ObjectPath,
    key: Key,
    values: z.array(Value).max(64).default([]),
  }),
  /** No instance of `object` may have these key values. */
  z.object({ kind: z.literal('noInstance'), object: ObjectPath, key: Key }),
  /** DeviceInfo.SoftwareVersion must be `version`; when not, file `fileId` is downloaded. */
  z.object({ kind: z.literal('softwareVersion'), version: z.string().min(1).max(64), fileId: z.string() }),
  /** The parameter's notification attribute (0 off, 1 passive, 2 active, 3-6 CWMP 1.4 variants). */
  z.object({ kind: z.literal('notification'), path: Path, notification: z.int().min(0).max(6) }),
  /** The device must (present) or must not carry the tag. */
  z.object({ kind: z.literal('tag'), tag: z.string().min(1).max(128), present: z.boolean() }),
  /** The subtree is read whole (names and values) when it was not in the last `everySeconds`. */
  z.object({ kind: z.literal('refresh'), path: Subtree, everySeconds: z.int().min(1) }),
  /** Reboot once (per preset revision). */
  z.object({ kind: z.literal('reboot') }),
]);
export type Configuration = z.infer<typeof Configuration>;

/** ManagementServer.ParameterKey of either root data model. */
export const PARAMETER_KEY = /^(?:Device|InternetGatewayDevice)\.ManagementServer\.ParameterKey$/;

export const PresetDefinition = z
  .object({
    /** A device query (see @headend/provisioning-query); {} matches every device. */
    precondition: z.unknown().default({}),
    /** Higher wins when two presets want different values for one parameter. */
    priority: z.int().min(-1_000_000).max(1_000_000).default(0),
    configurations: z.array(Configuration).min(1).max(256),
  })
  .superRefine((definition, ctx) => {
    definition.configurations.forEach((c, i) => {
      // Read-only in TR-098 and TR-181, and rewritten by every SetParameterValues, AddObject and
      // DeleteObject (their ParameterKey argument): no value a preset wants could hold.
      if (c.kind === 'value' && PARAMETER_KEY.test(c.path)) {
        const message = `${c.path} is set by the ParameterKey of every change, not by a preset`;
        ctx.addIssue({ code: 'custom', path: ['configurations', i, 'path'], message });
      }
      // A value that changed a key would make the instance unrecognisable: a new one every session.
      if (c.kind !== 'instance') return;
      const seen = new Set<string>();
      [...c.key, ...c.values].forEach((v, j) => {
        if (seen.has(v.name)) {
          const path = j < c.key.length ? ['key', j] : ['values', j - c.key.length];
          const message = `${v.name} appears twice in the instance's key and values`;
          ctx.addIssue({ code: 'custom', path: ['configurations', i, ...path, 'name'], message });
        }
        seen.add(v.name);
      });
    });
  });

export interface Preset {
  readonly id: string;
  readonly revision: number;
  readonly name: string;
  readonly precondition: Query;
  readonly priority: number;
  readonly configurations: readonly Configuration[];
}

export type PresetResult = { ok: true; preset: Preset } | { ok: false; error: string };

/** Validates a PresetSaved event's definition into a preset the planner can use. */
export function compilePreset(id: string, revision: number, name: string, definition: unknown): PresetResult {
  const parsed = PresetDefinition.safeParse(definition);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  const query = parseQuery(parsed.data.precondition);
  if (!query.ok) return { ok: false, error: `precondition: ${query.error}` };
  return {
    ok: true,
    preset: {
      id,
      revision,
      name,
      precondition: query.query,
      priority: parsed.data.priority,
      configurations: parsed.data.configurations,
    },
  };
}

/** A file the ACS can have a device download (from FileStored). */
export interface FileRecord {
  readonly id: string;
  readonly name: string;
  readonly fileType: string;
  readonly length: number;
  /** Where the device fetches it; null when the file has no URL yet. */
  readonly url: string | null;
  /** The software version a firmware image installs, when known. */
  readonly version: string | null;
}

/** FileStored's definition: `{ url?, version? }`. */
const FileDefinition = z.object({
  url: z.string().url().max(4096).optional(),
  version: z.string().max(64).optional(),
});

export function fileRecordOf(event: {
  fileId: string;
  name: string;
  fileType: string;
  length: number;
  definition: unknown;
}): FileRecord {
  const definition = FileDefinition.safeParse(event.definition);
  return {
    id: event.fileId,
    name: event.name,
    fileType: event.fileType,
    length: event.length,
    url: definition.success ? (definition.data.url ?? null) : null,
    version: definition.success ? (definition.data.version ?? null) : null,
  };
}

/** Device values are text: a preset's number or boolean is written the way TR-069 spells it. */
export function valueText(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

/** The xsi type to write a preset's value with when the device has not told us one. */
export function typeOf(value: string | number | boolean, declared: string | undefined): string {
  if (declared) return declared;
  if (typeof value === 'boolean') return 'xsd:boolean';
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? 'xsd:unsignedInt' : 'xsd:int';
  return 'xsd:string';
}

/** Preset work that faulted is not tried again before its back-off runs out. */
export function presetFault(w: Working, presetId: string, method: string, fault: RecordedFault): void {
  const device = w.device;
  const scope = `preset:${presetId}`;
  const before = device.faults.find((f) => f.scope === scope);
  const attempts = (before?.attempts ?? 0) + 1;
  const { baseMs, maxMs } = w.ctx.policy.retry;
  const notBefore = w.ctx.now + Math.min(maxMs, baseMs * 2 ** (attempts - 1));
  device.faults = [
    ...device.faults.filter((f) => f !== before),
    { scope, method, fault, attempts, notBefore },
  ];
}
