import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { fromRecord, TOPICS, topicSpecs } from '@headend/events';
import { HealthServer } from '@headend/health';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import type { Subscription } from '@headend/ports';
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

function log(level: string, msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
}

/**
 * Start order: adapters, topics, the whole configuration topic (presets and files), and only then
 * the device consumer, so no session is planned without the presets. Stop in reverse.
 */
class Lifecycle {
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly engine: ProvisioningEngine,
    private readonly configuration: Configuration,
    private readonly metrics: ProvisioningMetrics,
    private readonly health: HealthServer,
    private readonly events: KafkaEventLog,
    private readonly coordination: RedisCoordinationStore,
    private readonly documents: MongoDocumentStore,
    private readonly config: ProvisioningConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.health.listen();
    await this.events.ensureTopics(topicSpecs(this.config.deviceEventPartitions));
    await checkCoPartitioned(this.events);
    await this.documents
      .collection(DEVICES)
      .ensureIndex({ name: 'serial', keys: [['identity.serialNumber', 1]] });
    const configGroup = `${this.config.groupId}-config-${this.config.instanceId}-${Date.now().toString(36)}`;
    this.subscriptions.push(
      await subscribeCaughtUp(this.events, {
        groupId: configGroup,
        topics: [TOPICS.configEvents],
        handler: (record) => {
          const decoded = fromRecord(record);
          if (!decoded.ok) {
            this.metrics.refused(decoded.error.code);
            return Promise.resolve();
          }
          const change = this.configuration.apply(decoded.event);
          if (change.kind === 'preset-saved' && change.error !== null) {
            log('warn', 'preset refused', { presetId: change.id, error: change.error });
          }
          this.metrics.presets.set(this.configuration.presets.length);
          this.metrics.files.set(this.configuration.files.size);
          return Promise.resolve();
        },
      }),
    );
    this.subscriptions.push(
      await this.events.subscribe({
        groupId: this.config.groupId,
        topics: DEVICE_TOPICS,
        fromBeginning: this.config.start === 'earliest',
        concurrency: this.config.concurrency,
        handler: (record) => this.engine.handle(record),
      }),
    );
    this.health.setReady(true);
    log('info', 'provisioning ready', {
      instance: this.config.instanceId,
      presets: this.configuration.presets.length,
      files: this.configuration.files.size,
    });
  }

  /** Leave the group first (its partitions move to the other processes), then disconnect. */
  async beforeApplicationShutdown(): Promise<void> {
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
  static forRoot(config: ProvisioningConfig): DynamicModule {
    return {
      module: ProvisioningModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: ProvisioningMetrics, useFactory: () => new ProvisioningMetrics() },
        { provide: Configuration, useFactory: () => new Configuration() },
        {
          provide: KafkaEventLog,
          useFactory: (c: ProvisioningConfig) =>
            KafkaEventLog.connect({
              brokers: c.services.kafka.brokers,
              clientId: `provisioning-${c.instanceId}`,
            }),
          inject: [CONFIG],
        },
        {
          provide: RedisCoordinationStore,
          useFactory: (c: ProvisioningConfig) =>
            RedisCoordinationStore.connect({ url: c.services.redis.url }),
          inject: [CONFIG],
        },
        {
          provide: MongoDocumentStore,
          useFactory: (c: ProvisioningConfig) =>
            MongoDocumentStore.connect({
              url: c.services.mongo.url,
              database: c.services.mongo.database,
              appName: 'provisioning',
            }),
          inject: [CONFIG],
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
          provide: HealthServer,
          useFactory: (metrics: ProvisioningMetrics, c: ProvisioningConfig) =>
            new HealthServer(metrics.registry, c.host, c.healthPort),
          inject: [ProvisioningMetrics, CONFIG],
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
            CONFIG,
          ],
        },
      ],
    };
  }
}
Module({})(ProvisioningModule);
