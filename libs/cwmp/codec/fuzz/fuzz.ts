/**
 * Mutation fuzzing of decodeCwmp over the real vectors, the real fragments and generated messages.
 *   npx tsx libs/cwmp/codec/fuzz/fuzz.ts --cases 1000000 [--seed 1]
 * Checks, per case: no exception and no INTERNAL_ERROR; the case finishes within the time bound; a
 * message that decodes and re-encodes decodes to the same envelope. Every `heapEvery` cases the heap is
 * measured after a full GC; the growth over the run must stay under the bound (nothing retained).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { decodeCwmp } from '../src/decode.js';
import { encodeCwmp } from '../src/encode.js';
import { CwmpEncodeError } from '../src/errors.js';
import { arbitraries } from '../src/testing/arbitraries.js';
import { fragmentXml } from '../src/testing/documents.js';
import { mutant, seededRandom } from './mutate.js';

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** A single case slower than this fails the run. */
  readonly maxCaseMs: number;
  /** Heap growth (after GC) over the run that fails it. */
  readonly maxHeapGrowthBytes: number;
  readonly heapEvery: number;
  readonly onProgress?: (done: number, summary: FuzzSummary) => void;
}

export interface FuzzSummary {
  cases: number;
  outcomes: Record<string, number>;
  failures: string[];
  slowestCaseMs: number;
  heapStartBytes: number;
  heapEndBytes: number;
  heapPeakBytes: number;
  reencoded: number;
  elapsedMs: number;
}

const fixtures = new URL('../fixtures/', import.meta.url);

/** The seed inputs: the six real Informs, the six real fragments, and 300 generated messages. */
export function corpus(seed: number): Uint8Array[] {
  const enc = new TextEncoder();
  const informs = readdirSync(new URL('informs/', fixtures))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => new Uint8Array(readFileSync(new URL(`informs/${f}`, fixtures))));
  const fragments = readdirSync(new URL('informs/fragments/', fixtures))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => enc.encode(fragmentXml(readFileSync(new URL(`informs/fragments/${f}`, fixtures), 'utf8'))));
  const { message, header } = arbitraries('wide');
  const generated = fc
    .sample(fc.tuple(message, header, fc.integer({ min: 0, max: 4 })), { numRuns: 300, seed })
    .map(([body, h, minor]) =>
      enc.encode(encodeCwmp({ namespace: `urn:dslforum-org:cwmp-1-${minor}`, header: h, body })),
    );
  return [...informs, ...fragments, ...generated];
}

function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed;
}

function checkCase(input: Uint8Array, summary: FuzzSummary, index: number): void {
  const r = decodeCwmp(input);
  const key = r.ok ? r.kind : r.error.code;
  summary.outcomes[key] = (summary.outcomes[key] ?? 0) + 1;
  if (!r.ok && r.error.code === 'INTERNAL_ERROR') summary.failures.push(`case ${index}: ${r.error.detail}`);
  if (!r.ok || r.kind !== 'message') return;
  let xml: string;
  try {
    xml = encodeCwmp(r.envelope);
  } catch (e) {
    if (e instanceof CwmpEncodeError) return; // a decoded value with no valid encoding (lenient in, strict out)
    throw e;
  }
  summary.reencoded++;
  const again = decodeCwmp(xml);
  if (!again.ok || again.kind !== 'message' || !isDeepStrictEqual(again.envelope, r.envelope)) {
    summary.failures.push(`case ${index}: re-encoded message decodes differently`);
  }
}

export function runFuzz(options: FuzzOptions): FuzzSummary {
  const rnd = seededRandom(options.seed);
  const seeds = corpus(options.seed);
  const gc = collectGarbage();
  const heapStart = heapAfterGc(gc);
  const summary: FuzzSummary = {
    cases: 0,
    outcomes: {},
    failures: [],
    slowestCaseMs: 0,
    heapStartBytes: heapStart,
    heapEndBytes: heapStart,
    heapPeakBytes: heapStart,
    reencoded: 0,
    elapsedMs: 0,
  };
  const started = performance.now();
  for (let i = 0; i < options.cases && summary.failures.length < 20; i++) {
    const input = mutant(seeds, rnd);
    const t0 = performance.now();
    try {
      checkCase(input, summary, i);
    } catch (e) {
      summary.failures.push(`case ${i}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    const ms = performance.now() - t0;
    if (ms > summary.slowestCaseMs) summary.slowestCaseMs = ms;
    if (ms > options.maxCaseMs)
      summary.failures.push(`case ${i}: took ${ms.toFixed(1)} ms (bound ${options.maxCaseMs} ms)`);
    summary.cases++;
    if ((i + 1) % options.heapEvery === 0) {
      const heap = heapAfterGc(gc);
      summary.heapPeakBytes = Math.max(summary.heapPeakBytes, heap);
      options.onProgress?.(i + 1, summary);
    }
  }
  summary.heapEndBytes = heapAfterGc(gc);
  summary.heapPeakBytes = Math.max(summary.heapPeakBytes, summary.heapEndBytes);
  if (summary.heapEndBytes - heapStart > options.maxHeapGrowthBytes) {
    summary.failures.push(`heap grew by ${((summary.heapEndBytes - heapStart) / 2 ** 20).toFixed(1)} MiB`);
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

const MiB = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

function main(): void {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(process.argv[i + 1]);
  };
  const cases = arg('cases', 100_000);
  const seed = arg('seed', 1);
  console.log(`fuzzing decodeCwmp: ${cases} cases, seed ${seed}`);
  const summary = runFuzz({
    cases,
    seed,
    maxCaseMs: 1000,
    maxHeapGrowthBytes: 32 * 2 ** 20,
    heapEvery: Math.max(1000, Math.floor(cases / 20)),
    onProgress: (done, s) =>
      console.log(
        `  ${done} cases, ${((done / (performance.now() - t0)) * 1000).toFixed(0)} cases/s, slowest ${s.slowestCaseMs.toFixed(1)} ms, heap ${MiB(s.heapPeakBytes)} peak`,
      ),
  });
  console.log('\nsummary');
  console.log(
    `  cases:            ${summary.cases} in ${(summary.elapsedMs / 1000).toFixed(1)} s (${((summary.cases / summary.elapsedMs) * 1000).toFixed(0)} cases/s)`,
  );
  console.log(`  outcomes:         ${JSON.stringify(summary.outcomes)}`);
  console.log(`  re-encoded:       ${summary.reencoded} decoded messages re-encoded and decoded identically`);
  console.log(`  slowest case:     ${summary.slowestCaseMs.toFixed(1)} ms`);
  console.log(
    `  heap after GC:    start ${MiB(summary.heapStartBytes)}, end ${MiB(summary.heapEndBytes)}, peak ${MiB(summary.heapPeakBytes)}`,
  );
  console.log(
    `  failures:         ${summary.failures.length === 0 ? 'none' : `\n    ${summary.failures.join('\n    ')}`}`,
  );
  process.exitCode = summary.failures.length === 0 ? 0 : 1;
}

const t0 = performance.now();
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
