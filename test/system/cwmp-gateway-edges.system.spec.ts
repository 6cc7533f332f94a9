import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  derivedPassword,
  digestAuthorization,
  findDigestChallenge,
  parseChallenges,
} from '@headend/cwmp-auth';
import { CWMP_NAMESPACES, decodeCwmp, encodeCwmp } from '@headend/cwmp-codec';
import { readBackingServices } from '@headend/config';
import { coordinationKeys } from '@headend/ports';
import { eventually, uniqueName } from '@headend/contract-tests';
import { serializeQueueItem } from '@headend/cwmp-session';
import { deviceIdOf } from '@headend/events';
import { RedisCoordinationStore } from '@headend/redis';
import { servicePid, whileFrozen } from './harness/freeze.js';
import type { GatewayProcess } from './harness/gateway-process.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

const services = readBackingServices(process.env);
const KNOWN = deviceIdOf({ oui: '00259E', productClass: 'HG8245', serialNumber: 'KNOWN1' });

let derived: GatewayProcess;
let perDevice: GatewayProcess;
let register: GatewayProcess;
let redis: RedisCoordinationStore;

const url = (g: GatewayProcess) => `http://127.0.0.1:${g.port}/`;
const serial = () => uniqueName('SN').replaceAll('-', '');

function informXml(serialNumber: string): string {
  return encodeCwmp({
    namespace: CWMP_NAMESPACES['1.0'],
    header: { id: 'i1' },
    body: {
      type: 'Inform',
      deviceId: { manufacturer: 'Huawei', oui: '00259E', productClass: 'HG8245', serialNumber },
      event: [{ eventCode: '2 PERIODIC', commandKey: '' }],
      maxEnvelopes: 1,
      currentTime: '2026-11-22T10:00:00Z',
      retryCount: 0,
      parameterList: [],
    },
  });
}

/** POSTs on a new connection (no session can be bound to it); resolves status and headers. */
function postFresh(port: number, body: string): Promise<{ status: number; wwwAuthenticate: string }> {
  return new Promise((done, fail) => {
    const post = request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: false }, (answer) => {
      answer.resume();
      done({
        status: answer.statusCode ?? 0,
        wwwAuthenticate: String(answer.headers['www-authenticate'] ?? ''),
      });
    });
    post.on('error', fail);
    post.end(body);
  });
}

/** A Digest Authorization header for a request to the gateway, after asking for a challenge. */
async function authorize(
  gateway: GatewayProcess,
  username: string,
  password: string,
  nc = 1,
): Promise<string> {
  const challenged = await postFresh(gateway.port, '');
  const parsed = parseChallenges(challenged.wwwAuthenticate);
  const challenge = parsed.ok ? findDigestChallenge(parsed.challenges) : null;
  if (!challenge) throw new Error(`no Digest challenge (HTTP ${challenged.status})`);
  return digestAuthorization({
    challenge,
    username,
    password,
    method: 'POST',
    uri: '/',
    nc,
    cnonce: randomBytes(8).toString('hex'),
  });
}

