import { appendFileSync } from 'node:fs';
import type { AppProcess } from '../system/harness/app-process.js';

export interface Exit {
  readonly at: number;
  readonly code: number | null;
  readonly signal: string | null;
  /** The end of what the process printed. */
  readonly tail: string;
}

/**
 * An app process kept running as an orchestrator would: restarted whenever it exits unasked (with a
 * short back-off, and again until it starts). SIGKILLs the suite itself deals are not counted.
 */
export class Supervised {
  private app: AppProcess | undefined;
  private stopping = false;
  private expected = new WeakSet<AppProcess>();
  private starting: Promise<void> | undefined;
  readonly exits: Exit[] = [];

  constructor(
    readonly name: string,
    private readonly launch: () => Promise<AppProcess>,
    private readonly log: (line: string) => void,
    /** Each process's output goes here when it ends (to look into what the checks found). */
    private readonly outputFile?: string,
  ) {}

  /** Starts the app; resolves when it is ready (retries while it cannot start, e.g. a backend is down). */
  start(): Promise<void> {
    this.starting ??= this.startLoop().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** SIGKILL (a crash: nothing drained), then start again; resolves when the new process is ready. */
  async crash(): Promise<void> {
    const app = this.app;
    if (app !== undefined) {
      this.expected.add(app);
      await app.kill();
      this.save(app, 'SIGKILL by the suite');
    }
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.starting?.catch(() => undefined);
    const app = this.app;
    if (app === undefined) return;
    this.expected.add(app);
    await app.stop();
    this.save(app, 'stopped at the end');
  }

  /** Everything the current process printed so far. */
  output(): string {
    return this.app?.output() ?? '';
  }

  private async startLoop(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        const app = await this.launch();
        this.app = app;
        app.child.once('exit', (code, signal) => this.exited(app, code, signal));
        return;
      } catch (error) {
        this.log(`${this.name} did not start (attempt ${attempt}): ${String(error).slice(-400)}`);
        await new Promise((r) => setTimeout(r, Math.min(1_000 * attempt, 5_000)));
      }
    }
  }

  private save(app: AppProcess, how: string): void {
    if (this.outputFile === undefined) return;
    appendFileSync(this.outputFile, `${app.output()}\n=== ${new Date().toISOString()} ${this.name} ${how}\n`);
  }

  private exited(app: AppProcess, code: number | null, signal: string | null): void {
    if (this.expected.has(app) || this.stopping) return;
    const exit = { at: Date.now(), code, signal, tail: app.output().slice(-2_000) };
    this.save(app, `exited unasked (code ${code}, signal ${signal})`);
    this.exits.push(exit);
    this.log(
      `${this.name} exited unasked (code ${code}, signal ${signal}); restarting. It said:\n${exit.tail}`,
    );
    setTimeout(() => void this.start(), 1_000);
  }
}
