import { describe, expect, it } from 'vitest';
import type { AuthSuccess } from './authenticator.js';
import { derivedCredentials, firstOf, staticCredentials } from './credentials.js';
import { DERIVED_SECRET, DEVICE } from './testing/fixtures.js';
import { setupAuthenticator } from './testing/login.js';

/**
 * Credentials are bound to the device they authenticate (issue 10 item 3). Every combination of
 * verified / unregistered credentials, device-id / other username, and an Inform naming the same
 * device, another one without credentials, or one with credentials on record.
 */
const OTHER_DEVICE = '00259E-HG8245-OTHER0001'; // a device id with no record
const RECORDED = DEVICE; // a device id with a record
const ANOTHER_RECORDED = '00259E-HG8245-RECORDED2';
const SHARED = 'acsuser'; // a per-device record under a name that is not a device id

const success = (username: string, credential: AuthSuccess['credential']): AuthSuccess => ({
  ok: true,
  scheme: 'digest',
  username,
  credential,
});

const isDeviceId = (username: string) => username.includes('-');

describe('credentials bound to their device', () => {
  const { auth } = setupAuthenticator({
    policy: { realm: 'Headend', unknownDevices: 'register' },
    credentials: staticCredentials(
      new Map([
        [RECORDED, 'right'],
        [ANOTHER_RECORDED, 'other'],
        [SHARED, 'shared'],
      ]),
    ),
  });
  const bind = (username: string, credential: AuthSuccess['credential'], informs: string) =>
    auth.bind(success(username, credential), informs, isDeviceId(username));

  it.each([
    // verified, device-id username
    ['verified', RECORDED, RECORDED, 'ok'],
    ['verified', RECORDED, OTHER_DEVICE, 'other-device'],
    ['verified', RECORDED, ANOTHER_RECORDED, 'other-device'],
    // unregistered, device-id username
    ['unregistered', OTHER_DEVICE, OTHER_DEVICE, 'ok'],
    ['unregistered', OTHER_DEVICE, RECORDED, 'other-device'],
    ['unregistered', 'nobody', ANOTHER_RECORDED, 'unregistered-username'],
    ['unregistered', OTHER_DEVICE, '00259E-HG8245-THIRD', 'other-device'],
    // unregistered, another username (the reported impersonation: `nobody` + an Inform naming K)
    ['unregistered', 'nobody', RECORDED, 'unregistered-username'],
    ['unregistered', 'nobody', OTHER_DEVICE, 'unregistered-username'],
    // verified, another username (a record under a name that is not a device id)
    ['verified', SHARED, RECORDED, 'device-on-record'],
    ['verified', SHARED, OTHER_DEVICE, 'ok'],
  ] as const)(
    'given %s credentials of %s, when the Inform names %s, then %s',
    async (credential, username, informs, expected) => {
      const outcome = await bind(username, credential, informs);
      if (expected === 'ok') expect(outcome).toEqual({ ok: true });
      else
        expect(outcome).toMatchObject({
          ok: false,
          reason: expected,
          username,
          response: { status: 403 },
        });
    },
  );

  it('given derived credentials (every device on record), when a verified username that is not a device id names any device, then refused', async () => {
    const { auth: derived } = setupAuthenticator({
      credentials: firstOf(
        staticCredentials(new Map([[SHARED, 'shared']])),
        derivedCredentials(DERIVED_SECRET),
      ),
    });
    expect(await derived.bind(success(SHARED, 'verified'), OTHER_DEVICE, false)).toMatchObject({
      reason: 'device-on-record',
    });
  });
});
