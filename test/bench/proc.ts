/**
 * What the benchmarks read about processes and apps: CPU times from /proc, histograms from an app's
 * /metrics, and a periodic-Inform fleet of the simulator. Shared by the bench scripts (not tests).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU time of a process so far (all its threads), user and system, in ms. */
export function cpuTimes(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: (Number(fields[11]) * 1000) / CLK_TCK, system: (Number(fields[12]) * 1000) / CLK_TCK };
}

/** CPU time of a process so far (all its threads, user + system), in ms. */
export function cpuMs(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** CPU time every core of the machine spent busy so far (not idle, not waiting for I/O), in ms. */
export function machineCpuMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (
    (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) /
    CLK_TCK
  );
}

/** Sum (seconds) and count of a histogram so far, all its series, from an app's /metrics. */
export async function histogramOf(port: number, name: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const total = (suffix: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}_${suffix}`))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return { sum: total('sum'), count: total('count') };
}

/** Mean in ms of `sum` seconds over `count` observations (0 when there are none), 2 decimals. */
export function meanMs(sum: number, count: number): number {
  return Number(((sum / Math.max(1, count)) * 1000).toFixed(2));
}

/**
 * Runs the simulator for `seconds`: `devices` Huawei EG8145V5 CPEs Informing every ~2 s; `seed`
 * picks the fleet (the same seed, the same devices). Resolves with the simulator's JSON summary.
 */
export function periodicFleet<Summary>(
  acsUrl: string,
  options: { readonly devices: number; readonly seconds: number; readonly seed: number },
): Promise<Summary> {
  const args = [
    ...['--acs-url', acsUrl, '--devices', String(options.devices), '--models', 'huawei-eg8145v5'],
    ...['--interval', '2', '--jitter', '0.5', '--storm-seconds', '2', '--duration', String(options.seconds)],
    ...['--progress-seconds', '0', '--seed', String(options.seed)],
  ];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cpe-sim/src/main.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? done(JSON.parse(out.slice(out.indexOf('{'))) as Summary)
        : fail(new Error(`cpe-sim exited ${code}`)),
    );
  });
}
