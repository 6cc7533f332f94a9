import { describe, expect, it } from 'vitest';
import { preset, requestNames, World } from './testing/world.js';

const IGD = 'InternetGatewayDevice.';
const SSID = `${IGD}LANDevice.1.WLANConfiguration.1.SSID`;
const INTERVAL = `${IGD}ManagementServer.PeriodicInformInterval`;
const VERSION = `${IGD}DeviceInfo.SoftwareVersion`;
const POOL = `${IGD}LANDevice.1.LANHostConfigManagement.DHCPConditionalServingPool.`;

describe('presets: parameter values', () => {
  it('given a preset for two values, when a device boots, then one read and one write converge it', () => {
    const world = new World();
    world.presets = [
      preset('wifi', {
        configurations: [
          { kind: 'value', path: SSID, value: 'headend' },
          { kind: 'value', path: INTERVAL, value: 300 },
        ],
      }),
    ];
    const first = world.session();
    // Both are read in one request, and both written in one.
    expect(requestNames(first)).toEqual(['GetParameterValues', 'SetParameterValues']);
    expect(first.rpcs[0]).toEqual({ type: 'GetParameterValues', parameterNames: [SSID, INTERVAL] });
    expect(first.rpcs[1]).toMatchObject({
      parameterList: [
        { name: SSID, value: 'headend', type: 'xsd:string' },
        { name: INTERVAL, value: '300', type: 'xsd:unsignedInt' },
      ],
    });
    expect(world.actual(SSID)).toBe('headend');
    expect(world.actual(INTERVAL)).toBe('300');

    const second = world.session();
    expect(second.rpcs).toEqual([]);
  });

  it('given a value that already holds, then it is read once and never written', () => {
    const world = new World();
    world.presets = [preset('same', { configurations: [{ kind: 'value', path: INTERVAL, value: 10 }] })];
    expect(requestNames(world.session())).toEqual(['GetParameterValues']);
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a precondition on an unread parameter, then it is read first and the preset applies only if it matches', () => {
    const world = new World();
    world.presets = [
      preset('match', {
        precondition: { [`${IGD}LANDevice.1.WLANConfiguration.1.Enable`]: true },
        configurations: [{ kind: 'value', path: SSID, value: 'enabled-wifi' }],
      }),
      preset('nomatch', {
        precondition: { [`${IGD}LANDevice.1.WLANConfiguration.1.Enable`]: false },
        configurations: [{ kind: 'value', path: INTERVAL, value: 77 }],
      }),
    ];
    const log = world.session();
    expect(log.rpcs[0]).toEqual({
      type: 'GetParameterValues',
      parameterNames: [`${IGD}LANDevice.1.WLANConfiguration.1.Enable`],
    });
    expect(world.actual(SSID)).toBe('enabled-wifi');
    expect(world.actual(INTERVAL)).toBe('10');
  });

  it('given two presets that disagree, then the higher priority wins', () => {
    const world = new World();
    world.presets = [
      preset('low', { priority: 1, configurations: [{ kind: 'value', path: INTERVAL, value: 100 }] }),
      preset('high', { priority: 5, configurations: [{ kind: 'value', path: INTERVAL, value: 500 }] }),
    ];
    world.session();
    expect(world.actual(INTERVAL)).toBe('500');
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a path the device does not have, then it is read once, found absent, and never written', () => {
    const world = new World();
    world.presets = [
      preset('ghost', { configurations: [{ kind: 'value', path: `${IGD}No.Such`, value: 'x' }] }),
    ];
    const log = world.session();
    expect(requestNames(log)).toEqual(['GetParameterValues']);
    expect(log.answers[0]).toMatchObject({ type: 'Fault', detail: { faultCode: 9005 } });
    expect(world.projection?.absent).toContain(`${IGD}No.Such`);
    expect(world.session().rpcs).toEqual([]);
  });

  it('given tags to add and remove, then the projection carries them without any RPC', () => {
    const world = new World();
    world.presets = [
      preset('tags', {
        configurations: [
          { kind: 'tag', tag: 'managed', present: true },
          { kind: 'tag', tag: 'new', present: false },
        ],
      }),
    ];
    expect(world.session().rpcs).toEqual([]);
    expect(world.projection?.tags).toEqual(['managed']);
  });
});

