/**
 * The benchmark's floor: the bare server's bytes plus the least backing-service I/O a stateless,
 * durable-before-acknowledged session needs, and nothing else (no SOAP parsing, no validation, no
 * session machine, no metrics or traces). Per session:
 *   Inform:     one Redis round trip (take the device's lock and store the session, one script),
 *               one Kafka produce (acks=all, idempotent), then the InformResponse;
 *   empty POST: one Redis round trip (load the session and pop its RPC queue, one script),
 *               one Kafka append, one Redis round trip (drop session and lock), then the 204.
 * That is fewer Redis round trips than the gateway makes, so the floor is generous: what no gateway
 * with Kafka and Redis in the loop can go below with the same clients (kafkajs, ioredis). Run as its
 * own process so its CPU time can be read like the gateway's. Prints its port on stdout.
 *
 *   HEADEND_KAFKA_BROKERS / HEADEND_REDIS_URL as for the apps (local defaults otherwise).
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { readBackingServices } from '@headend/config';
import { KafkaEventLog } from '@headend/kafka';
import { CLEARED_COOKIE, cwmpIdOf, informResponse, informResponseHeaders } from './acs-bytes.js';

const TOPIC = 'bench.floor.v1';
const TTL_MS = 30_000;
const services = readBackingServices(process.env);
const redis = new Redis(services.redis.url, { enableAutoPipelining: true, enableOfflineQueue: false });
// The gateway's own Kafka adapter and linger (HEADEND_APPEND_LINGER_MS default): the cheapest
// produce path this repository has (explicit partitions, sendBatch, appends sharing a request).
const log = await KafkaEventLog.connect({
  brokers: services.kafka.brokers,
  clientId: 'bench-floor',
  lingerMs: 5,
});
await log.ensureTopics([{ name: TOPIC, partitions: 64 }]);
const encoder = new TextEncoder();
const append = (key: string, value: Uint8Array) => log.append([{ topic: TOPIC, key, value }]);

redis.defineCommand('open', {
  numberOfKeys: 2,
  lua: `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[3]) then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`,
});
redis.defineCommand('next', {
  numberOfKeys: 2,
  lua: `return {redis.call('GET', KEYS[1]), redis.call('LPOP', KEYS[2])}`,
});
redis.defineCommand('close', { numberOfKeys: 2, lua: `return redis.call('DEL', KEYS[1], KEYS[2])` });
type Scripts = {
  open(lock: string, record: string, token: string, state: string, ttl: number): Promise<number>;
  next(record: string, queue: string): Promise<[string | null, string | null]>;
  close(lock: string, record: string): Promise<number>;
};
const scripts = redis as unknown as Scripts;

const SESSION = 'x'.repeat(16);

const server = createServer({ keepAliveTimeout: 30_000, requestTimeout: 120_000 }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    void answer(chunks, request.headers.cookie).then(
      ({ status, headers, body }) => response.writeHead(status, headers).end(body),
      () => response.writeHead(503, { 'retry-after': '5', 'content-length': 0 }).end(),
    );
  });
});

async function answer(
  chunks: Buffer[],
  cookie: string | undefined,
): Promise<{ status: number; headers: Record<string, string | number>; body: string }> {
  if (chunks.length === 0) {
    // The device id the Inform's answer put in the cookie (as long as the gateway's).
    const device = /headend_session=([^:;]+):/.exec(cookie ?? '')?.[1] ?? '';
    const [state] = await scripts.next(`floor:session:${device}`, `floor:queue:${device}`);
    if (state === null) return { status: 400, headers: { 'content-length': 0 }, body: '' };
    await append(device, encoder.encode(`ended ${state}`));
    await scripts.close(`floor:lock:${device}`, `floor:session:${device}`);
    return { status: 204, headers: { 'set-cookie': CLEARED_COOKIE, 'content-length': 0 }, body: '' };
  }
  const body = Buffer.concat(chunks);
  const text = body.toString('latin1');
  const id = cwmpIdOf(text);
  const device = `${/<OUI>([^<]{0,6})</.exec(text)?.[1] ?? ''}${/<SerialNumber>([^<]{0,64})</.exec(text)?.[1] ?? ''}`;
  const opened = await scripts.open(`floor:lock:${device}`, `floor:session:${device}`, SESSION, id, TTL_MS);
  if (opened !== 1) return { status: 503, headers: { 'retry-after': '5', 'content-length': 0 }, body: '' };
  // The Inform itself is the record, about as large as the gateway's InformReceived event.
  await append(device, body);
  const xml = informResponse(id);
  return { status: 200, headers: informResponseHeaders(xml, `${device}:${SESSION}`), body: xml };
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void Promise.allSettled([log.close(), redis.quit()]).then(() => process.exit(0));
});
