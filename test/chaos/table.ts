import type { Row } from './checks.js';

const HEADERS = [
  'fault',
  'recovery s',
  'converged s',
  'sessions acked',
  'missing events',
  'unended sessions',
  'duplicate ids',
  'task effects != 1',
  'devices not converged',
  'verdict',
] as const;

const seconds = (s: number | null, fault: string): string =>
  s === null ? (fault === 'none (baseline)' ? '-' : 'never') : s.toFixed(1);

/** The table the suite prints: one row per fault, a Markdown table (readable as text too). */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    r.fault,
    seconds(r.recoveryS, r.fault),
    r.convergedS === null ? 'never' : r.convergedS.toFixed(1),
    String(r.sessionsAcked),
    String(r.missingEvents),
    String(r.unendedSessions),
    String(r.duplicateIds),
    String(r.taskEffects),
    String(r.notConverged),
    r.ok ? 'ok' : 'FAIL',
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(HEADERS), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join(
    '\n',
  );
}
