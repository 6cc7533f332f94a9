import type { Condition, Scalar } from './ast.js';

/**
 * A device value as a number: a plain decimal literal (sign, digits, one point, exponent) that is
 * finite. No whitespace, hex, `Infinity` or empty string, all of which `Number()` would accept.
 * Checked character by character, without a regex.
 */
export function deviceNumber(text: string): number | undefined {
  if (text.length === 0) return undefined;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 69 || c === 101; // 0-9 + - . E e
    if (!ok) return undefined;
  }
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/** A device value as a TR-069 boolean: `1`, `0`, `true`, `false`, in any case. */
export function deviceBoolean(text: string): boolean | undefined {
  if (text.length > 5) return undefined;
  switch (text.toLowerCase()) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default:
      return undefined;
  }
}

/** Whether a device value equals an operand, compared as the operand's type. */
export function equals(value: string, operand: Scalar): boolean {
  if (typeof operand === 'string') return value === operand;
  if (typeof operand === 'number') return deviceNumber(value) === operand;
  return deviceBoolean(value) === operand;
}

/** The sign of `value - operand` compared as the operand's type; undefined when they cannot be compared. */
function order(value: string, operand: string | number): -1 | 0 | 1 | undefined {
  const left = typeof operand === 'number' ? deviceNumber(value) : value;
  if (left === undefined) return undefined;
  return left < operand ? -1 : left > operand ? 1 : 0;
}

/**
 * Whether one known value satisfies a condition's positive form. For the negative operators (`ne`,
 * `nin`, `exists: false`) that is the form they negate: `eq`, `in`, `exists: true`.
 */
export function holdsPositive(condition: Condition, value: string): boolean {
  switch (condition.op) {
    case 'eq':
    case 'ne':
      return equals(value, condition.operand);
    case 'in':
    case 'nin':
      return condition.operands.some((operand) => equals(value, operand));
    case 'exists':
      return true;
    case 'gt':
      return (order(value, condition.operand) ?? 0) > 0;
    case 'gte': {
      const sign = order(value, condition.operand);
      return sign !== undefined && sign >= 0;
    }
    case 'lt':
      return (order(value, condition.operand) ?? 0) < 0;
    case 'lte': {
      const sign = order(value, condition.operand);
      return sign !== undefined && sign <= 0;
    }
    case 'prefix':
      return value.startsWith(condition.operand);
    case 'suffix':
      return value.endsWith(condition.operand);
    case 'contains':
      return value.includes(condition.operand);
  }
}

/** Whether a condition holds when its positive form holds for no value of the field. */
export function isNegative(condition: Condition): boolean {
  return condition.op === 'ne' || condition.op === 'nin' || (condition.op === 'exists' && !condition.operand);
}
