import { execFileSync } from 'node:child_process';
import { readBackingServices } from '@headend/config';

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
      : // The broker listening on this checkout's port: other checkouts on the machine run their own.
        /pid=(\d+)/.exec(
          execFileSync('ss', ['-Hltnp', `sport = :${kafkaPort()}`], { encoding: 'utf8' }),
        )?.[1];
  if (!pid) throw new Error(`cannot find the ${service} process to freeze`);
  return Number(pid);
}

function kafkaPort(): number {
  const broker = readBackingServices(process.env).kafka.brokers[0] ?? '127.0.0.1:9092';
  return Number(broker.slice(broker.lastIndexOf(':') + 1));
}

export async function whileFrozen<T>(pid: number, action: () => Promise<T>): Promise<T> {
  process.kill(pid, 'SIGSTOP');
  try {
    return await action();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