async function endPlan(deviceId: string): Promise<void> {
  await redis.enqueue(coordinationKeys.rpcQueue(deviceId), [serializeQueueItem({ kind: 'end' })]);
  await redis.publish(coordinationKeys.wakeup(deviceId), 'planned');
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'headend-creds-'));
  const credentials = join(dir, 'devices.json');
  writeFileSync(credentials, JSON.stringify({ [KNOWN]: 'per-device-secret' }));
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  [derived, perDevice, register] = await Promise.all([
    startGatewayOnFreePorts({
      HEADEND_PLAN_TIMEOUT_MS: '4000',
      HEADEND_MAX_CONCURRENT_REQUESTS: '3',
      HEADEND_APPEND_TIMEOUT_MS: '2000',
      HEADEND_MAX_BODY_BYTES: String(1024 * 1024),
    }),
    startGatewayOnFreePorts({
      HEADEND_AUTH_DERIVE_SECRET: '',
      HEADEND_AUTH_CREDENTIALS_FILE: credentials,
    }),
    startGatewayOnFreePorts({
      HEADEND_AUTH_DERIVE_SECRET: '',
      HEADEND_AUTH_UNKNOWN_DEVICES: 'register',
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([derived, perDevice, register].map((g) => g?.stop()));
  await redis?.close();
});

describe('cwmp-gateway authentication', () => {
  it('given a replayed Authorization header, then it is refused with a fresh challenge', async () => {
    const s = serial();
    const id = deviceIdOf({ oui: '00259E', productClass: 'HG8245', serialNumber: s });
    const authorization = await authorize(
      derived,
      id,
      derivedPassword(Buffer.from(TEST_DERIVE_SECRET, 'hex'), id),
    );
    const first = await fetch(url(derived), {
      method: 'POST',
      body: informXml(s),
      headers: { authorization },
    });
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    await endPlan(id);
    expect((await fetch(url(derived), { method: 'POST', body: '', headers: { cookie } })).status).toBe(204);

    const replay = await fetch(url(derived), {
      method: 'POST',
      body: informXml(s),
      headers: { authorization },
    });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toMatch(/stale=true/);
  });

  it('given per-device credentials, then the right password opens a session, a wrong one is challenged and an unknown device is refused', async () => {
    const right = new ScriptedCpe(url(perDevice), 'KNOWN1', { password: 'per-device-secret' });
    expect((await right.inform()).status).toBe(200);
    await endPlan(KNOWN);
    expect((await right.send(null)).status).toBe(204);

    expect((await new ScriptedCpe(url(perDevice), 'KNOWN1', { password: 'wrong' }).inform()).status).toBe(
      401,
    );
    expect((await new ScriptedCpe(url(perDevice), serial(), { password: 'anything' }).inform()).status).toBe(
      403,
    );
  });

  it('given the register policy, then an unknown device is accepted', async () => {
    const stranger = new ScriptedCpe(url(register), serial(), { password: 'whatever-it-says' });
    expect((await stranger.inform()).status).toBe(200);
    await endPlan(stranger.deviceId);
    expect((await stranger.send(null)).status).toBe(204);
  });
});

describe('cwmp-gateway TLS', () => {
  it('given TLS ending in the gateway, then Basic authentication is accepted over it, and never over plain HTTP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headend-tls-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const credentials = join(dir, 'devices.json');
    writeFileSync(credentials, JSON.stringify({ [KNOWN]: 'per-device-secret' }));
    const tls = await startGatewayOnFreePorts({
      HEADEND_AUTH_DERIVE_SECRET: '',
      HEADEND_AUTH_CREDENTIALS_FILE: credentials,
      HEADEND_TLS_CERT_FILE: cert,
      HEADEND_TLS_KEY_FILE: key,
    });
    try {
      const basic = `Basic ${Buffer.from(`${KNOWN}:per-device-secret`).toString('base64')}`;
      const overTls = await new Promise<number>((done, fail) => {
        const post = httpsRequest(
          {
            host: '127.0.0.1',
            port: tls.port,
            method: 'POST',
            path: '/',
            ca: readFileSync(cert),
            servername: '127.0.0.1',
            headers: { authorization: basic },
          },
          (answer) => {
            answer.resume();
            done(answer.statusCode ?? 0);
          },
        );
        post.on('error', fail);
        post.end(informXml('KNOWN1'));
      });
      expect(overTls).toBe(200);
      await endPlan(KNOWN);
    } finally {
      await tls.stop();
    }
    const plainBasic = `Basic ${Buffer.from(`${KNOWN}:per-device-secret`).toString('base64')}`;
    const overPlain = await fetch(url(perDevice), {
      method: 'POST',
      body: informXml('KNOWN1'),
      headers: { authorization: plainBasic },
    });
    expect(overPlain.status).not.toBe(200);
    expect(overPlain.status).toBe(401);
  });
});

describe('cwmp-gateway against hostile and unusual bodies', () => {
  const hostile: readonly (readonly [string, string, number])[] = [
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><l>&b;</l>',
      8003,
    ],
    [
      'external entity',
      '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><e>&x;</e>',
      8003,
    ],
    ['10,000-deep nesting', `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`, 8004],
    [
      'an unknown method',
      informXml('x')
        .replace(/Inform>/g, 'MadeUp>')
        .replace('<cwmp:Inform', '<cwmp:MadeUp'),
      8000,
    ],
    ['truncated XML', informXml('x').slice(0, 300), 8003],
    ['garbage', '\u0000\u0001 not xml at all', 8003],
    [
      'a __proto__ element',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><__proto__/></soap:Body></soap:Envelope>',
      8003,
    ],
  ];

  it.each(hostile)(
    'given %s inside a session, then a SOAP fault answers it and the session goes on',
    async (_name, body, faultCode) => {
      const device = new ScriptedCpe(url(derived), serial(), { deriveSecret: TEST_DERIVE_SECRET });
      const informed = await device.inform();
      expect(informed.status).toBe(200);
      const cookie = informed.headers.get('set-cookie')?.split(';')[0] ?? '';
      const answer = await fetch(url(derived), { method: 'POST', body, headers: { cookie } });
      expect(answer.status).toBe(500);
      const fault = decodeCwmp(await answer.text());
      expect(fault.ok && fault.kind === 'message' ? fault.envelope.body : null).toMatchObject({
        type: 'Fault',
        detail: { faultCode },
      });
      await endPlan(device.deviceId);
      expect((await device.send(null)).status).toBe(204);
    },
  );

  it('given a hostile body on a new connection outside any session, then it is challenged, not processed', async () => {
    const status = await new Promise<number>((done, fail) => {
      const post = request(
        { host: '127.0.0.1', port: derived.port, method: 'POST', path: '/', agent: false },
        (answer) => {
          answer.resume();
          done(answer.statusCode ?? 0);
        },
      );
      post.on('error', fail);
      post.end(hostile[0]![1]);
    });
    expect(status).toBe(401);
  });

  it('given a 100 MB body, then 401 (no credentials) or, inside a session, 413 comes back without the body being read', async () => {
    const device = new ScriptedCpe(url(derived), serial(), { deriveSecret: TEST_DERIVE_SECRET });
    const informed = await device.inform();
    const cookie = informed.headers.get('set-cookie')?.split(';')[0] ?? '';
    for (const [headers, status] of [
      [{}, 401],
      [{ cookie }, 413],
    ] as const) {
      const started = Date.now();
      const answer = await fetch(url(derived), {
        method: 'POST',
        body: Buffer.alloc(100 * 1024 * 1024, 0x20),
        headers: { ...headers, 'content-length': String(100 * 1024 * 1024) },
      }).catch(() => null);
      // Either the answer arrives, or the server closed the connection while the client was still sending.
      if (answer) expect(answer.status).toBe(status);
      expect(Date.now() - started).toBeLessThan(20_000);
    }
    await endPlan(device.deviceId);
  });

  it('given gzip and deflate bodies, then they are decoded; a gzip bomb is cut at the decompressed cap', async () => {
    for (const [encoding, pack] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
    ] as const) {
      const device = new ScriptedCpe(url(derived), serial(), { deriveSecret: TEST_DERIVE_SECRET });
      const authorization = await authorize(
        derived,
        device.deviceId,
        derivedPassword(Buffer.from(TEST_DERIVE_SECRET, 'hex'), device.deviceId),
      );
      const answer = await fetch(url(derived), {
        method: 'POST',
        body: pack(Buffer.from(informXml(device.serial))),
        headers: { authorization, 'content-encoding': encoding },
      });
      expect(answer.status).toBe(200);
      await endPlan(device.deviceId);
      const cookie = answer.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect((await fetch(url(derived), { method: 'POST', body: '', headers: { cookie } })).status).toBe(204);
    }
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    const device = new ScriptedCpe(url(derived), serial(), { deriveSecret: TEST_DERIVE_SECRET });
    const informed = await device.inform();
    const cookie = informed.headers.get('set-cookie')?.split(';')[0] ?? '';
    const answer = await fetch(url(derived), {
      method: 'POST',
      body: bomb,
      headers: { cookie, 'content-encoding': 'gzip' },
    });
    expect(answer.status).toBe(413);
    expect(await answer.text()).toMatch(/decompressed/);
  });
});

