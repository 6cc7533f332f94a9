/**
 * fast-check arbitraries for the query language (tests only): valid query JSON over a small world of
 * fields and values chosen to collide often, and devices over that world, fully known or partly read.
 */
import fc from 'fast-check';
import type { TargetSpec } from './target.js';

const CONCRETE = ['Device.A.X', 'Device.A.Y'] as const;
const INSTANCES = ['Device.S.1.V', 'Device.S.2.V'] as const;
const FIELDS = [...CONCRETE, ...INSTANCES, 'Device.S.*.V', 'Tags', 'Events', 'DeviceID.OUI'] as const;
const VALUES = ['0', '1', '10', '-2.5', 'true', 'FALSE', 'abc', 'a', '', '00D09E'] as const;
const TEXTS = ['a', 'ab', 'abc', '1', '', 'E', '00D'] as const;

const text = fc.constantFrom(...TEXTS);
const ordered = fc.oneof(text, fc.constantFrom(0, 1, 10, -2.5, 0.5));
const scalar = fc.oneof(ordered, fc.boolean(), fc.constantFrom('true', 'FALSE', '00D09E'));

const operator: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  scalar.map(($eq) => ({ $eq })),
  scalar.map(($ne) => ({ $ne })),
  ordered.map(($gt) => ({ $gt })),
  ordered.map(($gte) => ({ $gte })),
  ordered.map(($lt) => ({ $lt })),
  ordered.map(($lte) => ({ $lte })),
  fc.array(scalar, { maxLength: 3 }).map(($in) => ({ $in })),
  fc.array(scalar, { maxLength: 3 }).map(($nin) => ({ $nin })),
  fc.boolean().map(($exists) => ({ $exists })),
  text.map(($prefix) => ({ $prefix })),
  text.map(($suffix) => ({ $suffix })),
  text.map(($contains) => ({ $contains })),
);

const condition: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  operator,
  fc.tuple(operator, operator).map(([a, b]) => ({ ...a, ...b })),
);

const fieldQuery = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), condition), { maxLength: 2 })
  .map((entries) => Object.fromEntries(entries) as Record<string, unknown>);

/** Valid query JSON: `parseQuery` accepts every one. */
export const queryJson: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ query: Record<string, unknown> }>(
  (tie) => ({
    query: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'query' },
      fieldQuery,
      fc.array(tie('query'), { minLength: 1, maxLength: 2 }).map(($and) => ({ $and })),
      fc.array(tie('query'), { minLength: 1, maxLength: 2 }).map(($or) => ({ $or })),
      fc.array(tie('query'), { minLength: 1, maxLength: 2 }).map(($nor) => ({ $nor })),
      tie('query').map(($not) => ({ $not })),
      fc.tuple(fieldQuery, tie('query')).map(([fields, $not]) => ({ ...fields, $not })),
    ),
  }),
).query;

const value = fc.constantFrom(...VALUES);

/** A device whose every parameter is read; the instances of Device.S may be none, one or both. */
export const knownDevice: fc.Arbitrary<TargetSpec> = fc
  .record({
    concrete: fc.tuple(value, value),
    instances: fc.tuple(fc.option(value), fc.option(value)),
    oui: fc.constantFrom('00D09E', '1', 'abc'),
    tags: fc.subarray(['a', 'ab', 'abc', 'E']),
    events: fc.subarray(['1 BOOT', '0 BOOTSTRAP', 'M Reboot']),
  })
  .map(({ concrete, instances, oui, tags, events }) => {
    const parameters: Record<string, string | undefined> = {
      [CONCRETE[0]]: concrete[0],
      [CONCRETE[1]]: concrete[1],
    };
    instances.forEach((instance, i) => {
      const path = INSTANCES[i];
      if (instance !== null && path !== undefined) parameters[path] = instance;
    });
    return { parameters, identity: { oui }, tags, events };
  });

/** What the ACS may not have read yet: each concrete value, Device.S's instances, each instance's value. */
export interface Mask {
  readonly concrete: readonly [boolean, boolean];
  readonly undiscovered: boolean;
  readonly instances: readonly [boolean, boolean];
}

export const mask: fc.Arbitrary<Mask> = fc.record({
  concrete: fc.tuple(fc.boolean(), fc.boolean()),
  undiscovered: fc.boolean(),
  instances: fc.tuple(fc.boolean(), fc.boolean()),
});

/** The device as the ACS knows it before reading what `hide` hides. */
export function partly(device: TargetSpec, hide: Mask): TargetSpec {
  const parameters = new Map(Object.entries(device.parameters ?? {}));
  CONCRETE.forEach((path, i) => {
    if (hide.concrete[i]) parameters.delete(path);
  });
  INSTANCES.forEach((path, i) => {
    if (!parameters.has(path)) return;
    if (hide.undiscovered) parameters.delete(path);
    else if (hide.instances[i]) parameters.set(path, undefined);
  });
  return { ...device, parameters: Object.fromEntries(parameters) };
}
