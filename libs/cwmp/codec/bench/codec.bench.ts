/**
 * Codec benchmark: a plain script, not a timed test.
 *   npx tsx libs/cwmp/codec/bench/codec.bench.ts [--rounds 9] [--round-ms 300]
 * Each case is warmed up, then measured in interleaved rounds (every case once per round, so machine
 * noise hits all alike); the median round is reported. The baseline is a bare htmlparser2 (xmlMode)
 * tokenizing pass over the same bytes, in the same process and rounds.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { Parser } from 'htmlparser2';
import type { CwmpNamespace } from '../src/index.js';
import { decodeCwmp, encodeCwmp } from '../src/index.js';
import { DEFAULT_XML_LIMITS } from '../src/xml/limits.js';
import { parseXml } from '../src/xml/scanner.js';
import { deviceParameters } from './csv.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const ROUNDS = arg('rounds', 9);
const ROUND_MS = arg('round-ms', 300);

const fixtures = new URL('../fixtures/', import.meta.url);
const inform = new Uint8Array(
  readFileSync(new URL('informs/01-zyxel-p2601hn-f1_tr098_cwmp-1-0_periodic.xml', fixtures)),
);
const params = deviceParameters(
  readFileSync(new URL('devices/tplink-xx230v_tr181_6400-params.csv', fixtures), 'utf8'),
);
const namespace: CwmpNamespace = 'urn:dslforum-org:cwmp-1-2';
const gpvResponse = new TextEncoder().encode(
  encodeCwmp({
    namespace,
    header: { id: '42' },
    body: { type: 'GetParameterValuesResponse', parameterList: params },
  }),
);
const names = params.map((p) => p.name);
const utf8 = new TextDecoder();

let sink = 0; // keeps results alive so nothing is optimised away

function htmlparser2Pass(bytes: Uint8Array): void {
  const parser = new Parser(
    {
      onopentag: () => void sink++,
      ontext: () => void sink++,
      onclosetag: () => void sink++,
    },
    { xmlMode: true },
  );
  parser.end(utf8.decode(bytes));
}

const fxp = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: false,
  parseTagValue: false,
  processEntities: true,
});

interface Case {
  readonly name: string;
  readonly run: () => void;
}

const decodeOk = (bytes: Uint8Array) => () => {
  const r = decodeCwmp(bytes);
  if (!r.ok || r.kind !== 'message') throw new Error('decode failed');
  sink += r.warnings.length;
};

const cases: Case[] = [
  { name: 'decode Inform 01 (2.9 KB) -> typed message', run: decodeOk(inform) },
  { name: 'baseline: htmlparser2 pass, Inform 01', run: () => htmlparser2Pass(inform) },
  {
    name: '(info) scanner only (tree), Inform 01',
    run: () => void (sink += parseXml(utf8.decode(inform), DEFAULT_XML_LIMITS).ok ? 1 : 0),
  },
  {
    name: '(info) fast-xml-parser 5 tree, Inform 01',
    run: () => void (sink += Object.keys(fxp.parse(utf8.decode(inform)) as object).length),
  },
  {
    name: 'encode InformResponse',
    run: () =>
      void (sink += encodeCwmp({
        namespace: 'urn:dslforum-org:cwmp-1-0',
        header: { id: '100' },
        body: { type: 'InformResponse', maxEnvelopes: 1 },
      }).length),
  },
  {
    name: `decode GetParameterValuesResponse (${params.length} params, ${(gpvResponse.length / 1024).toFixed(0)} KB)`,
    run: decodeOk(gpvResponse),
  },
  { name: 'baseline: htmlparser2 pass, GPV response', run: () => htmlparser2Pass(gpvResponse) },
  {
    name: `encode GetParameterValues (${names.length} names)`,
    run: () =>
      void (sink += encodeCwmp({
        namespace,
        header: { id: '43' },
        body: { type: 'GetParameterValues', parameterNames: names },
      }).length),
  },
];

function timeFor(run: () => void, ms: number): { ops: number; ns: number } {
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 16; i++) run();
    ops += 16;
    now = process.hrtime.bigint();
  }
  return { ops, ns: Number(now - start) };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

for (const c of cases) timeFor(c.run, 500); // warm-up: JIT and caches
const usPerOp = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    const { ops, ns } = timeFor(c.run, ROUND_MS);
    usPerOp.get(c.name)?.push(ns / ops / 1000);
  }
}

const pad = (s: string, n: number): string => s.padEnd(n);
console.log(`node ${process.version}, ${ROUNDS} rounds x ${ROUND_MS} ms, median round\n`);
console.log(`${pad('case', 62)} ${'us/op'.padStart(10)} ${'ops/s'.padStart(10)}`);
for (const c of cases) {
  const us = median(usPerOp.get(c.name) ?? []);
  console.log(
    `${pad(c.name, 62)} ${us.toFixed(2).padStart(10)} ${Math.round(1e6 / us)
      .toString()
      .padStart(10)}`,
  );
}
const ratio = (a: string, b: string): string => {
  const xs = usPerOp.get(a) ?? [];
  const ys = usPerOp.get(b) ?? [];
  return median(xs.map((x, i) => x / (ys[i] ?? Number.NaN))).toFixed(2);
};
console.log(
  `\nratio decode Inform 01 / htmlparser2 pass (median of per-round ratios; target <= 1.5): ${ratio(cases[0]?.name ?? '', cases[1]?.name ?? '')}`,
);
console.log(
  `ratio decode GPV response / htmlparser2 pass: ${ratio(cases[5]?.name ?? '', cases[6]?.name ?? '')}`,
);
console.log(
  `ratio fast-xml-parser tree / htmlparser2 pass, Inform 01: ${ratio(cases[3]?.name ?? '', cases[1]?.name ?? '')}`,
);
if (sink === -1) console.log('unreachable');
