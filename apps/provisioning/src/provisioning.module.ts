import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { fromRecord, TOPICS, topicSpecs } from '@headend/events';
import { HealthServer, Startup } from '@headend/health';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import type { Subscription, SubscriptionObserver } from '@headend/ports';
import { isBackendUnavailable } from '@headend/ports';
import { RedisCoordinationStore } from '@headend/redis';
import type { ProvisioningConfig } from './config.js';
import {
  Configuration,
  checkCoPartitioned,
  DEVICE_TOPICS,
  DEVICES,
  ProvisioningEngine,
  subscribeCaughtUp,
} from '@headend/provisioning-engine';
import { ProvisioningMetrics } from './metrics.js';

const CONFIG = Symbol('ProvisioningConfig');
const FATAL = Symbol('Fatal');

/** Ends the process (non-zero) after an orderly close: the orchestrator starts another. */
export type Fatal = (reason: string, error: Error) => void;

export function log(level: string, msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
}

/**
 * Start order: the health port (unready), adapters, topics, the whole configuration topic (presets
 * and files), and only then the device consumer, so no session is planned without the presets.
 * Every step waits for backing services that are not ready yet (see Startup). Stop in reverse.
 *
 * Ready means: started, no consumer stopped, and no partition waiting for a backing service. A
 * consumer that stops for any reason ends the process (Fatal).
 */
class Lifecycle {
  private subscriptions: Subscription[] = [];
  private started = false;
  private stopping = false;
  /** Partitions (or the consumer) waiting for a backing service. */
  private readonly stalls = new Set<string>();

  constructor(
    private readonly engine: ProvisioningEngine,
    private readonly configuration: Configuration,
    private readonly metrics: ProvisioningMetrics,
    private readonly health: HealthServer,
    private readonly events: KafkaEventLog,
    private readonly coordination: RedisCoordinationStore,
    private readonly documents: MongoDocumentStore,
    private readonly startup: Startup,
    private readonly config: ProvisioningConfig,
    private readonly fatal: Fatal,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { startup, events } = this;
    await startup.retry('creating the topics', () =>
      events.ensureTopics(topicSpecs(this.config.deviceEventPartitions)),
    );
    // Topics another process is creating may show fewer partitions for a moment: a mismatch is
    // tried again until the deadline, and only then reported.
    await startup.retry(
      'checking that the device topics are co-partitioned',
      () => checkCoPartitioned(events),
      () => true,
    );
    await startup.retry('indexing the device projections', () =>
      this.documents
        .collection(DEVICES)
        .ensureIndex({ name: 'serial', keys: [['identity.serialNumber', 1]] }),
    );
    this.subscriptions.push(
      await startup.retry('reading the configuration topic', () =>
        subscribeCaughtUp(events, {
          groupId: `${this.config.groupId}-config-${this.config.instanceId}-${Date.now().toString(36)}`,
          topics: [TOPICS.configEvents],
          handler: (record) => {
            this.applyConfig(record);
            return Promise.resolve();
          },
          observer: this.observer('configuration'),
        }),
      ),
    );
    this.subscriptions.push(
      await startup.retry('joining the consumer group of the device topics', () =>
        events.subscribe({
          groupId: this.config.groupId,
          topics: DEVICE_TOPICS,
          fromBeginning: this.config.start === 'earliest',
          concurrency: this.config.concurrency,
          handler: (record) => this.engine.handle(record),
          observer: this.observer('devices'),
        }),
      ),
    );
    this.started = true;
    this.updateReadiness();
    log('info', 'provisioning ready', {
      instance: this.config.instanceId,
      presets: this.configuration.presets.length,
      files: this.configuration.files.size,
    });
  }

  /** A configuration record is never a reason to stop: what cannot be applied is counted and logged. */
  private applyConfig(record: Parameters<typeof fromRecord>[0]): void {
    const decoded = fromRecord(record);
    if (!decoded.ok) {
      this.metrics.refused(decoded.error.code);
      log('warn', 'configuration record refused', {
        reason: decoded.error.code,
        detail: decoded.error.detail.slice(0, 500),
        partition: record.partition,
        offset: record.offset,
      });
      return;
    }
    try {
      const change = this.configuration.apply(decoded.event);
      if (change.kind === 'preset-saved' && change.error !== null) {
        log('warn', 'preset refused', { presetId: change.id, error: change.error });
      }
    } catch (error) {
      log('warn', 'configuration record not applied', { offset: record.offset, error: String(error) });
    }
    this.metrics.presets.set(this.configuration.presets.length);
    this.metrics.files.set(this.configuration.files.size);
  }

