import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedPassword } from '@headend/cwmp-auth';
import { readBackingServices } from '@headend/config';
import { uniqueName } from '@headend/contract-tests';
import { serializeQueueItem } from '@headend/cwmp-session';
import { deviceIdOf } from '@headend/events';
import { coordinationKeys } from '@headend/ports';
import { RedisCoordinationStore } from '@headend/redis';
import { Redis } from 'ioredis';
import { authorize, counterOf, informXml, nonceOf, postFresh } from './harness/digest-request.js';
import type { GatewayProcess } from './harness/gateway-process.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

/**
 * Authentication at the gateway, end to end (issue 10): credentials bound to their device (3), the
 * headers checked before the body (6), 32-character nonces (10), quiet re-challenges (13), empty
 * passwords (15), replay protection that survives Redis losing its data (8).
 */
const services = readBackingServices(process.env);
const serial = () => uniqueName('SN').replaceAll('-', '');
const idOf = (serialNumber: string) => deviceIdOf({ oui: '00259E', productClass: 'HG8245', serialNumber });
const derivedOf = (id: string) => derivedPassword(Buffer.from(TEST_DERIVE_SECRET, 'hex'), id);

// Devices of the register gateway's credentials file: K has a password, E an empty one.
const K = serial();
const E = serial();
const SHARED = 'acsuser'; // a record under a name that is not a device id

let derived: GatewayProcess;
let register: GatewayProcess;
let redis: RedisCoordinationStore;

async function endPlan(deviceId: string): Promise<void> {
  await redis.enqueue(coordinationKeys.rpcQueue(deviceId), [serializeQueueItem({ kind: 'end' })]);
  await redis.publish(coordinationKeys.wakeup(deviceId), 'planned');
}

/** Digest as `username` / `password`, then an Inform naming `serialNumber`; the status. */
async function informAs(
  gateway: GatewayProcess,
  username: string,
  password: string,
  serialNumber: string,
): Promise<number> {
  const authorization = await authorize(gateway.port, username, password);
  return (await postFresh(gateway.port, informXml(serialNumber), { authorization })).status;
}

/**
 * Sends the headers and the first bytes of a `length`-byte body, and then nothing: resolves the
 * status if an answer comes within `withinMs` (the body was never needed), else 'no answer'.
 */
