/**
 * The last line of defence of the gateway's process, installed before anything else runs. Every
 * request's failures are handled where they happen (CwmpServer maps them to an answer); this only
 * catches what escaped that by mistake, logs it as one JSON line, and counts it in a metric.
 *
 * - An unhandled rejection is logged and counted, and the process keeps serving: it is one request's
 *   stray promise, and ending the process for it would end every CPE's session on this replica
 *   (any device could do that again and again).
 * - An uncaught exception is logged and counted, and the process exits 1: a throw that unwound a
 *   callback may have left shared state (sockets, the Kafka or Redis client) half-changed, which
 *   Node does not let a program recover from. The orchestrator starts a fresh process.
 */
export interface ProcessFaults {
  readonly unhandledRejections: number;
  readonly uncaughtExceptions: number;
}

export function installProcessGuard(
  write: (line: string) => void = (line) => process.stderr.write(line),
  exit: (code: number) => void = (code) => process.exit(code),
): ProcessFaults {
  const faults = { unhandledRejections: 0, uncaughtExceptions: 0 };
  process.on('unhandledRejection', (reason) => {
    faults.unhandledRejections++;
    write(
      `${JSON.stringify({ level: 'error', msg: 'unhandled rejection (kept serving)', error: describe(reason) })}\n`,
    );
  });
  process.on('uncaughtException', (error) => {
    faults.uncaughtExceptions++;
    write(
      `${JSON.stringify({ level: 'fatal', msg: 'uncaught exception (exiting)', error: describe(error) })}\n`,
    );
    exit(1);
  });
  return faults;
}

function describe(reason: unknown): string {
  const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  return text.slice(0, 1000);
}
