import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { uniqueName } from '@headend/contract-tests';
import { deviceIdOf } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import type { Subscription } from '@headend/ports';
import { RedisCoordinationStore } from '@headend/redis';
import { authorize, counterOf, nonceOf } from './harness/digest-request.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import { startInstantPlanner } from './harness/instant-planner.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

/**
 * Issue 10 item 5: connections that send a body one byte at a time must not starve real CPEs. The
 * gateway runs with a small request-slot count (HEADEND_MAX_CONCURRENT_REQUESTS) and more slow
 * connections than slots are kept open against it, while 20 CPEs keep their periodic sessions.
 */
const services = readBackingServices(process.env);
const SLOTS = 40;
const ATTACKERS = 100; // more than the slots
const CPES = 20;
const RUN_MS = 20_000;
const TRICKLE_MS = 2_000; // one byte every 2 s

let log: KafkaEventLog;
let redis: RedisCoordinationStore;
let planner: Subscription;

beforeAll(async () => {
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'slow-bodies-test' });
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  planner = await startInstantPlanner(log, redis, uniqueName('instant-planner'));
}, 120_000);

afterAll(async () => {
  await planner?.stop();
  await Promise.all([log?.close(), redis?.close()]);
});

/**
 * Keeps `count` connections open that send headers and then a body one byte every TRICKLE_MS; one
 * that the gateway closes is opened again at once, so the pressure never lets up.
 */
function slowAttack(
  port: number,
  count: number,
  headersFor: (i: number) => Record<string, string> | Promise<Record<string, string>>,
) {
  const sockets = new Set<Socket>();
  /** The statuses the attack connections were answered, and how often. */
  const answers = new Map<string, number>();
  let opened = 0;
  let running = true;
  const open = async (i: number) => {
    const headers = await Promise.resolve(headersFor(i)).catch(() => ({}));
    if (!running) return;
    opened++;
    const socket = connect(port, '127.0.0.1');
    sockets.add(socket);
    const all = { host: 'acs', 'content-type': 'text/xml', 'content-length': '100000', ...headers };
    const lines = Object.entries(all).map(([k, v]) => `${k}: ${v}`);
    socket.write(`POST / HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    const trickle = setInterval(() => socket.write('<'), TRICKLE_MS);
    socket.on('data', (chunk: Buffer) => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1];
      if (status) answers.set(status, (answers.get(status) ?? 0) + 1);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(trickle);
      sockets.delete(socket);
      setTimeout(() => void open(i), 50);
    });
  };
  for (let i = 0; i < count; i++) void open(i);
  return {
    openNow: () => sockets.size,
    opened: () => opened,
    answers: () => Object.fromEntries(answers),
    stop() {
      running = false;
      for (const socket of sockets) socket.destroy();
    },
  };
}

const newSerial = () => uniqueName('SN').replaceAll('-', '');
const idOf = (serialNumber: string) => deviceIdOf({ oui: '00259E', productClass: 'HG8245', serialNumber });

/** CPES devices running periodic sessions (Inform, empty POST, 204) for RUN_MS; sessions ok / failed. */
async function periodicSessions(port: number, serials: readonly string[], password?: (id: string) => string) {
  let ok = 0;
  let failed = 0;
  const failures = new Map<string, number>();
  const deadline = Date.now() + RUN_MS;
  await Promise.all(
    serials.map(async (serial) => {
      const id = idOf(serial);
      const cpe = new ScriptedCpe(`http://127.0.0.1:${port}/`, serial, {
        ...(password ? { password: password(id) } : { deriveSecret: TEST_DERIVE_SECRET }),
      });
      while (Date.now() < deadline) {
        const outcome = await (async () => {
          const informed = await cpe.inform();
          if (informed.status !== 200) return `inform ${informed.status}`;
          const ended = await cpe.send(null);
          return ended.status === 204 ? 'ok' : `empty POST ${ended.status}`;
        })().catch((error: unknown) => `error ${String(error).slice(0, 60)}`);
        if (outcome === 'ok') ok++;
        else {
          failed++;
          failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }),
  );
  return { ok, failed, failures: Object.fromEntries(failures) };
}

