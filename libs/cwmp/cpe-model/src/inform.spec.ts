import { decodeCwmp } from '@headend/cwmp-codec';
import { describe, expect, it } from 'vitest';
import { generateSerialNumber } from './identity.js';
import { buildInform, changeValueLocally } from './inform.js';
import { createCpe, informAccepted, periodicInformInterval, sessionFailed } from './lifecycle.js';
import { seededRandom } from './random.js';
import { bundledModel, cpeOf, T0 } from './testing/models.js';
import { encodeAtCpe } from './wire.js';
import { NO_QUIRKS } from './state.js';

describe('buildInform', () => {
  it('on the very first start, reports 0 BOOTSTRAP + 1 BOOT and the TR-098 forced parameters', () => {
    const inform = buildInform(cpeOf('bm632w'), T0);
    expect(inform.deviceId).toEqual({
      manufacturer: 'Huawei Technologies Co., Ltd.',
      oui: '202BC1',
      productClass: 'BM632w',
      serialNumber: '8KA8WA1151100043',
    });
    expect(inform.event.map((e) => e.eventCode)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    expect(inform).toMatchObject({ maxEnvelopes: 1, retryCount: 0, currentTime: '2025-01-01T12:00:00Z' });
    expect(inform.parameterList.map((p) => p.name)).toEqual([
      'InternetGatewayDevice.DeviceSummary',
      'InternetGatewayDevice.DeviceInfo.HardwareVersion',
      'InternetGatewayDevice.DeviceInfo.SoftwareVersion',
      'InternetGatewayDevice.DeviceInfo.SpecVersion',
      'InternetGatewayDevice.DeviceInfo.ProvisioningCode',
      'InternetGatewayDevice.ManagementServer.ParameterKey',
      'InternetGatewayDevice.ManagementServer.ConnectionRequestURL',
      'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress',
    ]);
  });

  it('reports the TR-181 forced parameters of a Device:2 model', () => {
    const names = buildInform(cpeOf('tplink-xx230v'), T0).parameterList.map((p) => p.name);
    expect(names).toEqual([
      'Device.RootDataModelVersion',
      'Device.DeviceInfo.HardwareVersion',
      'Device.DeviceInfo.SoftwareVersion',
      'Device.DeviceInfo.ProvisioningCode',
      'Device.ManagementServer.ParameterKey',
      'Device.ManagementServer.ConnectionRequestURL',
      'Device.ManagementServer.AliasBasedAddressing',
    ]);
  });

  it('after a failed attempt, carries the RetryCount and keeps the events', () => {
    const failed = sessionFailed(cpeOf('bm632w'), T0, seededRandom(3)).state;
    const inform = buildInform(failed, T0 + 10_000);
    expect(inform.retryCount).toBe(1);
    expect(inform.event.map((e) => e.eventCode)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
  });

  it('reports a local change of an active-notification parameter with 4 VALUE CHANGE', () => {
    const cpe = informAccepted(cpeOf('bm632w'), { event: cpeOf('bm632w').events });
    const path = 'InternetGatewayDevice.DeviceInfo.ProvisioningCode';
    const node = cpe.tree.base.nodes.get(path);
    expect(node).toBeDefined();
    const watched = {
      ...cpe,
      tree: { ...cpe.tree, changed: new Map([[path, { ...node!, notification: 2 }]]) },
    };
    const inform = buildInform(changeValueLocally(watched, path, 'NEW'), T0);
    expect(inform.event.map((e) => e.eventCode)).toEqual(['4 VALUE CHANGE']);
    expect(inform.parameterList.find((p) => p.name === path)?.value).toBe('NEW');
    expect(changeValueLocally(cpe, path, 'quiet').events).toEqual([]);
  });

  it('encodes to an Inform the codec reads back identically', () => {
    const inform = buildInform(cpeOf('tplink-ec220-g5'), T0);
    const xml = encodeAtCpe(inform, { namespace: 'urn:dslforum-org:cwmp-1-2', id: '1', quirks: NO_QUIRKS });
    const back = decodeCwmp(xml);
    expect(back.ok && back.kind === 'message' && back.envelope.body).toEqual(inform);
  });
});

describe('identity variation', () => {
  it('keeps the serial number shape and is deterministic per seed', () => {
    const a = generateSerialNumber('48575443A94196A5', seededRandom(1));
    expect(a).toMatch(/^48575443[0-9A-F]{8}$/);
    expect(generateSerialNumber('48575443A94196A5', seededRandom(1))).toBe(a);
    expect(generateSerialNumber('48575443A94196A5', seededRandom(2))).not.toBe(a);
    expect(generateSerialNumber('8KA8WA1151100043', seededRandom(1))).toMatch(/^8KA8WA11[0-9]{8}$/);
  });

  it('gives a device its serial number in the tree and reads PeriodicInformInterval', () => {
    const model = bundledModel('huawei-eg8145v5');
    const cpe = createCpe({
      base: model.base,
      identity: { ...model.identity, serialNumber: 'ABC' },
      values: new Map([['InternetGatewayDevice.ManagementServer.PeriodicInformInterval', '120']]),
      now: T0,
    });
    expect(buildInform(cpe, T0).deviceId.serialNumber).toBe('ABC');
    expect(cpe.tree.changed.get('InternetGatewayDevice.DeviceInfo.SerialNumber')?.value).toBe('ABC');
    expect(periodicInformInterval(cpe)).toBe(120);
    expect(periodicInformInterval(cpeOf('tplink-xx230v'))).toBe(60);
  });
});
