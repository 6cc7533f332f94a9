import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** An app of this repository run as its own process, as in production. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** SIGTERM and wait for the exit (graceful drain). */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing drained or committed. */
  kill(): Promise<void>;
  output(): string;
}

/** Every app a test process started; killed when it exits, whatever happened to the test. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `node --import tsx <script>` and waits until its output says `ready` (or fails with its output). */
export async function startApp(options: {
  readonly script: string;
  readonly env: Record<string, string>;
  readonly ready: string;
  readonly what: string;
  readonly timeoutMs: number;
  readonly nodeArgs?: readonly string[];
  readonly root?: string;
}): Promise<AppProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', options.script], {
    cwd: options.root ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + options.timeoutMs;
  while (!output.includes(options.ready)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.what} did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