  private observer(consumer: string): SubscriptionObserver {
    return {
      stalled: (where, error, attempt, delayMs) => {
        this.stalls.add(where);
        this.updateReadiness();
        const backend = isBackendUnavailable(error) ? error.backend : 'kafka';
        this.metrics.backendUnavailable.inc({ backend });
        log('warn', 'waiting for a backing service', {
          consumer,
          where,
          backend,
          attempt,
          retryInMs: delayMs,
          error: error.message.slice(0, 500),
        });
      },
      resumed: (where) => {
        if (!this.stalls.delete(where)) return;
        this.updateReadiness();
        log('info', 'consuming again', { consumer, where });
      },
      failed: (error) => {
        if (this.stopping) return;
        this.health.setReady(false);
        this.fatal(`the ${consumer} consumer stopped`, error);
      },
    };
  }

  private updateReadiness(): void {
    this.health.setReady(this.started && !this.stopping && this.stalls.size === 0);
  }

  /** Leave the group first (its partitions move to the other processes), then disconnect. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.health.setReady(false);
    await Promise.allSettled(this.subscriptions.map((s) => s.stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([
      this.events.close(),
      this.coordination.close(),
      this.documents.close(),
      this.health.close(),
    ]);
  }
}

export class ProvisioningModule {
  static forRoot(config: ProvisioningConfig, fatal: Fatal): DynamicModule {
    return {
      module: ProvisioningModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: FATAL, useValue: fatal },
        {
          provide: ProvisioningMetrics,
          useFactory: () => {
            const metrics = new ProvisioningMetrics();
            metrics.onDeadLetter = (reason, detail, position) =>
              log('warn', 'record set aside', { reason, ...position, detail: detail.slice(0, 500) });
            return metrics;
          },
        },
        { provide: Configuration, useFactory: () => new Configuration() },
        {
          // Listening (and unready) before anything else, so probes see the process while it waits.
          provide: HealthServer,
          useFactory: async (metrics: ProvisioningMetrics, c: ProvisioningConfig) => {
            const health = new HealthServer(metrics.registry, c.host, c.healthPort);
            await health.listen();
            return health;
          },
          inject: [ProvisioningMetrics, CONFIG],
        },
        {
          provide: Startup,
          useFactory: (_health: HealthServer, c: ProvisioningConfig) =>
            new Startup({ timeoutMs: c.startupTimeoutMs, log }),
          inject: [HealthServer, CONFIG],
        },
        {
          provide: KafkaEventLog,
          useFactory: (c: ProvisioningConfig, startup: Startup) =>
            startup.retry('connecting to Kafka', () =>
              KafkaEventLog.connect({
                brokers: c.services.kafka.brokers,
                clientId: `provisioning-${c.instanceId}`,
              }),
            ),
          inject: [CONFIG, Startup],
        },
        {
          provide: RedisCoordinationStore,
          useFactory: (c: ProvisioningConfig, startup: Startup) =>
            startup.retry('connecting to Redis', () =>
              RedisCoordinationStore.connect({ url: c.services.redis.url }),
            ),
          inject: [CONFIG, Startup],
        },
        {
          provide: MongoDocumentStore,
          useFactory: (c: ProvisioningConfig, startup: Startup) =>
            startup.retry('connecting to the MongoDB-wire server', () =>
              MongoDocumentStore.connect({
                url: c.services.mongo.url,
                database: c.services.mongo.database,
                appName: 'provisioning',
              }),
            ),
          inject: [CONFIG, Startup],
        },
        {
          provide: ProvisioningEngine,
          useFactory: (
            documents: MongoDocumentStore,
            coordination: RedisCoordinationStore,
            events: KafkaEventLog,
            configuration: Configuration,
            metrics: ProvisioningMetrics,
            c: ProvisioningConfig,
          ) =>
            new ProvisioningEngine(
              documents,
              coordination,
              events,
              configuration,
              {
                policy: c.policy,
                queueTtlMs: c.queueTtlMs,
                effects: true,
                collection: DEVICES,
                cacheEntries: c.cacheEntries,
                limits: c.limits,
                group: c.groupId,
              },
              metrics,
            ),
          inject: [
            MongoDocumentStore,
            RedisCoordinationStore,
            KafkaEventLog,
            Configuration,
            ProvisioningMetrics,
            CONFIG,
          ],
        },
        {
          provide: Lifecycle,
          useFactory: (...deps: ConstructorParameters<typeof Lifecycle>) => new Lifecycle(...deps),
          inject: [
            ProvisioningEngine,
            Configuration,
            ProvisioningMetrics,
            HealthServer,
            KafkaEventLog,
            RedisCoordinationStore,
            MongoDocumentStore,
            Startup,
            CONFIG,
            FATAL,
          ],
        },
      ],
    };
  }
}
Module({})(ProvisioningModule);
