/**
 * Pre-authentication cost benchmark (not a test), issue 10 item 6: what a request without
 * credentials costs the gateway. It sends, on fresh connections and one at a time,
 *
 *   empty        an empty POST without credentials (answered 401)
 *   gzip-inform  a ~130 KB gzip Inform (about 3.9 MB of XML, 27,000 parameters) without credentials
 *
 * and reports the gateway process's CPU per request (utime + stime from /proc, the idle rate
 * subtracted) and the ratio gzip-inform / empty. Then 8 gzip Informs at once while /readyz is polled
 * every 10 ms: the longest /readyz answer is how long they stalled the event loop.
 *
 *   bash deploy/local/up.sh && npx tsx test/bench/preauth-cost.bench.ts [--requests 20] [--baseline DIR] [--json]
 *
 * With --baseline, a gateway run from another checkout (`git worktree add /tmp/base <commit>`, with
 * node_modules linked) is measured in the same run, for before/after numbers under the same load.
 */
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CWMP_NAMESPACES, encodeCwmp } from '@headend/cwmp-codec';
import type { GatewayProcess } from '../system/harness/gateway-process.js';
import { startGatewayOnFreePorts } from '../system/harness/gateway-process.js';
import { cpuMs } from './proc.js';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '20' },
    baseline: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(args.requests);
const say = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

function bigInform(): Buffer {
  const xml = encodeCwmp({
    namespace: CWMP_NAMESPACES['1.0'],
    header: { id: 'i1' },
    body: {
      type: 'Inform',
      deviceId: { manufacturer: 'M', oui: '00259E', productClass: 'HG8245', serialNumber: 'BIG' },
      event: [{ eventCode: '2 PERIODIC', commandKey: '' }],
      maxEnvelopes: 1,
      currentTime: '2026-11-22T10:00:00Z',
      retryCount: 0,
      // Just under the 4 MiB body cap once decompressed, so the baseline decodes all of it.
      parameterList: Array.from({ length: 27_000 }, (_, i) => ({
        name: `InternetGatewayDevice.X_Vendor.Table.${i}.Value`,
        value: String(i % 7),
        type: 'xsd:string',
      })),
    },
  });
  return gzipSync(Buffer.from(xml));
}

function post(port: number, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', agent: false, headers },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU ms per request of `send`, run `n` times in sequence, the gateway's idle rate subtracted. */
async function cpuPerRequest(gateway: GatewayProcess, n: number, send: () => Promise<number>) {
  const pid = gateway.child.pid!;
  const idleStart = cpuMs(pid);
  await sleep(2_000);
  const idleRate = (cpuMs(pid) - idleStart) / 2_000;
  const start = cpuMs(pid);
  const began = Date.now();
  const statuses = new Set<number>();
  for (let i = 0; i < n; i++) statuses.add(await send());
  const wall = Date.now() - began;
  return { ms: Math.max(0, cpuMs(pid) - start - idleRate * wall) / n, statuses: [...statuses] };
}

/** The longest /readyz answer while `burst` gzip Informs are sent at once. */
async function readyzStall(gateway: GatewayProcess, inform: Buffer, burst: number): Promise<number> {
  let longest = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const t = Date.now();
      await fetch(`http://127.0.0.1:${gateway.healthPort}/readyz`).then((r) => r.text());
      longest = Math.max(longest, Date.now() - t);
      await sleep(10);
    }
  })();
  await sleep(100);
  await Promise.all(
    Array.from({ length: burst }, () => post(gateway.port, inform, { 'content-encoding': 'gzip' })),
  );
  polling = false;
  await poll;
  return longest;
}

async function measure(label: string, root: string | undefined) {
  const gateway = await startGatewayOnFreePorts({}, root ? { root } : {});
  try {
    const inform = bigInform();
    // Warm-up: the code paths JIT-compiled before measuring.
    for (let i = 0; i < 5; i++) await post(gateway.port, Buffer.alloc(0), {});
    await post(gateway.port, inform, { 'content-encoding': 'gzip' });
    const empty = await cpuPerRequest(gateway, REQUESTS * 10, () => post(gateway.port, Buffer.alloc(0), {}));
    const gzip = await cpuPerRequest(gateway, REQUESTS, () =>
      post(gateway.port, inform, { 'content-encoding': 'gzip' }),
    );
    const stallMs = await readyzStall(gateway, inform, 8);
    const result = {
      label,
      informBytes: inform.byteLength,
      emptyCpuMs: Number(empty.ms.toFixed(3)),
      gzipInformCpuMs: Number(gzip.ms.toFixed(3)),
      ratio: Number((gzip.ms / Math.max(empty.ms, 0.001)).toFixed(1)),
      statuses: { empty: empty.statuses, gzipInform: gzip.statuses },
      readyzLongestMs: stallMs,
    };
    say(
      `${label}: empty 401 ${result.emptyCpuMs} ms CPU, ${Math.round(inform.byteLength / 1024)} KB gzip Inform ${result.gzipInformCpuMs} ms CPU (x${result.ratio}); 8 at once: /readyz took up to ${stallMs} ms`,
    );
    return result;
  } finally {
    await gateway.stop();
  }
}

const results = [await measure('this checkout', undefined)];
if (args.baseline) results.push(await measure(`baseline ${args.baseline}`, args.baseline));
if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
