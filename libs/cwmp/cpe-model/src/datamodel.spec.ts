import { describe, expect, it } from 'vitest';
import type { DataModelEntry } from './datamodel.js';
import { dataModelRows, formatDataModelCsv, modelFromDataModel, parseDataModelCsv } from './datamodel.js';
import { handleAcsRequest } from './handlers/dispatch.js';
import { buildInform } from './inform.js';
import { periodicInformInterval } from './lifecycle.js';
import { cpeOf, ctxAt, T0 } from './testing/models.js';
import { valueAt } from './tree.js';

const obj = (path: string, writable = false): DataModelEntry => ({
  path,
  object: true,
  writable,
  type: '',
  defaultValue: '',
  notification: 0,
});
const leaf = (path: string, type: string, defaultValue = '', writable = true): DataModelEntry => ({
  path,
  object: false,
  writable,
  type,
  defaultValue,
  notification: 0,
});

const SMALL: DataModelEntry[] = [
  obj('Device.'),
  leaf('Device.IP.InterfaceNumberOfEntries', 'xsd:unsignedInt', '0', false),
  obj('Device.IP.'),
  obj('Device.IP.Interface.{i}.', true),
  leaf('Device.IP.Interface.{i}.Alias', 'xsd:string'),
  leaf('Device.IP.Interface.{i}.Enable', 'xsd:boolean', 'false'),
  leaf('Device.IP.Interface.{i}.IPv4AddressNumberOfEntries', 'xsd:unsignedInt', '0', false),
  obj('Device.IP.Interface.{i}.IPv4Address.{i}.', true),
  leaf('Device.IP.Interface.{i}.IPv4Address.{i}.IPAddress', 'xsd:string', '', true),
];

describe('trees from a data model definition', () => {
  it('given one instance per table, every path exists once, with counts, aliases and overrides', () => {
    const rows = dataModelRows(SMALL, new Map([['Device.IP.Interface.1.Enable', 'true']]));
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(rows.map((r) => r.path)).toEqual([
      'Device',
      'Device.IP.InterfaceNumberOfEntries',
      'Device.IP',
      'Device.IP.Interface',
      'Device.IP.Interface.1',
      'Device.IP.Interface.1.Alias',
      'Device.IP.Interface.1.Enable',
      'Device.IP.Interface.1.IPv4AddressNumberOfEntries',
      'Device.IP.Interface.1.IPv4Address',
      'Device.IP.Interface.1.IPv4Address.1',
      'Device.IP.Interface.1.IPv4Address.1.IPAddress',
    ]);
    expect(byPath.get('Device.IP.InterfaceNumberOfEntries')?.value).toBe('1');
    expect(byPath.get('Device.IP.Interface.1.IPv4AddressNumberOfEntries')?.value).toBe('1');
    expect(byPath.get('Device.IP.Interface.1.Alias')?.value).toBe('cpe-1');
    expect(byPath.get('Device.IP.Interface.1.Enable')?.value).toBe('true');
    expect(byPath.get('Device.IP.Interface')).toMatchObject({ object: true, writable: true });
  });

  it('with two instances, nested tables multiply', () => {
    const paths = dataModelRows(SMALL, new Map(), 2).map((r) => r.path);
    expect(paths.filter((p) => p.endsWith('.IPAddress'))).toEqual([
      'Device.IP.Interface.1.IPv4Address.1.IPAddress',
      'Device.IP.Interface.1.IPv4Address.2.IPAddress',
      'Device.IP.Interface.2.IPv4Address.1.IPAddress',
      'Device.IP.Interface.2.IPv4Address.2.IPAddress',
    ]);
    expect(paths).toContain('Device.IP.Interface.2.Alias');
  });

  it('the definition CSV reads back what was written, quotes and commas included', () => {
    const entries = [...SMALL, leaf('Device.X', 'xsd:string', 'a,"b"')];
    expect(parseDataModelCsv(formatDataModelCsv(entries))).toEqual(entries);
    expect(() =>
      modelFromDataModel('x', 'Path,Object\n', {
        namespace: 'urn:dslforum-org:cwmp-1-2',
        identity: { manufacturer: '', oui: '', productClass: '', serialNumber: '' },
      }),
    ).toThrow(/"Writable"/);
  });
});

describe('the bundled data model devices', () => {
  it('tr181-generic: a Device:2.17 tree with every forced Inform parameter and a periodic Inform', () => {
    const cpe = cpeOf('tr181-generic');
    expect(cpe.tree.base.root).toBe('Device.');
    expect(cpe.tree.base.nodes.size).toBeGreaterThan(7000);
    const inform = buildInform(cpe, T0);
    expect(inform.deviceId).toEqual({
      manufacturer: 'Headend cpe-sim',
      oui: '000000',
      productClass: 'TR181-Generic',
      serialNumber: 'HE181G000000001',
    });
    expect(new Map(inform.parameterList.map((p) => [p.name, p.value]))).toEqual(
      new Map([
        ['Device.RootDataModelVersion', '2.17'],
        ['Device.DeviceInfo.HardwareVersion', 'HW1.0'],
        ['Device.DeviceInfo.SoftwareVersion', 'SW2.17.0'],
        ['Device.DeviceInfo.ProvisioningCode', ''],
        ['Device.ManagementServer.ParameterKey', ''],
        ['Device.ManagementServer.ConnectionRequestURL', ''],
        ['Device.ManagementServer.AliasBasedAddressing', 'false'],
      ]),
    );
    expect(periodicInformInterval(cpe)).toBe(3600);
    expect(valueAt(cpe.tree, 'Device.DeviceInfo.ManufacturerOUI')).toBe('000000');
  });

  it('tr181-generic answers the ACS like a dump-based device: AddObject on a table, 9007 on a bad value', () => {
    const cpe = cpeOf('tr181-generic');
    const added = handleAcsRequest(
      cpe,
      { type: 'AddObject', objectName: 'Device.IP.Interface.', parameterKey: 'k' },
      ctxAt(T0),
    );
    expect(added.response).toEqual({ type: 'AddObjectResponse', instanceNumber: 2, status: 0 });
    expect(valueAt(added.state.tree, 'Device.IP.InterfaceNumberOfEntries')).toBe('2');
    expect(valueAt(added.state.tree, 'Device.IP.Interface.2.Alias')).toBe('cpe-2');
    const bad = handleAcsRequest(
      cpe,
      {
        type: 'SetParameterValues',
        parameterList: [{ name: 'Device.IP.Interface.1.Enable', value: 'maybe' }],
        parameterKey: '',
      },
      ctxAt(T0),
    );
    expect(bad.response.type === 'Fault' && bad.response.detail?.faultCode).toBe(9007);
  });

  it('tr098-generic: an InternetGatewayDevice:1.14 tree whose WAN address is forced in the Inform', () => {
    const cpe = cpeOf('tr098-generic');
    expect(cpe.tree.base.root).toBe('InternetGatewayDevice.');
    const names = buildInform(cpe, T0).parameterList.map((p) => p.name);
    expect(names).toContain('InternetGatewayDevice.DeviceSummary');
    expect(names).toContain(
      'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress',
    );
    expect(valueAt(cpe.tree, 'InternetGatewayDevice.DeviceInfo.SpecVersion')).toBe('1.0');
  });
});
