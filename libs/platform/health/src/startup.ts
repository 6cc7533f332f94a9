import { isBackendUnavailable } from '@headend/ports';

export type StartupLog = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;

export interface StartupOptions {
  /** How long start-up may take in all before it gives up (HEADEND_STARTUP_TIMEOUT_MS). */
  readonly timeoutMs: number;
  readonly log: StartupLog;
  /** First and longest wait between attempts. */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Start-up gave up: a backing service stayed unavailable past the deadline. */
export class StartupTimeoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupTimeoutError';
  }
}

/**
 * An app's start-up steps against backing services that may not be ready yet (a fresh Kafka still
 * electing the leaders of topics another app is creating, a MongoDB-wire server starting): each step
 * is tried again with back-off while it fails with BackendUnavailableError (or what the step says is
 * transient), one warn line per failed attempt, until the start-up's deadline; then it fails with a
 * message naming the step, the deadline's variable and the last error.
 */
export class Startup {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly deadline: number;

  constructor(private readonly options: StartupOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.deadline = this.now() + options.timeoutMs;
  }

  async retry<T>(
    step: string,
    attempt: () => Promise<T>,
    transient: (error: unknown) => boolean = isBackendUnavailable,
  ): Promise<T> {
    const { initial, max } = this.options.backoffMs ?? { initial: 250, max: 5_000 };
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!transient(error)) throw error;
        const delay = Math.min(max, initial * 2 ** Math.min(n - 1, 20));
        if (this.now() + delay > this.deadline) {
          throw new StartupTimeoutError(
            `${step}: gave up after ${n} attempts in ${Math.round(this.options.timeoutMs / 1000)} s ` +
              `(HEADEND_STARTUP_TIMEOUT_MS=${this.options.timeoutMs}); last error: ${message}`,
            { cause: error },
          );
        }
        this.options.log('warn', `${step}: not yet possible, trying again`, {
          attempt: n,
          retryInMs: delay,
          error: message.slice(0, 500),
        });
        await this.sleep(delay);
      }
    }
  }
}
