import { randomBytes, randomFillSync } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { Authenticator } from '@headend/cwmp-auth';
import { createAuthenticator, derivedCredentials, firstOf, staticCredentials } from '@headend/cwmp-auth';
import type { CredentialSource } from '@headend/cwmp-auth';
import { CwmpGateway, SessionStore } from '@headend/cwmp-gateway';
import { TOPICS, topicSpecs } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { RedisCoordinationStore } from '@headend/redis';
import type { GatewayConfig } from './config.js';
import { CwmpServer } from './http/cwmp-server.js';
import { HealthServer, Startup } from '@headend/health';
import { tracing } from './instrument.js';
import { GatewayMetrics } from './metrics.js';
import type { ProcessFaults } from './process-guard.js';

const CONFIG = Symbol('GatewayConfig');
const AUTHENTICATOR = Symbol('Authenticator');
const DRAIN_GRACE_MS = 20_000;

/**
 * The gateway app: adapters, the CWMP core, the HTTP servers, and their order of start and stop.
 * Providers are factories with explicit `inject` lists, so no decorator metadata is needed.
 */
class Lifecycle {
  private reaper: NodeJS.Timeout | undefined;
  private reaping: Promise<void> = Promise.resolve();

  constructor(
    private readonly gateway: CwmpGateway,
    private readonly cwmp: CwmpServer,
    private readonly health: HealthServer,
    private readonly log: KafkaEventLog,
    private readonly coordination: RedisCoordinationStore,
    private readonly startup: Startup,
    private readonly config: GatewayConfig,
  ) {}

  /**
   * The CWMP server starts last, once every adapter is connected and the topics exist (each step
   * waits for a backing service that is not ready yet; the health port is up and unready meanwhile).
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.startup.retry('creating the device events topic', () =>
      this.log.ensureTopics(
        topicSpecs(this.config.deviceEventPartitions).filter((t) => t.name === TOPICS.deviceEvents),
      ),
    );
    const port = await this.cwmp.listen();
    this.health.setReady(true);
    this.reaper = setInterval(() => {
      this.reaping = this.reaping.then(() => this.reap());
    }, this.config.gateway.reaperIntervalMs);
    process.stdout.write(
      `${JSON.stringify({ level: 'info', msg: 'cwmp-gateway listening', port, replica: this.config.replicaId })}\n`,
    );
  }

  /** Closes the sessions whose CPE vanished; a failure waits for the next pass (never thrown). */
  private async reap(): Promise<void> {
    try {
      await this.gateway.reapLostSessions();
    } catch (error) {
      process.stderr.write(
        `${JSON.stringify({ level: 'warn', msg: 'closing lost sessions failed; retried next pass', error: String(error).slice(0, 500) })}\n`,
      );
    }
  }

  /** Stop in reverse: refuse new requests, let sessions in flight finish, then disconnect. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.reaper);
    this.health.setReady(false);
    await this.cwmp.drain(DRAIN_GRACE_MS);
    await this.reaping;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([
      this.log.close(),
      this.coordination.close(),
      this.health.close(),
      tracing?.shutdown(),
    ]);
  }
}

function startupLog(level: string, msg: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
}

/** Per-device records first, then the derived password; null when there is neither. */
function credentialsOf(
  passwords: ReadonlyMap<string, string>,
  deriveSecret: Uint8Array | null,
): CredentialSource | null {
  const sources: CredentialSource[] = [];
  if (passwords.size > 0) sources.push(staticCredentials(passwords));
  if (deriveSecret) sources.push(derivedCredentials(deriveSecret));
  return sources.length === 0 ? null : firstOf(...sources);
}

/** Session ids: 96 random bits each, base64url, drawn from a pool refilled 256 ids at a time. */
function sessionIds(): () => string {
  const SIZE = 12;
  const pool = Buffer.alloc(SIZE * 256);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    offset += SIZE;
    return pool.toString('base64url', offset - SIZE, offset);
  };
}

