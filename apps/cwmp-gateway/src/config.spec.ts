import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '@headend/ports';
import { readGatewayConfig } from './config.js';

const SECRET = 'ab'.repeat(32);

describe('readGatewayConfig', () => {
  it('given the secrets only, then every other setting has its documented default', () => {
    const config = readGatewayConfig({
      HEADEND_AUTH_NONCE_SECRET: SECRET,
      HEADEND_AUTH_DERIVE_SECRET: SECRET,
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 7547,
      healthPort: 9102,
      maxConcurrentRequests: 2000,
      maxPreauthRequests: 200,
      preauthMaxBodyBytes: 262_144,
      bodyTimeoutMs: 60_000,
      preauthBodyTimeoutMs: 10_000,
      retryAfterSeconds: 10,
      appendLingerMs: 5,
      gateway: {
        sessionTimeoutMs: 60_000,
        maxSessionTimeoutMs: 600_000,
        planTimeoutMs: 10_000,
        appendTimeoutMs: 5_000,
        xmlDeclaration: 'mirror',
        reaperIntervalMs: 10_000,
      },
      auth: { mode: 'digest', realm: 'headend', unknownDevices: 'refuse' },
    });
  });

  it('given HEADEND_AUTH=none, then no secret is needed', () => {
    expect(readGatewayConfig({ HEADEND_AUTH: 'none' }).auth).toEqual({ mode: 'none' });
  });

  it.each([
    [{ HEADEND_AUTH_DERIVE_SECRET: SECRET }, 'HEADEND_AUTH_NONCE_SECRET'],
    [{ HEADEND_AUTH_NONCE_SECRET: SECRET }, 'HEADEND_AUTH_DERIVE_SECRET'],
    [{ HEADEND_AUTH_NONCE_SECRET: 'short', HEADEND_AUTH_DERIVE_SECRET: SECRET }, 'HEADEND_AUTH_NONCE_SECRET'],
    [{ HEADEND_AUTH: 'none', HEADEND_CWMP_PORT: '70000' }, 'HEADEND_CWMP_PORT'],
    [{ HEADEND_AUTH: 'none', HEADEND_XML_DECLARATION: 'sometimes' }, 'HEADEND_XML_DECLARATION'],
    [{ HEADEND_AUTH: 'none', HEADEND_PLAN_TIMEOUT_MS: '0' }, 'HEADEND_PLAN_TIMEOUT_MS'],
    [{ HEADEND_AUTH: 'none', HEADEND_APPEND_LINGER_MS: '-1' }, 'HEADEND_APPEND_LINGER_MS'],
    [{ HEADEND_AUTH: 'none', HEADEND_SESSION_TIMEOUT_MAX_MS: '0' }, 'HEADEND_SESSION_TIMEOUT_MAX_MS'],
    [{ HEADEND_AUTH: 'none', HEADEND_REDIS_URL: 'http://x' }, 'HEADEND_REDIS_URL'],
    [
      { HEADEND_AUTH: 'none', HEADEND_SESSION_REAPER_INTERVAL_MS: '50' },
      'HEADEND_SESSION_REAPER_INTERVAL_MS',
    ],
    [
      { HEADEND_AUTH_NONCE_SECRET: SECRET, HEADEND_AUTH_CREDENTIALS_FILE: '/nonexistent/devices.json' },
      'HEADEND_AUTH_CREDENTIALS_FILE',
    ],
  ])('given %o, then start-up fails naming %s', (env, variable) => {
    let caught: unknown;
    try {
      readGatewayConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfigError);
    expect((caught as InvalidConfigError).variable).toBe(variable);
  });

  it('given an empty optional variable, then it counts as unset', () => {
    const config = readGatewayConfig({
      HEADEND_AUTH_NONCE_SECRET: SECRET,
      HEADEND_AUTH_DERIVE_SECRET: '',
      HEADEND_AUTH_UNKNOWN_DEVICES: 'register',
    });
    expect(config.auth).toMatchObject({ mode: 'digest', deriveSecret: null, unknownDevices: 'register' });
  });

  it("given a credentials file with an empty password, then it is loaded as that device's password", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'headend-config-')), 'devices.json');
    writeFileSync(file, JSON.stringify({ '00259E-HG8245-A1': '', '00259E-HG8245-A2': 'x' }));
    const config = readGatewayConfig({
      HEADEND_AUTH_NONCE_SECRET: SECRET,
      HEADEND_AUTH_CREDENTIALS_FILE: file,
    });
    if (config.auth.mode !== 'digest') throw new Error('expected digest');
    expect(config.auth.devicePasswords.get('00259E-HG8245-A1')).toBe('');
    expect(config.auth.devicePasswords.get('00259E-HG8245-A2')).toBe('x');
  });

  it('given pre-authentication limits above the session ones, then they are held to them', () => {
    const config = readGatewayConfig({
      HEADEND_AUTH: 'none',
      HEADEND_MAX_CONCURRENT_REQUESTS: '50',
      HEADEND_PREAUTH_MAX_CONCURRENT_REQUESTS: '500',
      HEADEND_MAX_BODY_BYTES: '1000',
      HEADEND_BODY_TIMEOUT_MS: '2000',
      HEADEND_PREAUTH_BODY_TIMEOUT_MS: '9000',
    });
    expect(config).toMatchObject({
      maxPreauthRequests: 50,
      preauthMaxBodyBytes: 1000,
      preauthBodyTimeoutMs: 2000,
    });
  });
});