describe('slow bodies do not starve real CPEs', () => {
  it(`given ${ATTACKERS} connections trickling bodies (no credentials, forged cookies, wrong Digest) against ${SLOTS} request slots, then at least 99% of ${CPES} CPEs' periodic sessions complete`, async () => {
    const gateway = await startGatewayOnFreePorts({
      HEADEND_MAX_CONCURRENT_REQUESTS: String(SLOTS),
      HEADEND_PLAN_TIMEOUT_MS: '10000',
    });
    try {
      const wrong = await authorize(gateway.port, 'x', 'y');
      const attack = slowAttack(gateway.port, ATTACKERS, (i): Record<string, string> => {
        if (i % 3 === 0) return {};
        if (i % 3 === 1) return { cookie: `headend_session=00259E-HG8245-X${i}:abcdefghijklmnop` };
        return { authorization: wrong };
      });
      await new Promise((r) => setTimeout(r, 2_000));
      const result = await periodicSessions(gateway.port, Array.from({ length: CPES }, newSerial));
      const held = attack.openNow();
      attack.stop();
      process.stderr.write(
        `slow bodies (no credentials): ${JSON.stringify({ ...result, attackConnections: attack.opened(), openAtEnd: held, answers: attack.answers() })}\n`,
      );
      expect(result.ok).toBeGreaterThan(CPES * 5);
      expect(result.ok / (result.ok + result.failed)).toBeGreaterThanOrEqual(0.99);
    } finally {
      await gateway.stop();
    }
  }, 90_000);

  it(`given the register policy and ${ATTACKERS} connections trickling bodies under unregistered device ids, then they are held to the pre-authentication budget (shed beyond it) and at least 99% of the sessions of CPEs with credentials complete`, async () => {
    const serials = Array.from({ length: CPES }, newSerial);
    const dir = mkdtempSync(join(tmpdir(), 'headend-slow-'));
    const credentials = join(dir, 'devices.json');
    writeFileSync(credentials, JSON.stringify(Object.fromEntries(serials.map((s) => [idOf(s), `pw-${s}`]))));
    const gateway = await startGatewayOnFreePorts({
      HEADEND_AUTH_DERIVE_SECRET: '',
      HEADEND_AUTH_CREDENTIALS_FILE: credentials,
      HEADEND_AUTH_UNKNOWN_DEVICES: 'register',
      HEADEND_MAX_CONCURRENT_REQUESTS: String(SLOTS),
      HEADEND_PREAUTH_MAX_CONCURRENT_REQUESTS: String(SLOTS / 4),
      HEADEND_PREAUTH_BODY_TIMEOUT_MS: '3000',
      HEADEND_PLAN_TIMEOUT_MS: '10000',
    });
    try {
      const nonce = nonceOf(await authorize(gateway.port, 'x', 'y'));
      let nc = 0;
      // Each connection needs its own (nonce, nc), or it would be refused as a replay.
      const unregistered = slowAttack(gateway.port, ATTACKERS, async () => ({
        authorization: await authorize(
          gateway.port,
          `00259E-HG8245-A${randomBytes(4).toString('hex')}`,
          'z',
          {
            nonce,
            nc: ++nc,
          },
        ),
      }));
      await new Promise((r) => setTimeout(r, 2_000));
      const result = await periodicSessions(gateway.port, serials, (id) => `pw-${id.split('-')[2]}`);
      unregistered.stop();
      const shed = await counterOf(gateway.healthPort, 'headend_cwmp_shed_total');
      process.stderr.write(
        `slow bodies (unregistered): ${JSON.stringify({ ...result, attackConnections: unregistered.opened(), answers: unregistered.answers() })}\n`,
      );
      expect(result.ok).toBeGreaterThan(CPES * 5);
      expect(result.ok / (result.ok + result.failed)).toBeGreaterThanOrEqual(0.99);
      expect(shed).toBeGreaterThan(0);
      // Beyond the budget they are shed (503); within it, their bodies are cut at the deadline (408).
      const answers = unregistered.answers();
      expect(answers['503'] ?? 0).toBeGreaterThan(0);
      expect(answers['408'] ?? 0).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
    }
  }, 90_000);
});
