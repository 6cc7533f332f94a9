import { logLevel } from 'kafkajs';
import type { logCreator } from 'kafkajs';

const LEVELS: Record<number, string> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs's log entries as the apps' JSON lines, never above warn: kafkajs logs as ERROR what it
 * retries (a new topic's leader not elected yet, a coordinator loading, a broker restarting), and
 * what it does not recover from reaches the adapter's callers as an exception or a failed
 * subscription, which they report themselves.
 */
export function jsonLogCreator(clientId: string): logCreator {
  return (configured) =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      // An error response to one request (a group rebalancing, a partition's leader moving): kafkajs
      // retries it, and says so again if it gives up. Shown only when debugging.
      const response = namespace === 'Connection' && String(message).startsWith('Response ');
      if (response && configured < logLevel.DEBUG) return;
      const line = {
        level: LEVELS[level] ?? 'info',
        time: new Date().toISOString(),
        msg: `kafkajs: ${String(message)}`,
        component: 'kafkajs',
        namespace,
        client: clientId,
        ...fields,
      };
      let text: string;
      try {
        text = JSON.stringify(line);
      } catch {
        text = JSON.stringify({
          level: line.level,
          time: line.time,
          msg: line.msg,
          namespace,
          client: clientId,
        });
      }
      process.stdout.write(`${text}\n`);
    };
}