export class GatewayModule {
  static forRoot(config: GatewayConfig, faults?: ProcessFaults): DynamicModule {
    return {
      module: GatewayModule,
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: GatewayMetrics,
          useFactory: () => {
            const metrics = new GatewayMetrics();
            if (faults) metrics.trackProcessFaults(() => faults);
            return metrics;
          },
        },
        {
          provide: KafkaEventLog,
          useFactory: (c: GatewayConfig, startup: Startup) =>
            startup.retry('connecting to Kafka', () =>
              KafkaEventLog.connect({
                brokers: c.services.kafka.brokers,
                clientId: `cwmp-gateway-${c.replicaId}`,
                lingerMs: c.appendLingerMs,
              }),
            ),
          inject: [CONFIG, Startup],
        },
        {
          provide: RedisCoordinationStore,
          useFactory: (c: GatewayConfig, startup: Startup) =>
            startup.retry('connecting to Redis', () =>
              RedisCoordinationStore.connect({ url: c.services.redis.url }),
            ),
          inject: [CONFIG, Startup],
        },
        {
          provide: CwmpGateway,
          useFactory: (
            log: KafkaEventLog,
            coordination: RedisCoordinationStore,
            metrics: GatewayMetrics,
            c: GatewayConfig,
          ) => {
            const gateway = new CwmpGateway(
              log,
              coordination,
              { now: () => Date.now() },
              { sessionId: sessionIds() },
              c.gateway,
              metrics,
            );
            metrics.trackActiveSessions(() => gateway.activeSessions());
            return gateway;
          },
          inject: [KafkaEventLog, RedisCoordinationStore, GatewayMetrics, CONFIG],
        },
        {
          provide: AUTHENTICATOR,
          useFactory: (coordination: RedisCoordinationStore, c: GatewayConfig): Authenticator | null =>
            c.auth.mode === 'none'
              ? null
              : createAuthenticator({
                  policy: { realm: c.auth.realm, unknownDevices: c.auth.unknownDevices },
                  nonceSecrets: [c.auth.nonceSecret],
                  credentials: credentialsOf(c.auth.devicePasswords, c.auth.deriveSecret),
                  replayStore: coordination,
                  randomBytes: (size) => randomBytes(size),
                }),
          inject: [RedisCoordinationStore, CONFIG],
        },
        {
          provide: CwmpServer,
          useFactory: (
            gateway: CwmpGateway,
            authenticator: Authenticator | null,
            coordination: RedisCoordinationStore,
            metrics: GatewayMetrics,
            c: GatewayConfig,
          ) => {
            const sessions = new SessionStore(coordination, c.gateway.sessionTimeoutMs);
            const live = {
              live: async (ref: { deviceId: string; sessionId: string }) =>
                (await sessions.load(ref.deviceId, ref.sessionId)) !== null,
            };
            return new CwmpServer(gateway, authenticator, live, metrics, {
              host: c.host,
              port: c.port,
              maxBodyBytes: c.gateway.maxBodyBytes,
              preauthMaxBodyBytes: c.preauthMaxBodyBytes,
              bodyTimeoutMs: c.bodyTimeoutMs,
              preauthBodyTimeoutMs: c.preauthBodyTimeoutMs,
              maxConcurrentRequests: c.maxConcurrentRequests,
              maxPreauthRequests: c.maxPreauthRequests,
              retryAfterSeconds: c.retryAfterSeconds,
              tls: c.tls,
            });
          },
          inject: [CwmpGateway, AUTHENTICATOR, RedisCoordinationStore, GatewayMetrics, CONFIG],
        },
        {
          // Listening (and unready) before anything else, so probes see the process while it waits.
          provide: HealthServer,
          useFactory: async (metrics: GatewayMetrics, c: GatewayConfig) => {
            const health = new HealthServer(metrics.registry, c.host, c.healthPort);
            await health.listen();
            return health;
          },
          inject: [GatewayMetrics, CONFIG],
        },
        {
          provide: Startup,
          useFactory: (_health: HealthServer, c: GatewayConfig) =>
            new Startup({ timeoutMs: c.startupTimeoutMs, log: startupLog }),
          inject: [HealthServer, CONFIG],
        },
        {
          provide: Lifecycle,
          useFactory: (...deps: ConstructorParameters<typeof Lifecycle>) => new Lifecycle(...deps),
          inject: [
            CwmpGateway,
            CwmpServer,
            HealthServer,
            KafkaEventLog,
            RedisCoordinationStore,
            Startup,
            CONFIG,
          ],
        },
      ],
    };
  }
}
Module({})(GatewayModule);
