import type { FleetStats } from './stats.js';

/** One line of progress: totals, the rate since the previous line, latencies, failures. */
export function progressLine(previous: FleetStats, now: FleetStats): string {
  const done = now.sessions.ok + now.sessions.failed - previous.sessions.ok - previous.sessions.failed;
  const window = Math.max(0.001, now.elapsedSeconds - previous.elapsedSeconds);
  const failures = Object.entries(now.failures)
    .map(([kind, n]) => `${kind}=${n}`)
    .join(' ');
  const s = now.latencyMs.session;
  return (
    `[${now.elapsedSeconds.toFixed(0)}s] devices=${now.devices} active=${now.activeSessions} ` +
    `ok=${now.sessions.ok} failed=${now.sessions.failed} rate=${(done / window).toFixed(1)}/s ` +
    `session p50=${s.p50}ms p99=${s.p99}ms request p50=${now.latencyMs.request.p50}ms` +
    (failures === '' ? '' : ` failures: ${failures}`)
  );
}
