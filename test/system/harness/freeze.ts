import { execFileSync } from 'node:child_process';

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
      : execFileSync('pgrep', ['-f', 'kafka\\.Kafka '], { encoding: 'utf8' }).trim().split('\n')[0];
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
