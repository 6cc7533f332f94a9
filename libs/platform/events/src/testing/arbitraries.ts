import fc from 'fast-check';
import type { z } from 'zod';
import { DeviceId, deviceIdOf } from '../device-id.js';
import { JsonValue, ObjectName, Timestamp } from '../schemas/common.js';

/**
 * fast-check arbitraries derived from the catalogue's zod schemas, so every event type (and every one
 * added later) gets property tests without a hand-written generator. Covers the zod subset the
 * catalogue uses; anything else throws, so a new construct cannot be silently skipped. Test-only.
 */

interface LooseCheck {
  readonly check: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly value?: number;
  readonly inclusive?: boolean;
  readonly format?: string;
  readonly pattern?: RegExp;
}

interface LooseDef {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: LooseCheck } }[];
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly format?: string;
}

/** Strings that have broken parsers, key spaces and id schemes before. */
const HOSTILE = [
  '__proto__',
  'constructor',
  'prototype',
  '{',
  '}',
  '-',
  '%41',
  ':',
  '\u0000',
  'é',
  '😀',
  '\ud800',
  '',
];

const part = (min: number) =>
  fc
    .oneof(
      fc.constantFrom(...HOSTILE.filter((s) => s.length >= min)),
      fc.string({ unit: 'binary', minLength: min, maxLength: 24 }),
    )
    .filter((s) => s.length <= 64);

const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((key) => key !== '__proto__'),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;

const OVERRIDES = new Map<z.ZodType, fc.Arbitrary<unknown>>([
  [
    DeviceId,
    fc
      .record({ oui: part(1), productClass: part(0), serialNumber: part(1) })
      .filter((parts) => !/[\ud800-\udfff]/.test(parts.oui + parts.productClass + parts.serialNumber))
      .map(deviceIdOf),
  ],
  [
    Timestamp,
    fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString()),
  ],
  [JsonValue, json],
  [
    ObjectName,
    fc
      .array(fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/), { minLength: 1, maxLength: 6 })
      .map((names) => `${names.join('.')}.`),
  ],
]);

function lengths(def: LooseDef): { min: number; max: number } {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const { _zod } of def.checks ?? []) {
    if (_zod.def.check === 'min_length') min = _zod.def.minimum ?? min;
    if (_zod.def.check === 'max_length') max = _zod.def.maximum ?? max;
  }
  return { min, max };
}

function stringArbitrary(def: LooseDef): fc.Arbitrary<string> {
  const { min, max } = lengths(def);
  const formats = (def.checks ?? [])
    .map((check) => check._zod.def)
    .filter((check) => check.check === 'string_format');
  const [format, ...more] = formats;
  if (def.format !== undefined || more.length > 0 || (format !== undefined && format.format !== 'regex')) {
    throw new Error(`no arbitrary for string format ${def.format ?? format?.format ?? '?'}; add an override`);
  }
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (format?.pattern !== undefined) return fc.stringMatching(format.pattern).filter(fits);
  return fc
    .oneof(
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
      {
        weight: 4,
        arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max / 2, 16) }),
      },
    )
    .filter(fits);
}

function integerArbitrary(def: LooseDef): fc.Arbitrary<number> {
  let min = Number.MIN_SAFE_INTEGER;
  let max = Number.MAX_SAFE_INTEGER;
  for (const { _zod } of def.checks ?? []) {
    const bound = _zod.def.value ?? 0;
    if (_zod.def.check === 'greater_than') min = _zod.def.inclusive === true ? bound : bound + 1;
    if (_zod.def.check === 'less_than') max = _zod.def.inclusive === true ? bound : bound - 1;
  }
  if (def.format !== 'safeint') throw new Error('only integer numbers are catalogued');
  return fc.oneof(fc.integer({ min, max: Math.min(max, min + 10) }), fc.integer({ min, max }));
}

/** An arbitrary producing values the schema accepts. */
export function arbitraryOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  const override = OVERRIDES.get(schema);
  if (override !== undefined) return override;
  const def = schema._zod.def as unknown as LooseDef;
  switch (def.type) {
    case 'string':
      return stringArbitrary(def);
    case 'number':
      return integerArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'nullable':
      return fc.option(arbitraryOf(def.innerType as z.ZodType), { nil: null });
    case 'optional':
      return fc.option(arbitraryOf(def.innerType as z.ZodType), { nil: undefined });
    case 'union':
      return fc.oneof(...(def.options ?? []).map(arbitraryOf));
    case 'array': {
      const { min, max } = lengths(def);
      return fc.array(arbitraryOf(def.element as z.ZodType), { minLength: min, maxLength: Math.min(max, 4) });
    }
    case 'object':
      return fc.record(
        Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, value]) => [key, arbitraryOf(value)])),
      );
    default:
      throw new Error(`no arbitrary for zod type ${def.type}; extend arbitraryOf`);
  }
}

/** Events of one schema, typed as the schema's output. */
export function eventArbitrary<S extends z.ZodType>(schema: S): fc.Arbitrary<z.output<S>> {
  return arbitraryOf(schema) as fc.Arbitrary<z.output<S>>;
}
