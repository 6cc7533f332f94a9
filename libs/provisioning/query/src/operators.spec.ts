import { describe, expect, it } from 'vitest';
import type { Truth } from './ast.js';
import { deviceBoolean, deviceNumber } from './compare.js';
import { evaluate } from './evaluate.js';
import { parseQuery } from './parse.js';
import { targetOf } from './testing/target.js';

const PATH = 'Device.DeviceInfo.X';

/** The condition evaluated on a device whose parameter PATH holds `value`. */
function on(value: string, condition: unknown): Truth {
  const result = parseQuery({ [PATH]: condition });
  if (!result.ok) throw new Error(result.error);
  return evaluate(result.query, targetOf({ parameters: { [PATH]: value } }));
}

describe('reading device values', () => {
  it.each([
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
    ['2.50', 2.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['-1.5E-2', -0.015],
  ])('given %j, when read as a number, then it is %d', (text, number) => {
    expect(deviceNumber(text)).toBe(number);
  });

  it.each(['', ' 42', '42 ', '0x2A', '0b1', 'Infinity', '1e999', 'NaN', '1,5', '1.2.3', '-', 'e5', '4_2'])(
    'given %j, when read as a number, then it is not one',
    (text) => {
      expect(deviceNumber(text)).toBeUndefined();
    },
  );

  it.each([
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['0', false],
    ['false', false],
    ['FaLsE', false],
  ])('given %j, when read as a TR-069 boolean, then it is %s', (text, truth) => {
    expect(deviceBoolean(text)).toBe(truth);
  });

  it.each(['', 'yes', 'on', '2', ' 1', 'true '])('given %j, then it is not a TR-069 boolean', (text) => {
    expect(deviceBoolean(text)).toBeUndefined();
  });
});

describe('equality, by the operand type', () => {
  it.each<[string, unknown, boolean]>([
    ['home', 'home', true],
    ['Home', 'home', false],
    ['10', '10.0', false],
    ['10', 10, true],
    ['10.0', 10, true],
    ['1e1', 10, true],
    ['ten', 10, false],
    ['', 0, false],
    ['1', true, true],
    ['TRUE', true, true],
    ['0', false, true],
    ['false', true, false],
    ['yes', true, false],
    ['1', 1, true],
  ])('given %j, when compared with %j, then $eq is %s and $ne its negation', (value, operand, equal) => {
    expect(on(value, operand)).toBe(equal);
    expect(on(value, { $eq: operand })).toBe(equal);
    expect(on(value, { $ne: operand })).toBe(!equal);
  });
});

describe('ordering, by the operand type', () => {
  it('given numbers, then they compare numerically, not as text', () => {
    expect(on('9', { $lt: 10 })).toBe(true);
    expect(on('9', { $lt: '10' })).toBe(false); // as strings, "9" > "10"
    expect(on('10', { $gt: 9.5 })).toBe(true);
    expect(on('-3', { $gt: -2 })).toBe(false);
  });

  it.each<[string, string | number, [boolean, boolean, boolean, boolean]]>([
    ['5', 5, [false, true, false, true]],
    ['4', 5, [false, false, true, true]],
    ['6', 5, [true, true, false, false]],
    ['b', 'b', [false, true, false, true]],
    ['a', 'b', [false, false, true, true]],
    ['c', 'b', [true, true, false, false]],
    ['B', 'a', [false, false, true, true]], // ordinal: upper case sorts first
    ['2024-03-01T00:00:00Z', '2024-02-29T23:59:59Z', [true, true, false, false]],
    ['n/a', 5, [false, false, false, false]], // not a number: every comparison is false
    ['', 0, [false, false, false, false]],
  ])('given %j against %j, then $gt $gte $lt $lte are %j', (value, operand, expected) => {
    expect([
      on(value, { $gt: operand }),
      on(value, { $gte: operand }),
      on(value, { $lt: operand }),
      on(value, { $lte: operand }),
    ]).toEqual(expected);
  });

  it('given a range on one field, then both bounds must hold', () => {
    expect(on('7', { $gte: 5, $lt: 10 })).toBe(true);
    expect(on('10', { $gte: 5, $lt: 10 })).toBe(false);
  });
});

describe('membership', () => {
  it('given mixed operand types, then each member is compared as its own type', () => {
    expect(on('1', { $in: ['x', 1] })).toBe(true);
    expect(on('true', { $in: [true] })).toBe(true);
    expect(on('01', { $in: ['1'] })).toBe(false);
    expect(on('01', { $in: [1] })).toBe(true);
    expect(on('x', { $in: [] })).toBe(false);
  });

  it('given $nin, then it holds when no member matches', () => {
    expect(on('b', { $nin: ['a', 'c'] })).toBe(true);
    expect(on('b', { $nin: ['a', 'b'] })).toBe(false);
    expect(on('x', { $nin: [] })).toBe(true);
  });
});

describe('existence and text operators', () => {
  it('given a known parameter, then $exists true holds and $exists false does not', () => {
    expect(on('', { $exists: true })).toBe(true);
    expect(on('', { $exists: false })).toBe(false);
  });

  it('given text operators, then they match literally and case-sensitively', () => {
    expect(on('V2.1.0-beta', { $prefix: 'V2.' })).toBe(true);
    expect(on('V2.1.0-beta', { $prefix: 'v2.' })).toBe(false);
    expect(on('V2.1.0-beta', { $suffix: '-beta' })).toBe(true);
    expect(on('V2.1.0-beta', { $suffix: 'beta-' })).toBe(false);
    expect(on('V2.1.0-beta', { $contains: '.1.' })).toBe(true);
    expect(on('V2.1.0-beta', { $contains: '.*' })).toBe(false); // no pattern syntax
    expect(on('anything', { $prefix: '' })).toBe(true);
  });
});
