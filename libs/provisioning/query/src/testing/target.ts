import type { QueryTarget } from '../ast.js';

export interface TargetSpec {
  /** Known parameters; `undefined` marks one whose existence is known but whose value is not read. */
  readonly parameters?: Readonly<Record<string, string | undefined>>;
  readonly identity?: Partial<QueryTarget['identity']>;
  readonly tags?: readonly string[];
  readonly events?: readonly string[];
}

/** Whether a concrete path matches a pattern whose `*` segments stand for one segment each. */
export function matchesPattern(pattern: string, path: string): boolean {
  const wanted = pattern.split('.');
  const actual = path.split('.');
  return (
    wanted.length === actual.length && wanted.every((segment, i) => segment === '*' || segment === actual[i])
  );
}

/** An in-memory device for tests (values typed `xsd:string`; the query never reads the type). */
export function targetOf(spec: TargetSpec = {}): QueryTarget {
  const parameters = new Map(Object.entries(spec.parameters ?? {}));
  return {
    value(path) {
      const value = parameters.get(path);
      return value === undefined ? undefined : { value, type: 'xsd:string' };
    },
    expand: (pattern) => [...parameters.keys()].filter((path) => matchesPattern(pattern, path)),
    identity: {
      id: '00D09E-IGD-SN1',
      oui: '00D09E',
      productClass: 'IGD',
      serialNumber: 'SN1',
      manufacturer: 'Acme',
      ...spec.identity,
    },
    tags: new Set(spec.tags ?? []),
    events: new Set(spec.events ?? []),
  };
}
