import type { Condition, Field, Query, QueryTarget, Truth } from './ast.js';
import { holdsPositive, isNegative } from './compare.js';

/**
 * Evaluates a parsed query against what the ACS knows of a device, in Kleene's three-valued logic.
 * `'unknown'` means a parameter the ACS has not read (or an object whose instances it has not
 * discovered) decides the answer: read `referencedPaths(query)` and evaluate again.
 * Never throws on a query `parseQuery` produced, whatever the target holds.
 */
export function evaluate(query: Query, target: QueryTarget): Truth {
  switch (query.kind) {
    case 'and':
      return every(query.clauses, (clause) => evaluate(clause, target));
    case 'or':
      return some(query.clauses, (clause) => evaluate(clause, target));
    case 'nor':
      return not(some(query.clauses, (clause) => evaluate(clause, target)));
    case 'not':
      return not(evaluate(query.clause, target));
    case 'field': {
      const positive = anyValue(query.field, target, query.condition);
      return isNegative(query.condition) ? not(positive) : positive;
    }
    default: {
      const never: never = query;
      throw new Error(`unexpected query node ${JSON.stringify(never)}`);
    }
  }
}

/** Kleene negation. */
export function not(truth: Truth): Truth {
  return truth === 'unknown' ? truth : !truth;
}

/** Kleene conjunction: false wins, then unknown; true when there is nothing to check. */
function every<T>(items: Iterable<T>, test: (item: T) => Truth): Truth {
  let result: Truth = true;
  for (const item of items) {
    const truth = test(item);
    if (truth === false) return false;
    if (truth === 'unknown') result = 'unknown';
  }
  return result;
}

/** Kleene disjunction: true wins, then unknown; false when there is nothing to check. */
function some<T>(items: Iterable<T>, test: (item: T) => Truth): Truth {
  let result: Truth = false;
  for (const item of items) {
    const truth = test(item);
    if (truth === true) return true;
    if (truth === 'unknown') result = 'unknown';
  }
  return result;
}

/**
 * Whether the condition's positive form holds for some value of the field. A parameter the ACS does
 * not know is unknown; so is a wildcard that expands to nothing, since the ACS cannot tell "no
 * instances" from "instances not yet discovered". Tags, events and identity are always known.
 */
function anyValue(field: Field, target: QueryTarget, condition: Condition): Truth {
  const test = (text: string): boolean => holdsPositive(condition, text);
  const parameter = (path: string): Truth => {
    const known = target.value(path);
    return known === undefined ? 'unknown' : test(known.value);
  };
  switch (field.kind) {
    case 'parameter': {
      if (!field.wildcard) return parameter(field.path);
      const paths = target.expand(field.path);
      return paths.length === 0 ? 'unknown' : some(paths, parameter);
    }
    case 'identity':
      return test(target.identity[field.name]);
    case 'tags':
      return some(target.tags, test);
    case 'events':
      return some(target.events, test);
    default: {
      const never: never = field;
      throw new Error(`unexpected field ${JSON.stringify(never)}`);
    }
  }
}