function answerBeforeBody(
  port: number,
  headers: Readonly<Record<string, string>>,
  length: number,
  withinMs: number,
): Promise<number | 'no answer'> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    const lines = Object.entries({ host: 'acs', 'content-length': String(length), ...headers }).map(
      ([k, v]) => `${k}: ${v}`,
    );
    socket.write(`POST / HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n<soap:Env`);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      done('no answer');
    }, withinMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (status) {
        clearTimeout(timer);
        socket.destroy();
        done(Number(status[1]));
      }
    });
    socket.on('error', () => undefined);
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'headend-auth-'));
  const credentials = join(dir, 'devices.json');
  writeFileSync(credentials, JSON.stringify({ [idOf(K)]: 'k-secret', [idOf(E)]: '', [SHARED]: 'shared' }));
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  [derived, register] = await Promise.all([
    startGatewayOnFreePorts({ HEADEND_PLAN_TIMEOUT_MS: '4000' }),
    startGatewayOnFreePorts({
      HEADEND_AUTH_DERIVE_SECRET: '',
      HEADEND_AUTH_CREDENTIALS_FILE: credentials,
      HEADEND_AUTH_UNKNOWN_DEVICES: 'register',
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([derived, register].map((g) => g?.stop()));
  await redis?.close();
});

describe('credentials are bound to the device they authenticate (register policy, a credentials file)', () => {
  it('given `nobody` with any password and an Inform naming a device on record, then 403 (it was a session as that device)', async () => {
    expect(await informAs(register, 'nobody', 'anything', K)).toBe(403);
    expect(register.output()).toMatch(/"code":"HEADEND_AUTH_UNREGISTERED_USERNAME"/);
  });

  it.each([
    // [credentials, username, password, Inform names, status]
    ['verified', 'K', 'k-secret', 'K', 200],
    ['verified', 'K', 'k-secret', 'a new device', 403],
    ['verified', 'K', 'k-secret', 'E', 403],
    ['verified', 'K', 'wrong', 'K', 401],
    ['unregistered', 'a new device id', 'anything', 'the same new device', 200],
    ['unregistered', 'a new device id', 'anything', 'K', 403],
    ['unregistered', 'a new device id', 'anything', 'another new device', 403],
    ['unregistered', 'nobody', 'anything', 'a new device', 403],
    ['verified', 'acsuser', 'shared', 'a new device', 200],
    ['verified', 'acsuser', 'shared', 'K', 403],
    ['verified', 'acsuser', 'wrong', 'a new device', 401],
    ['verified (empty password)', 'E', '', 'E', 200],
    ['verified (empty password)', 'E', 'not-empty', 'E', 401],
  ] as const)(
    'given %s credentials of %s (password %j) and an Inform naming %s, then %i',
    async (_credential, who, password, names, status) => {
      const fresh = serial();
      const username =
        who === 'K' ? idOf(K) : who === 'E' ? idOf(E) : who === 'a new device id' ? idOf(fresh) : who;
      const informs =
        names === 'K' ? K : names === 'E' ? E : names === 'the same new device' ? fresh : serial();
      expect(await informAs(register, username, password, informs)).toBe(status);
      if (status === 200) await endPlan(idOf(informs));
    },
  );

  it('given derived credentials, when a device signs in as another device id, then 403', async () => {
    const mine = serial();
    expect(await informAs(derived, idOf(mine), derivedOf(idOf(mine)), serial())).toBe(403);
  });
});

describe('the headers are checked before the body', () => {
  it.each([
    ['no Authorization and no session', {}],
    ['a malformed Authorization', { authorization: 'Digest garbage' }],
    [
      'a forged nonce',
      {
        authorization: `Digest username="x", realm="headend", nonce="${'A'.repeat(32)}", uri="/", response="${'0'.repeat(32)}", qop=auth, nc=00000001, cnonce="c"`,
      },
    ],
    ['a cookie naming no live session', { cookie: `headend_session=${idOf('NOSUCH')}:abcdefghijkl` }],
  ])('given %s, then the answer comes without the body (which never arrives)', async (_name, headers) => {
    expect(await answerBeforeBody(derived.port, headers, 1_000_000, 5_000)).toBe(401);
  });

  it('given a wrong response to a real nonce, then 401 before the body', async () => {
    const authorization = await authorize(derived.port, idOf(serial()), 'wrong');
    expect(await answerBeforeBody(derived.port, { authorization }, 1_000_000, 5_000)).toBe(401);
  });

  it('given a 133 KB gzip Inform without credentials, then 401, and the gateway serves on', async () => {
    const big = gzipSync(
      Buffer.from(informXml('x').replace('</soap:Envelope>', `${' '.repeat(3_900_000)}</soap:Envelope>`)),
    );
    const answer = await postFresh(derived.port, big, { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(401);
    const device = new ScriptedCpe(`http://127.0.0.1:${derived.port}/`, serial(), {
      deriveSecret: TEST_DERIVE_SECRET,
    });
    expect((await device.inform()).status).toBe(200);
    await endPlan(device.deviceId);
    expect((await device.send(null)).status).toBe(204);
  });

  it('given a session, then its later requests by cookie (on new connections) still pass without credentials', async () => {
    const s = serial();
    const authorization = await authorize(derived.port, idOf(s), derivedOf(idOf(s)));
    const informed = await postFresh(derived.port, informXml(s), { authorization });
    expect(informed.status).toBe(200);
    const cookie = informed.headers['set-cookie']?.split(';')[0] ?? '';
    await endPlan(idOf(s));
    expect((await postFresh(derived.port, '', { cookie })).status).toBe(204);
  });
});

describe('nonces and re-challenges', () => {
  it('given a challenge, then its nonce has at most 32 characters', async () => {
    for (let i = 0; i < 20; i++) {
      const nonce = nonceOf(await authorize(derived.port, 'x', 'y'));
      expect(nonce.length).toBeGreaterThan(0);
      expect(nonce.length).toBeLessThanOrEqual(32);
    }
  });

  it('given a CPE that starts every session with its last nonce and nc=1, then it is re-challenged quietly: a metric, no warning', async () => {
    const s = serial();
    const id = idOf(s);
    const first = await authorize(derived.port, id, derivedOf(id));
    expect((await postFresh(derived.port, informXml(s), { authorization: first })).status).toBe(200);
    await endPlan(id);
    const before = await counterOf(
      derived.healthPort,
      'headend_cwmp_auth_rechallenges_total{reason="replay"}',
    );
    const again = await authorize(derived.port, id, derivedOf(id), { nonce: nonceOf(first), nc: 1 });
    const answer = await postFresh(derived.port, informXml(s), { authorization: again });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/stale=true/);
    expect(await counterOf(derived.healthPort, 'headend_cwmp_auth_rechallenges_total{reason="replay"}')).toBe(
      before + 1,
    );
    expect(derived.output()).not.toContain(id);
  });
});

describe('replay protection when Redis loses its data', () => {
  it('given a captured Authorization header, when Redis is flushed and it is replayed, then refused (stale), and a fresh challenge works', async () => {
    const s = serial();
    const id = idOf(s);
    const captured = await authorize(derived.port, id, derivedOf(id));
    const first = await postFresh(derived.port, informXml(s), { authorization: captured });
    expect(first.status).toBe(200);
    await endPlan(id);
    const cookie = first.headers['set-cookie']?.split(';')[0] ?? '';
    expect((await postFresh(derived.port, '', { cookie })).status).toBe(204);

    const raw = new Redis(services.redis.url);
    try {
      await raw.flushall();
    } finally {
      raw.disconnect();
    }
    const replay = await postFresh(derived.port, informXml(s), { authorization: captured });
    expect(replay.status).toBe(401);
    expect(replay.headers['www-authenticate']).toMatch(/stale=true/);

    const device = new ScriptedCpe(`http://127.0.0.1:${derived.port}/`, s, {
      deriveSecret: TEST_DERIVE_SECRET,
    });
    expect((await device.inform()).status).toBe(200);
    await endPlan(id);
    expect((await device.send(null)).status).toBe(204);
  });
});
