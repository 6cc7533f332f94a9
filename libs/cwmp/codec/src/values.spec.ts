import { describe, expect, it } from 'vitest';
import {
  classifyDateTime,
  formatDateTime,
  readBase64,
  readBoolean,
  readDateTime,
  readHexBinary,
  readInt,
  readLong,
  readTypedValue,
  readUnsignedInt,
  readUnsignedLong,
} from './values.js';

describe('typed value accessors', () => {
  it.each([
    ['1', true],
    ['0', false],
    ['true', true],
    ['false', false],
    [' TRUE ', true],
    ['False', false],
  ])('given boolean text %j, when read, then %s', (raw, value) => {
    expect(readBoolean(raw)).toEqual({ ok: true, value });
  });

  it.each(['', 'yes', '2', 'on'])('given %j, when read as boolean, then it is refused', (raw) => {
    expect(readBoolean(raw).ok).toBe(false);
  });

  it('given the edges of int, unsignedInt, long and unsignedLong, when read, then in-range values pass and one past fails', () => {
    expect(readInt('-2147483648')).toEqual({ ok: true, value: -2147483648 });
    expect(readInt('2147483648').ok).toBe(false);
    expect(readUnsignedInt('4294967295')).toEqual({ ok: true, value: 4294967295 });
    expect(readUnsignedInt('-1').ok).toBe(false);
    expect(readUnsignedInt('4294967296').ok).toBe(false);
    expect(readLong('-9223372036854775808')).toEqual({ ok: true, value: -(2n ** 63n) });
    expect(readLong('9223372036854775808').ok).toBe(false);
    expect(readUnsignedLong('18446744073709551615')).toEqual({ ok: true, value: 2n ** 64n - 1n });
    expect(readUnsignedLong('18446744073709551616').ok).toBe(false);
    expect(readInt(' +42 ')).toEqual({ ok: true, value: 42 });
    expect(readInt('4.2').ok).toBe(false);
  });

  it('given dateTimes with Z, an offset and no time zone, when read, then the instant and hasTimezone are right', () => {
    const z = readDateTime('2015-01-19T23:08:24Z');
    const offset = readDateTime('2016-01-30T13:20:27+01:00');
    const local = readDateTime('2015-01-19T23:08:24.5');
    expect(z.ok && [z.value.date.toISOString(), z.value.hasTimezone, z.value.kind]).toEqual([
      '2015-01-19T23:08:24.000Z',
      true,
      'absolute',
    ]);
    expect(offset.ok && offset.value.date.toISOString()).toBe('2016-01-30T12:20:27.000Z');
    expect(local.ok && [local.value.date.toISOString(), local.value.hasTimezone]).toEqual([
      '2015-01-19T23:08:24.500Z',
      false,
    ]);
  });

  it('given the TR-106 unknown time and a time since boot, when read, then they are classified', () => {
    expect(readDateTime('0001-01-01T00:00:00Z')).toMatchObject({ ok: true, value: { kind: 'unknown' } });
    expect(readDateTime('0001-01-01T00:01:40Z')).toMatchObject({
      ok: true,
      value: { kind: 'sinceBoot', secondsSinceBoot: 100 },
    });
  });

  it.each([
    '2019-03-05T11:54::14',
    '2019-02-29T00:00:00Z',
    '2019-13-01T00:00:00Z',
    '2019-01-01T24:00:01Z',
    '2019-01-01 00:00:00',
    '0000-01-01T00:00:00Z',
    '2019-01-01T00:00:00+15:00',
    '',
  ])('given invalid dateTime %j, when read, then it is refused', (raw) => {
    expect(readDateTime(raw).ok).toBe(false);
    expect(classifyDateTime(raw)).toBe('invalid');
  });

  it('given a Date, when formatted, then it is an xsd:dateTime in UTC that reads back to the same instant', () => {
    const d = new Date('2024-05-01T12:00:00.250Z');
    expect(formatDateTime(d)).toBe('2024-05-01T12:00:00.250Z');
    expect(formatDateTime(new Date('2024-05-01T12:00:00Z'))).toBe('2024-05-01T12:00:00Z');
    const back = readDateTime(formatDateTime(d));
    expect(back.ok && back.value.date.getTime()).toBe(d.getTime());
  });

  it('given base64 and hexBinary, when read, then bytes come back; invalid text is refused', () => {
    expect(readBase64('AAEC/w==')).toEqual({ ok: true, value: new Uint8Array([0, 1, 2, 255]) });
    expect(readBase64('AAEC\n/w==')).toEqual({ ok: true, value: new Uint8Array([0, 1, 2, 255]) });
    expect(readBase64('AAE').ok).toBe(false);
    expect(readHexBinary('00ff10')).toEqual({ ok: true, value: new Uint8Array([0, 255, 16]) });
    expect(readHexBinary('0f0').ok).toBe(false);
  });

  it('given parameter values, when read by their xsi:type, then each gets its typed reading', () => {
    expect(readTypedValue({ value: '0', type: 'xsd:boolean' })).toEqual({ type: 'boolean', value: false });
    expect(readTypedValue({ value: '7', type: 'xsd:unsignedInt' })).toEqual({
      type: 'unsignedInt',
      value: 7,
    });
    expect(readTypedValue({ value: '-7', type: 'xsd:unsignedInt' })).toMatchObject({
      type: 'invalid',
      declared: 'xsd:unsignedInt',
    });
    expect(readTypedValue({ value: 'AA==', type: 'xsd:base64' })).toEqual({
      type: 'base64',
      value: new Uint8Array([0]),
    });
    expect(readTypedValue({ value: 'x', type: undefined })).toEqual({ type: 'string', value: 'x' });
    expect(readTypedValue({ value: 'x', type: 'cwmp:Weird' })).toEqual({
      type: 'unknown',
      declared: 'cwmp:Weird',
      value: 'x',
    });
    expect(readTypedValue({ value: '99', type: 'xsd:long' })).toEqual({ type: 'long', value: 99n });
  });
});
