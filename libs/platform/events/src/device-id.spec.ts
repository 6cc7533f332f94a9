import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_ID_MAX_LENGTH, DeviceId, DeviceIdentity, deviceIdOf, parseDeviceId } from './device-id.js';

const id = (oui: string, productClass: string, serialNumber: string) =>
  deviceIdOf({ oui, productClass, serialNumber });

describe('deviceIdOf', () => {
  it('given a plain identity, when encoded, then it is OUI-ProductClass-SerialNumber', () => {
    expect(id('EC43F6', 'P2601HN_F1', 'EC43F69AF408')).toBe('EC43F6-P2601HN_F1-EC43F69AF408');
  });

  it('given characters outside [A-Za-z0-9_], when encoded, then they are UTF-8 %XX like GenieACS', () => {
    // GenieACS: esc('BCM Serials') === 'BCM%20Serials', esc('P-2601HN-F1') === 'P%2D2601HN%2DF1'
    expect(id('00a859', 'BCM Serials', 'S.N~1')).toBe('00a859-BCM%20Serials-S%2EN%7E1');
    expect(id('EC43F6', 'P-2601HN-F1', 'X')).toBe('EC43F6-P%2D2601HN%2DF1-X');
    expect(id('A', 'é', '😀')).toBe('A-%C3%A9-%F0%9F%98%80');
  });

  it('given an empty product class, when encoded, then the id has two parts as in GenieACS', () => {
    expect(id('001234', '', 'CZWBT16OCH00058')).toBe('001234-CZWBT16OCH00058');
  });

  it.each([
    ['__proto__', '__proto__'],
    ['{', '%7B'],
    ['}', '%7D'],
    ['-', '%2D'],
    ['%', '%25'],
    [':', '%3A'],
    ['a b', 'a%20b'],
    ['\u0000', '%00'],
  ])('given the hostile serial %j, when encoded, then it is %s', (serial, encoded) => {
    expect(id('OUI', 'PC', serial)).toBe(`OUI-PC-${encoded}`);
    expect(parseDeviceId(`OUI-PC-${encoded}`)).toEqual({
      oui: 'OUI',
      productClass: 'PC',
      serialNumber: serial,
    });
  });

  it('given any strings, when encoded, then the id is safe in keys and Redis hash tags and parses back', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        (oui, pc, sn) => {
          const encoded = id(oui, pc, sn);
          expect(encoded).toMatch(/^[A-Za-z0-9_%-]*$/);
          expect(parseDeviceId(encoded)).toEqual({ oui, productClass: pc, serialNumber: sn });
        },
      ),
    );
  });

  it('given two different identities, when encoded, then the ids differ', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.string(), fc.string(), fc.string()),
        fc.tuple(fc.string(), fc.string(), fc.string()),
        (a, b) => {
          fc.pre(a.join('\u0001') !== b.join('\u0001'));
          fc.pre(!a.some((s) => /[\ud800-\udfff]/.test(s)) && !b.some((s) => /[\ud800-\udfff]/.test(s)));
          expect(id(...a)).not.toBe(id(...b));
        },
      ),
    );
  });

  it('given 64-character parts of 3-byte characters, when encoded, then the id is at the documented maximum', () => {
    const part = '€'.repeat(64);
    const encoded = id(part, part, part);
    expect(encoded.length).toBe(DEVICE_ID_MAX_LENGTH);
    expect(DeviceId.safeParse(encoded).success).toBe(true);
  });
});

describe('parseDeviceId', () => {
  it.each([
    ['', 'empty'],
    ['ONLYONE', 'one part'],
    ['A-B-C-D', 'four parts'],
    ['A--C', 'empty product class in the three-part form'],
    ['A-%41-C', 'non-canonical escape of a safe character'],
    ['A-%e9-C', 'lower-case hex'],
    ['A-%C3-C', 'truncated UTF-8'],
    ['A-%FF-C', 'invalid UTF-8'],
    ['A-B.C-D', 'unescaped dot'],
    ['A-{x}-D', 'unescaped brace'],
    ['A-%2-D', 'short escape'],
  ])('given %j (%s), when parsed, then it is refused', (value) => {
    expect(parseDeviceId(value)).toBeNull();
    expect(DeviceId.safeParse(value).success).toBe(false);
  });
});

describe('DeviceIdentity schema', () => {
  it('given a 65-character serial number, when validated, then it is refused at serialNumber', () => {
    const result = DeviceIdentity.safeParse({
      oui: 'A',
      productClass: '',
      serialNumber: 'x'.repeat(65),
      manufacturer: null,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['serialNumber']);
  });

  it('given an empty OUI, when validated, then it is refused', () => {
    expect(
      DeviceIdentity.safeParse({ oui: '', productClass: 'x', serialNumber: 'y', manufacturer: null }).success,
    ).toBe(false);
  });
});
