import { hostname } from 'node:os';
import { z } from 'zod';
import type { BackingServices, Env } from '@headend/config';
import { readBackingServices } from '@headend/config';
import { InvalidConfigError } from '@headend/ports';
import { MONGO_MAX_DOCUMENT_BYTES } from '@headend/ports';
import type { PlannerPolicy, ProjectionLimits } from '@headend/provisioning-planner';
import { DEFAULT_LIMITS, DEFAULT_POLICY } from '@headend/provisioning-planner';

const port = z.coerce.number().int().min(1).max(65_535);
const positive = z.coerce.number().int().min(1);

/** Every variable provisioning reads, with its default; validated at boot. */
const ProvisioningEnv = z.object({
  HEADEND_HOST: z.string().min(1).default('0.0.0.0'),
  HEADEND_PROVISIONING_HEALTH_PORT: port.default(9103),
  HEADEND_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default(hostname().slice(0, 64) || 'provisioning'),
  /** The consumer group of every provisioning process: Kafka shares the device partitions among them. */
  HEADEND_PROVISIONING_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,128}$/)
    .default('provisioning'),
  HEADEND_DEVICE_EVENT_PARTITIONS: positive.default(64),
  /** Where a new consumer group starts: every retained event (earliest) or only new ones (latest). */
  HEADEND_PROVISIONING_START: z.enum(['earliest', 'latest']).default('earliest'),
  /** Partitions handled at once by one process (records of one partition stay in order). */
  HEADEND_PROVISIONING_CONCURRENCY: positive.default(8),
  HEADEND_MAX_RPCS_PER_SESSION: positive.default(DEFAULT_POLICY.maxRpcsPerSession),
  HEADEND_RETRY_BASE_MS: positive.default(DEFAULT_POLICY.retry.baseMs),
  HEADEND_RETRY_MAX_MS: positive.default(DEFAULT_POLICY.retry.maxMs),
  HEADEND_RETRY_MAX_ATTEMPTS: positive.default(DEFAULT_POLICY.retry.maxAttempts),
  HEADEND_TRANSFER_TIMEOUT_MS: positive.default(DEFAULT_POLICY.transferTimeoutMs),
  /** How long a planned RPC queue may live in Redis (a CWMP session's time-out and some). */
  HEADEND_QUEUE_TTL_MS: positive.default(120_000),
  /** Projections kept in memory between records (0: each record reads its device's from the store). */
  HEADEND_PROJECTION_CACHE_ENTRIES: z.coerce.number().int().min(0).max(10_000_000).default(20_000),
  /** What one device may store: parameters, characters of a value, bytes of its stored projection. */
  HEADEND_PROJECTION_MAX_PARAMETERS: positive.default(DEFAULT_LIMITS.maxParameters),
  HEADEND_PROJECTION_MAX_VALUE_CHARS: positive.max(65_536).default(DEFAULT_LIMITS.maxValueChars),
  HEADEND_PROJECTION_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(MONGO_MAX_DOCUMENT_BYTES)
    .default(DEFAULT_LIMITS.maxBytes),
  /** How long start-up waits for the backing services before it gives up. */
  HEADEND_STARTUP_TIMEOUT_MS: positive.default(120_000),
});

export interface ProvisioningConfig {
  readonly host: string;
  readonly cacheEntries: number;
  readonly healthPort: number;
  readonly instanceId: string;
  readonly groupId: string;
  readonly deviceEventPartitions: number;
  readonly concurrency: number;
  readonly start: 'earliest' | 'latest';
  readonly queueTtlMs: number;
  readonly policy: PlannerPolicy;
  readonly limits: ProjectionLimits;
  readonly startupTimeoutMs: number;
  readonly services: BackingServices;
}

/** Reads and validates the environment; throws InvalidConfigError naming the first bad variable. */
export function readProvisioningConfig(env: Env): ProvisioningConfig {
  const parsed = ProvisioningEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  if (e.HEADEND_RETRY_MAX_MS < e.HEADEND_RETRY_BASE_MS) {
    throw new InvalidConfigError('HEADEND_RETRY_MAX_MS', 'must not be less than HEADEND_RETRY_BASE_MS');
  }
  return {
    host: e.HEADEND_HOST,
    healthPort: e.HEADEND_PROVISIONING_HEALTH_PORT,
    instanceId: e.HEADEND_INSTANCE_ID,
    groupId: e.HEADEND_PROVISIONING_GROUP,
    deviceEventPartitions: e.HEADEND_DEVICE_EVENT_PARTITIONS,
    concurrency: e.HEADEND_PROVISIONING_CONCURRENCY,
    start: e.HEADEND_PROVISIONING_START,
    queueTtlMs: e.HEADEND_QUEUE_TTL_MS,
    cacheEntries: e.HEADEND_PROJECTION_CACHE_ENTRIES,
    limits: {
      maxParameters: e.HEADEND_PROJECTION_MAX_PARAMETERS,
      maxValueChars: e.HEADEND_PROJECTION_MAX_VALUE_CHARS,
      maxBytes: e.HEADEND_PROJECTION_MAX_BYTES,
    },
    startupTimeoutMs: e.HEADEND_STARTUP_TIMEOUT_MS,
    policy: {
      ...DEFAULT_POLICY,
      maxRpcsPerSession: e.HEADEND_MAX_RPCS_PER_SESSION,
      retry: {
        baseMs: e.HEADEND_RETRY_BASE_MS,
        maxMs: e.HEADEND_RETRY_MAX_MS,
        maxAttempts: e.HEADEND_RETRY_MAX_ATTEMPTS,
      },
      transferTimeoutMs: e.HEADEND_TRANSFER_TIMEOUT_MS,
    },
    services: readBackingServices(env),
  };
}