describe('cwmp-gateway shutdown', () => {
  it('given SIGTERM while a CPE waits for its plan, then that request still completes, and new connections are refused', async () => {
    const leaving = await startGatewayOnFreePorts({ HEADEND_PLAN_TIMEOUT_MS: '15000' });
    const device = new ScriptedCpe(url(leaving), serial(), { deriveSecret: TEST_DERIVE_SECRET });
    expect((await device.inform()).status).toBe(200);
    const waiting = device.send(null);
    await new Promise((r) => setTimeout(r, 300));
    const stopped = leaving.stop();
    await new Promise((r) => setTimeout(r, 300));
    await expect(postFresh(leaving.port, '')).rejects.toThrow();
    await endPlan(device.deviceId);
    expect((await waiting).status).toBe(204);
    await stopped;
    // Nest re-raises the signal once shutdown is done, so the process ends by SIGTERM, not a crash.
    expect(leaving.child.signalCode ?? leaving.child.exitCode).toBe('SIGTERM');
    expect(leaving.output()).not.toMatch(/"level":"(fatal|error)"/);
  });
});

describe('cwmp-gateway under load and outages', () => {
  it('given more requests in flight than allowed, then the extra one gets 503 with Retry-After', async () => {
    const devices = [1, 2, 3].map(
      () => new ScriptedCpe(url(derived), serial(), { deriveSecret: TEST_DERIVE_SECRET }),
    );
    for (const device of devices) expect((await device.inform()).status).toBe(200);
    const waiting = devices.map((device) => device.send(null)); // each waits for a plan
    const active = async () =>
      /^headend_cwmp_active_requests (\d+)$/m.exec(
        await (await fetch(`http://127.0.0.1:${derived.healthPort}/metrics`)).text(),
      )?.[1];
    await eventually('three requests waiting for a plan', async () => (await active()) === '3', 6_000);
    // Cluster-wide, from Redis: at least these three (sessions of earlier tests may still be counted
    // until their time-out, but nothing adds any while this test runs).
    const sessions = async () =>
      Number(
        /^headend_cwmp_sessions_active (\S+)$/m.exec(
          await (await fetch(`http://127.0.0.1:${derived.healthPort}/metrics`)).text(),
        )?.[1],
      );
    const during = await sessions();
    expect(during).toBeGreaterThanOrEqual(3);
    const shed = await fetch(url(derived), { method: 'POST', body: '' });
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('10');
    for (const device of devices) await endPlan(device.deviceId);
    expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([204, 204, 204]);
    expect(await sessions()).toBeLessThanOrEqual(during - 3);
  });

  it('given Redis stops answering, then the gateway answers 503, and recovers by itself', async () => {
    const device = new ScriptedCpe(url(derived), serial(), { deriveSecret: TEST_DERIVE_SECRET });
    const port = Number(new URL(services.redis.url).port || 6379);
    const during = await whileFrozen(servicePid('redis', port), () => device.inform());
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('10');
    await new Promise((r) => setTimeout(r, 500));
    expect((await device.inform()).status).toBe(200);
    await endPlan(device.deviceId);
    expect((await device.send(null)).status).toBe(204);
  });

  it('given Kafka stops answering, then the gateway answers 503 without acknowledging, and recovers by itself', async () => {
    const device = new ScriptedCpe(url(derived), serial(), { deriveSecret: TEST_DERIVE_SECRET });
    const port = Number(new URL(services.redis.url).port || 6379);
    const during = await whileFrozen(servicePid('kafka', port), () => device.inform());
    expect(during.status).toBe(503);
    let after = await device.inform();
    for (let attempt = 0; after.status === 503 && attempt < 20; attempt++) {
      await new Promise((r) => setTimeout(r, 500));
      after = await device.inform();
    }
    expect(after.status).toBe(200);
    await endPlan(device.deviceId);
    expect((await device.send(null)).status).toBe(204);
  });
});
