import { execFile } from 'node:child_process';
import { createConnection } from 'node:net';
import { ROOT } from '../system/harness/app-process.js';

export type ServiceName = 'kafka' | 'redis' | 'ferretdb';

export interface ServicePorts {
  readonly kafka: number;
  readonly kafkaController: number;
  readonly redis: number;
  readonly mongo: number;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Backing services of the suite's own: deploy/local's scripts with their own ports and data folder
 * (HEADEND_LOCAL_DIR), so stopping one never touches a developer's services or another test's.
 */
export class LocalServices {
  constructor(
    readonly dir: string,
    readonly ports: ServicePorts,
  ) {}

  /** What deploy/local and the apps read to find these services. */
  env(): Record<string, string> {
    return {
      HEADEND_LOCAL_DIR: this.dir,
      HEADEND_KAFKA_PORT: String(this.ports.kafka),
      HEADEND_KAFKA_CONTROLLER_PORT: String(this.ports.kafkaController),
      HEADEND_REDIS_PORT: String(this.ports.redis),
      HEADEND_MONGO_PORT: String(this.ports.mongo),
      HEADEND_KAFKA_BROKERS: `127.0.0.1:${this.ports.kafka}`,
      HEADEND_REDIS_URL: `redis://127.0.0.1:${this.ports.redis}`,
      HEADEND_MONGO_URL: `mongodb://127.0.0.1:${this.ports.mongo}`,
    };
  }

  /**
   * Refuses ports something already listens on: deploy/local would reuse that server, and the suite
   * would then stop and wipe someone else's.
   */
  async assertPortsFree(): Promise<void> {
    for (const [name, port] of Object.entries(this.ports) as [string, number][]) {
      if (await portOpen(port))
        throw new Error(`port ${port} (${name}) is taken: the suite needs its own services`);
    }
  }

  up(...services: ServiceName[]): Promise<string> {
    return this.script('up.sh', services);
  }

  /** Stops gracefully (TERM, then KILL after the script's wait). Redis keeps nothing: its data is lost. */
  down(...services: ServiceName[]): Promise<string> {
    return this.script('down.sh', services);
  }

  private script(name: string, services: readonly ServiceName[]): Promise<string> {
    return new Promise((done, fail) => {
      execFile(
        'bash',
        [`deploy/local/${name}`, ...services],
        { cwd: ROOT, env: { ...process.env, ...this.env() }, maxBuffer: 10_000_000 },
        (error, stdout, stderr) => {
          if (error)
            fail(new Error(`deploy/local/${name} ${services.join(' ')} failed: ${stderr.slice(-3000)}`));
          else done(stdout + stderr);
        },
      );
    });
  }
}
