import { describe, expect, it } from 'vitest';
import type { QueryTarget, Truth } from './ast.js';
import { evaluate } from './evaluate.js';
import { parseQuery } from './parse.js';
import type { TargetSpec } from './testing/target.js';
import { targetOf } from './testing/target.js';

function evaluateJson(json: unknown, target: QueryTarget): Truth {
  const result = parseQuery(json);
  if (!result.ok) throw new Error(result.error);
  return evaluate(result.query, target);
}

const ALL_OPERATORS = [
  'x',
  { $eq: 'x' },
  { $ne: 'x' },
  { $gt: 1 },
  { $gte: 'a' },
  { $lt: 1 },
  { $lte: 'a' },
  { $in: ['x'] },
  { $nin: ['x'] },
  { $exists: true },
  { $exists: false },
  { $prefix: 'x' },
  { $suffix: 'x' },
  { $contains: 'x' },
];

describe('parameters the ACS does not know', () => {
  it.each(ALL_OPERATORS)(
    'given an unread parameter, when the condition is %j, then it is unknown',
    (condition) => {
      expect(evaluateJson({ 'Device.A.B': condition }, targetOf())).toBe('unknown');
    },
  );

  it('given a discovered parameter whose value is not read, then a condition on it is unknown', () => {
    const target = targetOf({ parameters: { 'Device.A.B': undefined } });
    expect(evaluateJson({ 'Device.A.B': { $exists: true } }, target)).toBe('unknown');
  });
});

describe('wildcard paths, with MongoDB array semantics', () => {
  const ssids: TargetSpec = {
    parameters: { 'Device.WiFi.SSID.1.SSID': 'home', 'Device.WiFi.SSID.2.SSID': 'guest' },
  };
  const wildcard = (condition: unknown, spec: TargetSpec = ssids) =>
    evaluateJson({ 'Device.WiFi.SSID.*.SSID': condition }, targetOf(spec));

  it('given a positive operator, then it holds when any instance matches', () => {
    expect(wildcard('guest')).toBe(true);
    expect(wildcard('office')).toBe(false);
    expect(wildcard({ $in: ['office', 'home'] })).toBe(true);
    expect(wildcard({ $prefix: 'gu' })).toBe(true);
    expect(wildcard({ $gt: 'h' })).toBe(true); // "home" > "h", though "guest" is not
    expect(wildcard({ $exists: true })).toBe(true);
  });

  it('given a negative operator, then it holds only when no instance matches the positive form', () => {
    expect(wildcard({ $ne: 'guest' })).toBe(false); // instance 1 is not "guest", but instance 2 is
    expect(wildcard({ $ne: 'office' })).toBe(true);
    expect(wildcard({ $nin: ['guest', 'office'] })).toBe(false);
    expect(wildcard({ $nin: ['office'] })).toBe(true);
    expect(wildcard({ $exists: false })).toBe(false);
  });

  it('given two conditions on one wildcard, then each may be met by a different instance', () => {
    expect(wildcard({ $prefix: 'h', $suffix: 't' })).toBe(true);
  });

  it('given instances whose values are unread, then a match elsewhere decides, else it is unknown', () => {
    const partly: TargetSpec = {
      parameters: { 'Device.WiFi.SSID.1.SSID': 'home', 'Device.WiFi.SSID.2.SSID': undefined },
    };
    expect(wildcard('home', partly)).toBe(true);
    expect(wildcard('guest', partly)).toBe('unknown');
    expect(wildcard({ $ne: 'home' }, partly)).toBe(false);
    expect(wildcard({ $ne: 'guest' }, partly)).toBe('unknown');
  });

  it('given no known instance, then every condition is unknown', () => {
    for (const condition of ALL_OPERATORS) expect(wildcard(condition, {})).toBe('unknown');
  });

  it('given several wildcard segments, then every combination of instances is considered', () => {
    const spec: TargetSpec = {
      parameters: { 'Device.IP.Interface.1.IPv4Address.3.IPAddress': '10.0.0.1' },
    };
    expect(
      evaluateJson({ 'Device.IP.Interface.*.IPv4Address.*.IPAddress': '10.0.0.1' }, targetOf(spec)),
    ).toBe(true);
  });
});

