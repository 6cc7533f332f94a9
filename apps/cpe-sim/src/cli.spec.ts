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
});
