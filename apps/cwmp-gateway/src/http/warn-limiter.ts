/**
 * At most `max` warning lines per `windowMs`; the rest are counted and summed up in one line when the
 * next window opens. A flood of refused requests (each one a warning) cannot flood the log.
 */
export class WarnLimiter {
  private windowStart = 0;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

  warn(entry: Readonly<Record<string, unknown>>, now = Date.now()): void {
    if (now - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0) {
        this.write(
          `${JSON.stringify({ level: 'warn', msg: 'warnings suppressed', count: this.suppressed, windowMs: this.windowMs })}\n`,
        );
      }
      this.windowStart = now;
      this.written = 0;
      this.suppressed = 0;
    }
    if (this.written >= this.max) {
      this.suppressed++;
      return;
    }
    this.written++;
    this.write(`${JSON.stringify({ level: 'warn', ...entry })}\n`);
  }
}
