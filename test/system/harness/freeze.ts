import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The Kafka this checkout started (deploy/local): never another checkout's, on a shared machine. */
function kafkaPid(): string | undefined {
  try {
    const pid = readFileSync(resolve(import.meta.dirname, '../../../.local/kafka/kafka.pid'), 'utf8').trim();
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return command.includes('kafka.Kafka') ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Freezes a local backing service with SIGSTOP (connections stay open, nothing answers: the worst
 * kind of outage) and thaws it with SIGCONT. Finds the process the way an operator would.
 */
export function servicePid(service: 'redis' | 'kafka', redisPort: number): number {
  const pid =
    service === 'redis'
      ? /process_id:(\d+)/.exec(
          execFileSync('redis-cli', ['-p', String(redisPort), 'info', 'server'], { encoding: 'utf8' }),
        )?.[1]
      : kafkaPid();
  if (!pid) throw new Error(`cannot find the ${service} process to freeze`);
  return Number(pid);
}

export async function whileFrozen<T>(pid: number, action: () => Promise<T>): Promise<T> {
  process.kill(pid, 'SIGSTOP');
  try {
    return await action();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
