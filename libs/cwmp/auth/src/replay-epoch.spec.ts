import { describe, expect, it } from 'vitest';
import { coordinationKeys } from '@headend/ports';
import { basicAuthorization } from './client.js';
import { staticCredentials } from './credentials.js';
import { DEVICE, T0 } from './testing/fixtures.js';
import { challengeOf, loginWith, REQUEST, setupAuthenticator } from './testing/login.js';

describe('replay protection across a replay store that lost its data', () => {
  it('given an accepted header, when the store loses its data and the header is replayed, then refused as stale-epoch with a stale challenge', async () => {
    const { auth, store } = setupAuthenticator();
    const { outcome, authorization } = await loginWith(auth);
    expect(outcome).toMatchObject({ ok: true });
    store.lose(); // Redis restarted empty: the (nonce, nc) claim is gone
    const replay = await auth.authenticate({ ...REQUEST, authorization, now: T0 + 900 });
    expect(replay).toMatchObject({ ok: false, reason: 'stale-epoch', code: 'HEADEND_AUTH_STALE_EPOCH' });
    if (replay.ok) return;
    expect(challengeOf(replay.response).stale).toBe(true);
    // The challenge that came with the refusal is of the new epoch: it works.
    expect((await loginWith(auth, { now: T0 + 1_000 })).outcome).toMatchObject({ ok: true });
  });

  it('given another replica that issued nonces before the loss, when one of them is answered after it, then stale-epoch; that replica then issues nonces that work', async () => {
    const { auth: first, store } = setupAuthenticator();
    const { authorization } = await loginWith(first);
    const { auth: second } = setupAuthenticator({ replayStore: store });
    await second.challenge({ secure: false, now: T0 }); // learns the epoch
    store.lose();
    expect(await second.authenticate({ ...REQUEST, authorization, now: T0 + 900 })).toMatchObject({
      reason: 'stale-epoch',
    });
    expect((await loginWith(second, { now: T0 + 1_000 })).outcome).toMatchObject({ ok: true });
    // The first replica still issues with the old epoch: one stale round, then it has learnt.
    const stale = await loginWith(first, { now: T0 + 1_100 });
    expect(stale.outcome).toMatchObject({ reason: 'stale-epoch' });
    expect((await loginWith(first, { now: T0 + 1_200 })).outcome).toMatchObject({ ok: true });
  });

  it('given no epoch in the store, when the first challenge is issued, then one is created and kept; two replicas agree on it', async () => {
    const { auth, store } = setupAuthenticator();
    expect(await store.get(coordinationKeys.nonceEpoch())).toBeNull();
    await auth.challenge({ secure: false, now: T0 });
    const epoch = await store.get(coordinationKeys.nonceEpoch());
    expect(epoch).toMatch(/^[0-9a-f]{8}$/);
    const { auth: other } = setupAuthenticator({ replayStore: store });
    await other.challenge({ secure: false, now: T0 });
    expect(await store.get(coordinationKeys.nonceEpoch())).toBe(epoch);
    expect(store.keys.get(coordinationKeys.nonceEpoch())).toBeGreaterThan(365 * 24 * 3_600_000);
  });

  it('given a failed or challenged request, when answered, then no claim is written (the epoch read aside)', async () => {
    const { auth, store } = setupAuthenticator();
    await loginWith(auth, { password: 'wrong' });
    expect([...store.keys.keys()]).toEqual([coordinationKeys.nonceEpoch()]);
  });
});

describe('empty passwords (CPEs that ship without one)', () => {
  const credentials = staticCredentials(new Map([[DEVICE, '']]));

  it('given an empty password on record, when Digest answers with it, then verified; a non-empty one is refused', async () => {
    const { auth } = setupAuthenticator({ credentials });
    expect((await loginWith(auth, { password: '' })).outcome).toEqual({
      ok: true,
      scheme: 'digest',
      username: DEVICE,
      credential: 'verified',
    });
    expect((await loginWith(auth, { password: 'x' })).outcome).toMatchObject({ reason: 'bad-response' });
  });

  it('given an empty password on record, when Basic over TLS sends it, then verified; a non-empty one is refused', async () => {
    const { auth } = setupAuthenticator({ credentials });
    const basic = (password: string) =>
      auth.authenticate({ ...REQUEST, secure: true, authorization: basicAuthorization(DEVICE, password) });
    expect(await basic('')).toMatchObject({ ok: true, credential: 'verified' });
    expect(await basic('x')).toMatchObject({ reason: 'bad-password' });
  });
});
