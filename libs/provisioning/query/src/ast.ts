/**
 * The typed form of a device query, as `parseQuery` produces it. Plain data with no keys taken from
 * user or device strings: paths and operands live in values and arrays, never as object keys.
 */

/** An operand: JSON's scalars. Its type chooses how a device value is compared (see README.md). */
export type Scalar = string | number | boolean;

/** Kleene's three truth values: `'unknown'` when a parameter the ACS has not read decides the answer. */
export type Truth = boolean | 'unknown';

export type IdentityField = 'id' | 'oui' | 'productClass' | 'serialNumber' | 'manufacturer';

/** The reserved identity references. A Map, so a key such as `__proto__` finds nothing. */
export const IDENTITY_FIELDS: ReadonlyMap<string, IdentityField> = new Map<string, IdentityField>([
  ['DeviceID.ID', 'id'],
  ['DeviceID.OUI', 'oui'],
  ['DeviceID.ProductClass', 'productClass'],
  ['DeviceID.SerialNumber', 'serialNumber'],
  ['DeviceID.Manufacturer', 'manufacturer'],
]);

/** What a condition reads. */
export type Field =
  /** A data-model parameter; `path` may hold `*` instance segments (then `wildcard` is true). */
  | { readonly kind: 'parameter'; readonly path: string; readonly wildcard: boolean }
  | { readonly kind: 'identity'; readonly name: IdentityField }
  | { readonly kind: 'tags' }
  | { readonly kind: 'events' };

/**
 * One operator and its operand. `ne`, `nin` and `exists: false` are the negative forms: they hold
 * when the positive form (`eq`, `in`, `exists: true`) holds for no value of the field.
 */
export type Condition =
  | { readonly op: 'eq' | 'ne'; readonly operand: Scalar }
  | { readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly operand: string | number }
  | { readonly op: 'in' | 'nin'; readonly operands: readonly Scalar[] }
  | { readonly op: 'exists'; readonly operand: boolean }
  | { readonly op: 'prefix' | 'suffix' | 'contains'; readonly operand: string };

export type Operator = Condition['op'];

/** A query. `{}` parses to an `and` without clauses, which every device matches. */
export type Query =
  | { readonly kind: 'and'; readonly clauses: readonly Query[] }
  | { readonly kind: 'or'; readonly clauses: readonly Query[] }
  | { readonly kind: 'nor'; readonly clauses: readonly Query[] }
  | { readonly kind: 'not'; readonly clause: Query }
  | { readonly kind: 'field'; readonly field: Field; readonly condition: Condition };

/** The device a query is evaluated against, as the ACS knows it now. */
export interface QueryTarget {
  /** Values of parameters matching a concrete path (no wildcard); undefined when the ACS does not know the parameter (not yet read or discovered). */
  value(path: string): { value: string; type: string | null } | undefined;
  /** Concrete instance paths matching a path with '*' segments, among the parameters the ACS knows. */
  expand(pattern: string): readonly string[];
  readonly identity: {
    readonly id: string;
    readonly oui: string;
    readonly productClass: string;
    readonly serialNumber: string;
    readonly manufacturer: string;
  };
  readonly tags: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
}

/** The parameter paths (wildcard patterns as written) a query reads, each once, in first-use order. */
export function referencedPaths(query: Query): string[] {
  const paths = new Set<string>();
  const visit = (node: Query): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
      case 'nor':
        node.clauses.forEach(visit);
        return;
      case 'not':
        visit(node.clause);
        return;
      case 'field':
        if (node.field.kind === 'parameter') paths.add(node.field.path);
        return;
      default: {
        const never: never = node;
        throw new Error(`unexpected query node ${JSON.stringify(never)}`);
      }
    }
  };
  visit(query);
  return [...paths];
}
