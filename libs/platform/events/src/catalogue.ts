import type { z } from 'zod';
import { formatPath } from './issue-path.js';

/** What every catalogued event looks like. */
export interface EventShape {
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
}

/** Where an event goes and what identifies it. */
export interface Route {
  readonly topic: string;
  readonly key: string;
  readonly subject: string;
  readonly id: string;
}

/** A `{ type, version, data }` schema as made by eventSchema. */
export interface EventSchema<E extends EventShape = EventShape> extends z.ZodType<E> {
  readonly shape: {
    readonly type: z.ZodLiteral<E['type']>;
    readonly version: z.ZodLiteral<E['version']>;
    readonly data: z.ZodType<E['data']>;
  };
}

/** The current shape of one event type. */
export interface CurrentEvent {
  readonly type: string;
  readonly version: number;
  readonly topic: string;
  readonly ceType: string;
  readonly schema: EventSchema;
}

/**
 * An older stored shape and its pure upcast to the current event (Emmett style: stored in, current
 * out). Each stored version upcasts straight to the current one.
 */
export interface Upcaster<E extends EventShape> {
  readonly type: E['type'];
  readonly version: number;
  readonly data: z.ZodType;
  readonly upcast: (stored: never) => E;
}

/** Declares an upcaster with its stored data typed from its schema. */
export function upcaster<E extends EventShape, S extends z.ZodType>(spec: {
  readonly type: E['type'];
  readonly version: number;
  readonly data: S;
  readonly upcast: (stored: z.output<S>) => E;
}): Upcaster<E> {
  return spec;
}

export type ReadResult<E> =
  | { readonly ok: true; readonly event: E; readonly storedVersion: number }
  | { readonly ok: false; readonly code: 'invalid-data' | 'upcast-failed'; readonly detail: string };

/** Reads one ce_type's data into the current event. */
export interface Reader<E> {
  readonly ceType: string;
  readonly topic: string;
  readonly read: (data: unknown) => ReadResult<E>;
}

export interface Catalogue<E extends EventShape> {
  /** Current event types by `type`, for writing. */
  readonly current: ReadonlyMap<string, CurrentEvent>;
  /** Everything readable, by ce_type: the current versions and every older stored shape. */
  readonly readers: ReadonlyMap<string, Reader<E>>;
  readonly route: (event: E) => Route;
  /** ce_source used when the writer does not name one. */
  readonly defaultSource: (topic: string) => string;
}

export interface CatalogueSpec<E extends EventShape> {
  readonly events: readonly { readonly schema: EventSchema; readonly topic: string }[];
  readonly upcasters: readonly Upcaster<E>[];
  readonly ceType: (topic: string, type: string, version: number) => string;
  readonly route: (event: E) => Route;
  readonly defaultSource: (topic: string) => string;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = formatPath(issue.path);
  return `${path === '' ? '(root)' : path}: ${issue.message}`;
}

/** Builds the lookup tables of a catalogue; throws on a duplicate type or ce_type (a bug in the spec). */
export function defineCatalogue<E extends EventShape>(spec: CatalogueSpec<E>): Catalogue<E> {
  const current = new Map<string, CurrentEvent>();
  const readers = new Map<string, Reader<E>>();
  const addReader = (reader: Reader<E>) => {
    if (readers.has(reader.ceType)) throw new Error(`duplicate ce_type ${reader.ceType}`);
    readers.set(reader.ceType, reader);
  };

  for (const { schema, topic } of spec.events) {
    const type = schema.shape.type.value;
    const version = schema.shape.version.value;
    if (current.has(type)) throw new Error(`duplicate event type ${type}`);
    const ceType = spec.ceType(topic, type, version);
    current.set(type, { type, version, topic, ceType, schema });
    const dataSchema = schema.shape.data;
    addReader({
      ceType,
      topic,
      read: (data) => {
        // Checks run on data only; type and version come from ce_type, never from the body.
        const parsed = dataSchema.safeParse(data);
        return parsed.success
          ? { ok: true, event: { type, version, data: parsed.data } as unknown as E, storedVersion: version }
          : { ok: false, code: 'invalid-data', detail: `data.${firstIssue(parsed.error)}` };
      },
    });
  }

  for (const up of spec.upcasters) {
    const target = current.get(up.type);
    if (target === undefined) throw new Error(`upcaster for unknown event type ${up.type}`);
    if (up.version >= target.version) throw new Error(`${up.type} v${up.version} is not older than current`);
    const upcast = up.upcast as (stored: unknown) => E;
    addReader({
      ceType: spec.ceType(target.topic, up.type, up.version),
      topic: target.topic,
      read: (data) => {
        const stored = up.data.safeParse(data);
        if (!stored.success)
          return { ok: false, code: 'invalid-data', detail: `data.${firstIssue(stored.error)}` };
        let upcasted: unknown;
        try {
          upcasted = upcast(stored.data);
        } catch (error) {
          return { ok: false, code: 'upcast-failed', detail: String(error) };
        }
        // An upcaster's output must satisfy the current schema like any written event.
        const checked = target.schema.safeParse(upcasted);
        return checked.success
          ? { ok: true, event: checked.data as E, storedVersion: up.version }
          : { ok: false, code: 'upcast-failed', detail: firstIssue(checked.error) };
      },
    });
  }

  return { current, readers, route: spec.route, defaultSource: spec.defaultSource };
}
