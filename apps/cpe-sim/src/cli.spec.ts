import { describe, expect, it } from 'vitest';
import { CliError, parseCli } from './cli.js';

describe('parseCli', () => {
  it('reads the fleet options', () => {
    const cli = parseCli([
      '--acs-url',
      'http://127.0.0.1:7547/',
      '--devices',
      '500',
      '--models',
      'bm632w:3,tplink-xx230v',
      '--interval',
      '300',
      '--storm-seconds',
      '0',
      '--derive-secret',
      's3cret',
      '--quirk-no-cookies',
      '0.25',
      '--cr-port',
      '0',
      '--no-keep-alive',
    ]);
    expect(cli.fleet).toMatchObject({
      devices: 500,
      models: [
        { name: 'bm632w', weight: 3 },
        { name: 'tplink-xx230v', weight: 1 },
      ],
      periodicIntervalSeconds: 300,
      stormSeconds: 0,
      deriveSecret: 's3cret',
      quirks: { noCookies: 0.25, noXmlDeclaration: 0 },
      crPort: 0,
      keepAlive: false,
    });
  });

  it('names the flag at fault', () => {
    expect(() => parseCli(['--devices', '10'])).toThrow(/--acs-url/);
    expect(() => parseCli(['--acs-url', 'http://x', '--devices', 'ten'])).toThrow(/--devices/);
    expect(() => parseCli(['--acs-url', 'http://x', '--models', 'nokia'])).toThrow(CliError);
    expect(() => parseCli(['--acs-url', 'http://x', '--quirk-basic-only', '2'])).toThrow(
      /--quirk-basic-only/,
    );
    expect(parseCli(['--help']).help).toBe(true);
  });

  it('reads repeated --inject-fault flags, their share, and the shares of the CPE-initiated requests', () => {
    const cli = parseCli([
      '--acs-url',
      'https://acs.example/',
      '--inject-fault',
      'SetParameterValues:InternetGatewayDevice.ManagementServer.PeriodicInformInterval=9002x1',
      '--inject-fault',
      'Download=9010',
      '--inject-fault-share',
      '0.5',
      '--autonomous-transfer-share',
      '1',
      '--kicked-share',
      '0.1',
      '--models',
      'tr181-generic,tr098-generic:2',
      '--insecure',
      '--ca-file',
      '/tmp/ca.pem',
    ]);
    expect(cli.fleet).toMatchObject({
      injectedFaults: [
        {
          method: 'SetParameterValues',
          path: 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval',
          code: 9002,
          times: 1,
        },
        { method: 'Download', code: 9010 },
      ],
      injectedFaultShare: 0.5,
      initiatedRequests: {
        AutonomousTransferComplete: 1,
        RequestDownload: 0,
        Kicked: 0.1,
        AutonomousDUStateChangeComplete: 0,
      },
      models: [
        { name: 'tr181-generic', weight: 1 },
        { name: 'tr098-generic', weight: 2 },
      ],
      insecureTls: true,
      caFile: '/tmp/ca.pem',
    });
  });

  it('names the fault spec or share at fault', () => {
    const base = ['--acs-url', 'http://x'];
    expect(() => parseCli([...base, '--inject-fault', 'Reboot'])).toThrow(/--inject-fault: "Reboot" is not/);
    expect(() => parseCli([...base, '--inject-fault', 'Inform=9002'])).toThrow(/not an ACS method/);
    expect(() => parseCli([...base, '--inject-fault-share', '0.5'])).toThrow(
      /needs at least one --inject-fault/,
    );
    expect(() => parseCli([...base, '--kicked-share', '1.5'])).toThrow(/--kicked-share/);
  });
});
