import { describe, expect, it } from 'vitest';
import { DeviceCsvError, parseCsvRecords, parseDeviceCsv } from './csv.js';
import { BUNDLED_MODELS } from './models.js';
import { bundledModel } from './testing/models.js';

describe('parseCsvRecords', () => {
  it('reads quoted fields with commas, doubled quotes, CRLF and newlines inside quotes', () => {
    expect(parseCsvRecords('a,"b,c","d""e"\r\n"x\ny",,z')).toEqual([
      ['a', 'b,c', 'd"e'],
      ['x\ny', '', 'z'],
    ]);
  });

  it('ignores a BOM and a final newline', () => {
    expect(parseCsvRecords('\uFEFFa,b\n')).toEqual([['a', 'b']]);
  });
});

describe('parseDeviceCsv', () => {
  it('given the short layout, reads rows and takes the identity from DeviceID rows', () => {
    const dump = parseDeviceCsv(
      [
        'Parameter,Object,Writable,Value,Value type',
        'DeviceID.Manufacturer,false,false,"Acme, Inc.",xsd:string',
        'DeviceID.OUI,false,false,A1B2C3,xsd:string',
        'DeviceID.ProductClass,false,false,Box,xsd:string',
        'DeviceID.SerialNumber,false,false,SN1,xsd:string',
        'Events.Inform,false,false,2023-01-01T00:00:00Z,xsd:dateTime',
        'Device,true,false,,',
        'Device.X,false,true,1,xsd:unsignedInt',
      ].join('\n'),
    );
    expect(dump.identity).toEqual({
      manufacturer: 'Acme, Inc.',
      oui: 'A1B2C3',
      productClass: 'Box',
      serialNumber: 'SN1',
    });
    expect(dump.rows.map((r) => r.path)).toEqual(['Device', 'Device.X']);
    expect(dump.rows[1]).toMatchObject({
      object: false,
      writable: true,
      value: '1',
      type: 'xsd:unsignedInt',
    });
  });

  it('given the long layout, reads notification and access list by column name', () => {
    const dump = parseDeviceCsv(
      [
        'Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,Notification,Notification timestamp,Access list,Access list timestamp',
        'DeviceID.OUI,false,t,false,t,"00259E",xsd:string,t,,,,',
        'DeviceID.SerialNumber,false,t,false,t,"S",xsd:string,t,,,,',
        'Device.A,false,t,true,t,"v",xsd:string,t,2,t,"Subscriber",t',
      ].join('\n'),
    );
    expect(dump.rows).toEqual([
      {
        path: 'Device.A',
        object: false,
        writable: true,
        value: 'v',
        type: 'xsd:string',
        notification: 2,
        accessList: ['Subscriber'],
      },
    ]);
    expect(dump.identity.productClass).toBe('');
  });

  it('given no DeviceID.SerialNumber row, refuses the dump', () => {
    expect(() =>
      parseDeviceCsv('Parameter,Object,Writable,Value,Value type\nDeviceID.OUI,false,false,A,'),
    ).toThrow(DeviceCsvError);
  });
});

describe('the bundled models', () => {
  const expected = new Map([
    [
      'huawei-eg8145v5',
      {
        root: 'InternetGatewayDevice.',
        oui: '00259E',
        productClass: 'EG8145V5',
        serial: '48575443A94196A5',
        min: 600,
      },
    ],
    [
      'bm632w',
      {
        root: 'InternetGatewayDevice.',
        oui: '202BC1',
        productClass: 'BM632w',
        serial: '8KA8WA1151100043',
        min: 1000,
      },
    ],
    [
      'tplink-ec220-g5',
      { root: 'Device.', oui: '9CA2F4', productClass: 'EC220-G5', serial: '22275K2000315', min: 900 },
    ],
    [
      'tplink-xx230v',
      { root: 'Device.', oui: '1C61B4', productClass: 'Device2', serial: '22275A7000395', min: 6300 },
    ],
    [
      'tr181-generic',
      { root: 'Device.', oui: '000000', productClass: 'TR181-Generic', serial: 'HE181G000000001', min: 7000 },
    ],
    [
      'tr098-generic',
      {
        root: 'InternetGatewayDevice.',
        oui: '000000',
        productClass: 'TR098-Generic',
        serial: 'HE098G000000001',
        min: 2000,
      },
    ],
  ]);

  it.each(BUNDLED_MODELS.map((m) => m.name))(
    '%s loads with its identity, one root and no exporter rows',
    (name) => {
      const model = bundledModel(name);
      const want = expected.get(name);
      expect(want).toBeDefined();
      expect(model.base.root).toBe(want?.root);
      expect(model.identity).toMatchObject({
        oui: want?.oui,
        productClass: want?.productClass,
        serialNumber: want?.serial,
      });
      expect(model.base.nodes.size).toBeGreaterThan(want?.min ?? 0);
      for (const path of model.base.nodes.keys()) {
        expect(path.startsWith(model.base.root)).toBe(true);
      }
      expect(model.base.nodes.get(`${model.base.root}ManagementServer.ParameterKey`)?.object).toBe(false);
      expect(model.base.nodes.get(`${model.base.root}DeviceInfo.`)?.object).toBe(true);
    },
  );
});
