import { InvalidConfigError } from '@headend/ports';

/** Where the three backing services are. Read once at boot; the defaults match deploy/local. */
export interface BackingServices {
  readonly kafka: { readonly brokers: readonly string[] };
  readonly redis: { readonly url: string };
  readonly mongo: { readonly url: string; readonly database: string };
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads HEADEND_KAFKA_BROKERS, HEADEND_REDIS_URL, HEADEND_MONGO_URL and HEADEND_MONGO_DB, falling
 * back to 127.0.0.1 on the HEADEND_*_PORT variables that deploy/local also reads. Throws
 * InvalidConfigError naming the first variable that is wrong.
 */
export function readBackingServices(env: Env): BackingServices {
  const kafkaPort = port(env, 'HEADEND_KAFKA_PORT', 9092);
  const redisPort = port(env, 'HEADEND_REDIS_PORT', 6379);
  const mongoPort = port(env, 'HEADEND_MONGO_PORT', 27017);

  const brokers = (env['HEADEND_KAFKA_BROKERS'] ?? `127.0.0.1:${kafkaPort}`)
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (brokers.length === 0) {
    throw new InvalidConfigError('HEADEND_KAFKA_BROKERS', 'needs at least one host:port');
  }
  for (const broker of brokers) {
    if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(broker)) {
      throw new InvalidConfigError('HEADEND_KAFKA_BROKERS', `"${broker}" is not host:port`);
    }
  }

  const redisUrl = url(env, 'HEADEND_REDIS_URL', `redis://127.0.0.1:${redisPort}`, ['redis:', 'rediss:']);
  const mongoUrl = url(env, 'HEADEND_MONGO_URL', `mongodb://127.0.0.1:${mongoPort}`, [
    'mongodb:',
    'mongodb+srv:',
  ]);
  const database = env['HEADEND_MONGO_DB'] ?? 'headend';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(database)) {
    throw new InvalidConfigError('HEADEND_MONGO_DB', 'use 1-63 letters, digits, "_" or "-"');
  }
  return { kafka: { brokers }, redis: { url: redisUrl }, mongo: { url: mongoUrl, database } };
}

function port(env: Env, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InvalidConfigError(variable, `"${raw}" is not a TCP port (1-65535)`);
  }
  return value;
}

function url(env: Env, variable: string, fallback: string, schemes: readonly string[]): string {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new InvalidConfigError(variable, `"${raw}" is not a URL`);
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new InvalidConfigError(variable, `the scheme must be one of ${schemes.join(' ')}`);
  }
  return raw;
}
