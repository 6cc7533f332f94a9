/**
 * Appends per second through one KafkaEventLog against the local broker (deploy/local/up.sh kafka):
 * one caller at a time (the baseline: one produce round trip each) against many concurrent callers
 * sharing round trips (group commit). Run: npx tsx libs/platform/kafka/bench/append.bench.ts
 */
import { readBackingServices } from '@headend/config';
import { KafkaEventLog } from '../src/index.js';

const RECORD = new TextEncoder().encode(JSON.stringify({ type: 'InformReceived', padding: 'x'.repeat(900) }));
const log = await KafkaEventLog.connect({
  brokers: readBackingServices(process.env).kafka.brokers,
  clientId: 'bench',
});
const topic = `bench-append-${Date.now().toString(36)}`;
await log.ensureTopics([{ name: topic, partitions: 6 }]);

async function run(callers: number, appendsPerCaller: number): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      for (let i = 0; i < appendsPerCaller; i++) {
        await log.append([
          { topic, key: `device-${c}`, value: RECORD },
          { topic, key: `device-${c}`, value: RECORD },
        ]);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (callers * appendsPerCaller) / seconds;
}

await run(50, 20); // warm-up
const sequential = await run(1, 1_000);
const concurrent = await run(500, 20);
console.log(`appends of 2 records (1 KB each), acks=all, idempotent producer`);
console.log(
  `1 caller at a time : ${sequential.toFixed(0)} appends/s (${(1e6 / sequential).toFixed(0)} us each)`,
);
console.log(`500 callers        : ${concurrent.toFixed(0)} appends/s`);
console.log(`ratio              : ${(concurrent / sequential).toFixed(1)}x`);
await log.close();