describe('reserved fields', () => {
  const device = targetOf({
    identity: {
      id: '00D09E-Box-S1',
      oui: '00D09E',
      productClass: 'Box',
      serialNumber: 'S1',
      manufacturer: 'Acme',
    },
    tags: ['lab', 'beta'],
    events: ['1 BOOT', 'M Reboot'],
  });

  it.each<[string, unknown, Truth]>([
    ['DeviceID.ID', '00D09E-Box-S1', true],
    ['DeviceID.OUI', '00D09E', true],
    ['DeviceID.OUI', { $in: ['00D09E', 'A0B1C2'] }, true],
    ['DeviceID.ProductClass', { $ne: 'Box' }, false],
    ['DeviceID.SerialNumber', { $prefix: 'S' }, true],
    ['DeviceID.Manufacturer', 'acme', false],
    ['DeviceID.SerialNumber', { $exists: false }, false],
    ['Tags', 'lab', true],
    ['Tags', 'prod', false],
    ['Tags', { $ne: 'lab' }, false],
    ['Tags', { $ne: 'prod' }, true],
    ['Tags', { $in: ['prod', 'beta'] }, true],
    ['Tags', { $nin: ['prod', 'beta'] }, false],
    ['Tags', { $prefix: 'be' }, true],
    ['Tags', { $exists: true }, true],
    ['Events', '1 BOOT', true],
    ['Events', '0 BOOTSTRAP', false],
    ['Events', { $ne: '0 BOOTSTRAP' }, true],
    ['Events', { $suffix: ' Reboot' }, true],
  ])('given a known device, when %s is %j, then it is %s', (field, condition, expected) => {
    expect(evaluateJson({ [field]: condition }, device)).toBe(expected);
  });

  it('given a device without tags or events, then positive conditions are false, negative ones true', () => {
    const bare = targetOf();
    expect(evaluateJson({ Tags: 'lab' }, bare)).toBe(false);
    expect(evaluateJson({ Tags: { $exists: true } }, bare)).toBe(false);
    expect(evaluateJson({ Tags: { $nin: ['lab'] } }, bare)).toBe(true);
    expect(evaluateJson({ Events: { $ne: '1 BOOT' } }, bare)).toBe(true);
  });
});

describe('three-valued logic', () => {
  // Three clauses whose truth is known in advance: true, false, and unknown (an unread parameter).
  const target = targetOf({ parameters: { 'Device.A.T': 'yes' } });
  const clause = (truth: Truth) =>
    truth === 'unknown' ? { 'Device.A.U': 'yes' } : { 'Device.A.T': truth ? 'yes' : 'no' };

  it.each<[Truth, Truth, Truth, Truth]>([
    // a, b, a AND b, a OR b
    [true, true, true, true],
    [true, false, false, true],
    [true, 'unknown', 'unknown', true],
    [false, true, false, true],
    [false, false, false, false],
    [false, 'unknown', false, 'unknown'],
    ['unknown', true, 'unknown', true],
    ['unknown', false, false, 'unknown'],
    ['unknown', 'unknown', 'unknown', 'unknown'],
  ])('given %s and %s, then $and is %s, $or is %s and $nor the negation of $or', (a, b, and, or) => {
    expect(evaluateJson({ $and: [clause(a), clause(b)] }, target)).toBe(and);
    expect(evaluateJson({ $or: [clause(a), clause(b)] }, target)).toBe(or);
    expect(evaluateJson({ $nor: [clause(a), clause(b)] }, target)).toBe(or === 'unknown' ? or : !or);
  });

  it.each<[Truth, Truth]>([
    [true, false],
    [false, true],
    ['unknown', 'unknown'],
  ])('given %s, then $not is %s', (a, expected) => {
    expect(evaluateJson({ $not: clause(a) }, target)).toBe(expected);
  });

  it('given an empty query, then every device matches', () => {
    expect(evaluateJson({}, targetOf())).toBe(true);
  });

  it('given several keys, then they are ANDed, and a false one decides over an unknown one', () => {
    expect(evaluateJson({ 'Device.A.U': 'yes', 'Device.A.T': 'no' }, target)).toBe(false);
    expect(evaluateJson({ 'Device.A.U': 'yes', 'Device.A.T': 'yes' }, target)).toBe('unknown');
  });
});