describe('presets: object instances', () => {
  const guest = {
    kind: 'instance',
    object: POOL,
    key: [{ name: 'VendorClassID', value: 'guest' }],
    values: [{ name: 'Enable', value: true }],
  };

  it('given an instance that must exist, then instances are listed, keys read, and one AddObject plus one write create it', () => {
    const world = new World();
    world.presets = [preset('guest', { configurations: [guest] })];
    const log = world.session();
    expect(requestNames(log)).toEqual([
      'GetParameterNames',
      'GetParameterValues',
      'AddObject',
      'SetParameterValues',
    ]);
    expect(log.rpcs[0]).toEqual({ type: 'GetParameterNames', parameterPath: POOL, nextLevel: true });
    const created = log.answers[2] as { instanceNumber: number };
    expect(world.actual(`${POOL}${created.instanceNumber}.VendorClassID`)).toBe('guest');
    expect(world.actual(`${POOL}${created.instanceNumber}.Enable`)).toBe('true');
    expect(world.session().rpcs).toEqual([]);
  });

  it('given an instance that must not exist, then the matching instance is deleted and stays deleted', () => {
    const world = new World();
    world.presets = [preset('guest', { configurations: [guest] })];
    world.session();
    world.presets = [
      preset('noguest', { configurations: [{ kind: 'noInstance', object: POOL, key: guest.key }] }),
    ];
    const log = world.session();
    expect(requestNames(log)).toEqual(['DeleteObject']);
    expect(world.session().rpcs).toEqual([]);
  });
});

describe('presets: software, attributes, refresh, reboot', () => {
  it('given a software version preset, then the file is downloaded once and the version converges', () => {
    const world = new World('bm632w', { transferSeconds: [1, 1] });
    world.files.set('fw2', {
      id: 'fw2',
      name: 'fw2',
      fileType: '1 Firmware Upgrade Image',
      length: 1000,
      url: 'http://files.example/V2.bin',
      version: 'V2',
    });
    world.presets = [
      preset('fw', { configurations: [{ kind: 'softwareVersion', version: 'V2', fileId: 'fw2' }] }),
    ];
    expect(requestNames(world.session())).toEqual(['Download']);
    expect(world.session().rpcs).toEqual([]);
    world.now += 60_000;
    world.session();
    expect(world.actual(VERSION)).toBe('V2');
    expect(world.believed(VERSION)).toBe('V2');
    expect(world.projection?.transfers).toEqual([]);
    world.now += 60_000;
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a notification preset, then attributes are read and set once', () => {
    const world = new World();
    world.presets = [
      preset('notify', { configurations: [{ kind: 'notification', path: SSID, notification: 2 }] }),
    ];
    expect(requestNames(world.session())).toEqual(['GetParameterAttributes', 'SetParameterAttributes']);
    expect(world.session().rpcs).toEqual([]);
  });

  it('given a refresh every hour, then the subtree is read whole, and again only after an hour', () => {
    const world = new World();
    world.presets = [
      preset('refresh', {
        configurations: [{ kind: 'refresh', path: `${IGD}DeviceInfo.`, everySeconds: 3600 }],
      }),
    ];
    const log = world.session();
    expect(requestNames(log)).toEqual(['GetParameterNames', 'GetParameterValues']);
    expect(world.session().rpcs).toEqual([]);
    world.now += 3_600_000;
    expect(requestNames(world.session())).toEqual(['GetParameterNames', 'GetParameterValues']);
  });

  it('given a reboot-once preset, then the device reboots once per preset revision', () => {
    const world = new World();
    world.presets = [preset('boot', { configurations: [{ kind: 'reboot' }] })];
    expect(requestNames(world.session())).toEqual(['Reboot']);
    world.now += 60_000;
    expect(world.session().rpcs).toEqual([]);
    world.presets = [preset('boot', { configurations: [{ kind: 'reboot' }] }, 2)];
    expect(requestNames(world.session())).toEqual(['Reboot']);
  });
});
