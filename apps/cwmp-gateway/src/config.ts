import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { BackingServices, Env } from '@headend/config';
import { readBackingServices } from '@headend/config';
import type { GatewayOptions } from '@headend/cwmp-gateway';
import { DEFAULT_GATEWAY_OPTIONS } from '@headend/cwmp-gateway';
import { InvalidConfigError } from '@headend/ports';

const port = z.coerce.number().int().min(1).max(65_535);
/** An optional variable set to '' counts as unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const hexSecret = z.string().regex(/^([0-9a-fA-F]{2}){32,}$/, 'must be at least 64 hex digits');
const positive = z.coerce.number().int().min(1);

/** Every variable the gateway reads, with its default; validated at boot. */
const GatewayEnv = z.object({
  HEADEND_CWMP_HOST: z.string().min(1).default('0.0.0.0'),
  HEADEND_CWMP_PORT: port.default(7547),
  HEADEND_HEALTH_PORT: port.default(9102),
  /** How long start-up waits for Kafka and Redis before it gives up. */
  HEADEND_STARTUP_TIMEOUT_MS: z.coerce.number().int().min(1).default(120_000),
  HEADEND_REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default(hostname().slice(0, 64) || 'gateway'),
  HEADEND_SESSION_TIMEOUT_MS: positive.default(DEFAULT_GATEWAY_OPTIONS.sessionTimeoutMs),
  /** The longest session time-out a CPE may ask for with its SessionTimeout header. */
  HEADEND_SESSION_TIMEOUT_MAX_MS: positive.default(DEFAULT_GATEWAY_OPTIONS.maxSessionTimeoutMs),
  HEADEND_PLAN_TIMEOUT_MS: positive.default(DEFAULT_GATEWAY_OPTIONS.planTimeoutMs),
  /** How often the replica closes sessions whose CPE vanished (lock expired without an end) as 'lost'. */
  HEADEND_SESSION_REAPER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(DEFAULT_GATEWAY_OPTIONS.reaperIntervalMs),
  HEADEND_MAX_BODY_BYTES: positive.default(DEFAULT_GATEWAY_OPTIONS.maxBodyBytes),
  HEADEND_XML_DECLARATION: z.enum(['mirror', 'always', 'never']).default('mirror'),
  HEADEND_MAX_CONCURRENT_REQUESTS: positive.default(2_000),
  /** Of those, how many may read bodies for senders that are not verified (unregistered credentials). */
  HEADEND_PREAUTH_MAX_CONCURRENT_REQUESTS: positive.default(200),
  /** Cap on a body read before its sender is verified (decompressed); the session cap is HEADEND_MAX_BODY_BYTES. */
  HEADEND_PREAUTH_MAX_BODY_BYTES: positive.default(256 * 1024),
  /** How long a request body may take to arrive, for a verified sender (or a live session's request). */
  HEADEND_BODY_TIMEOUT_MS: positive.default(60_000),
  /** How long a request body may take to arrive when its sender is not verified. */
  HEADEND_PREAUTH_BODY_TIMEOUT_MS: positive.default(10_000),
  HEADEND_RETRY_AFTER_SECONDS: positive.default(10),
  HEADEND_DEVICE_EVENT_PARTITIONS: positive.default(64),
  /** 'digest' (Basic too, over TLS) or 'none' (a closed lab network only). */
  HEADEND_AUTH: z.enum(['digest', 'none']).default('digest'),
  HEADEND_AUTH_REALM: z.string().default('headend'),
  /** Hex, at least 32 bytes: signs Digest nonces, so every replica must have the same one. */
  HEADEND_AUTH_NONCE_SECRET: optional(hexSecret),
  /** Hex, at least 32 bytes: device passwords are HMAC-SHA256(secret, device id) in hex. */
  HEADEND_AUTH_DERIVE_SECRET: optional(hexSecret),
  /** A JSON file of per-device credentials: { "<device id>": "<password>" }; checked before the derived mode. */
  HEADEND_AUTH_CREDENTIALS_FILE: optional(z.string().min(1)),
  HEADEND_AUTH_UNKNOWN_DEVICES: z.enum(['refuse', 'register']).default('refuse'),
  HEADEND_APPEND_TIMEOUT_MS: positive.default(DEFAULT_GATEWAY_OPTIONS.appendTimeoutMs),
  /** How long an append waits for others to share its Kafka produce request (Kafka's linger.ms). */
  HEADEND_APPEND_LINGER_MS: z.coerce.number().int().min(0).max(1_000).default(5),
  /** PEM files: with both set, the gateway serves HTTPS itself. */
  HEADEND_TLS_CERT_FILE: optional(z.string().min(1)),
  HEADEND_TLS_KEY_FILE: optional(z.string().min(1)),
});

export type AuthConfig =
  | { readonly mode: 'none' }
  | {
      readonly mode: 'digest';
      readonly realm: string;
      readonly nonceSecret: Uint8Array;
      readonly deriveSecret: Uint8Array | null;
      readonly devicePasswords: ReadonlyMap<string, string>;
      readonly unknownDevices: 'refuse' | 'register';
    };

export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  readonly healthPort: number;
  readonly startupTimeoutMs: number;
  readonly replicaId: string;
  readonly maxConcurrentRequests: number;
  readonly maxPreauthRequests: number;
  readonly preauthMaxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly preauthBodyTimeoutMs: number;
  readonly retryAfterSeconds: number;
  readonly deviceEventPartitions: number;
  readonly appendLingerMs: number;
  readonly gateway: GatewayOptions;
  readonly auth: AuthConfig;
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  readonly services: BackingServices;
}

/** Reads and validates the environment; throws InvalidConfigError naming the first bad variable. */
export function readGatewayConfig(env: Env): GatewayConfig {
  const parsed = GatewayEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  let auth: AuthConfig = { mode: 'none' };
  if (e.HEADEND_AUTH === 'digest') {
    if (e.HEADEND_AUTH_NONCE_SECRET === undefined) {
      throw new InvalidConfigError('HEADEND_AUTH_NONCE_SECRET', 'is required when HEADEND_AUTH=digest');
    }
    const devicePasswords = readDevicePasswords(e.HEADEND_AUTH_CREDENTIALS_FILE);
    const noCredentials = e.HEADEND_AUTH_DERIVE_SECRET === undefined && devicePasswords.size === 0;
    if (noCredentials && e.HEADEND_AUTH_UNKNOWN_DEVICES === 'refuse') {
      throw new InvalidConfigError(
        'HEADEND_AUTH_DERIVE_SECRET',
        'is required unless HEADEND_AUTH_CREDENTIALS_FILE names devices or HEADEND_AUTH_UNKNOWN_DEVICES=register',
      );
    }
    auth = {
      mode: 'digest',
      realm: e.HEADEND_AUTH_REALM,
      nonceSecret: Buffer.from(e.HEADEND_AUTH_NONCE_SECRET, 'hex'),
      deriveSecret:
        e.HEADEND_AUTH_DERIVE_SECRET === undefined ? null : Buffer.from(e.HEADEND_AUTH_DERIVE_SECRET, 'hex'),
      devicePasswords,
      unknownDevices: e.HEADEND_AUTH_UNKNOWN_DEVICES,
    };
  }
  return {
    auth,
    tls: readTls(e.HEADEND_TLS_CERT_FILE, e.HEADEND_TLS_KEY_FILE),
    host: e.HEADEND_CWMP_HOST,
    port: e.HEADEND_CWMP_PORT,
    healthPort: e.HEADEND_HEALTH_PORT,
    startupTimeoutMs: e.HEADEND_STARTUP_TIMEOUT_MS,
    replicaId: e.HEADEND_REPLICA_ID,
    maxConcurrentRequests: e.HEADEND_MAX_CONCURRENT_REQUESTS,
    maxPreauthRequests: Math.min(
      e.HEADEND_PREAUTH_MAX_CONCURRENT_REQUESTS,
      e.HEADEND_MAX_CONCURRENT_REQUESTS,
    ),
    preauthMaxBodyBytes: Math.min(e.HEADEND_PREAUTH_MAX_BODY_BYTES, e.HEADEND_MAX_BODY_BYTES),
    bodyTimeoutMs: e.HEADEND_BODY_TIMEOUT_MS,
    preauthBodyTimeoutMs: Math.min(e.HEADEND_PREAUTH_BODY_TIMEOUT_MS, e.HEADEND_BODY_TIMEOUT_MS),
    retryAfterSeconds: e.HEADEND_RETRY_AFTER_SECONDS,
    deviceEventPartitions: e.HEADEND_DEVICE_EVENT_PARTITIONS,
    appendLingerMs: e.HEADEND_APPEND_LINGER_MS,
    gateway: {
      ...DEFAULT_GATEWAY_OPTIONS,
      sessionTimeoutMs: e.HEADEND_SESSION_TIMEOUT_MS,
      maxSessionTimeoutMs: Math.max(e.HEADEND_SESSION_TIMEOUT_MAX_MS, e.HEADEND_SESSION_TIMEOUT_MS),
      planTimeoutMs: e.HEADEND_PLAN_TIMEOUT_MS,
      maxBodyBytes: e.HEADEND_MAX_BODY_BYTES,
      appendTimeoutMs: e.HEADEND_APPEND_TIMEOUT_MS,
      xmlDeclaration: e.HEADEND_XML_DECLARATION,
      reaperIntervalMs: e.HEADEND_SESSION_REAPER_INTERVAL_MS,
    },
    services: readBackingServices(env),
  };
}

/** An empty password is a password: some CPEs ship without one. */
const DevicePasswords = z.record(z.string().min(1).max(2048), z.string().max(256));

/** Per-device credentials, read once at boot into a Map (device ids are never object keys later). */
function readDevicePasswords(file: string | undefined): ReadonlyMap<string, string> {
  if (file === undefined) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidConfigError('HEADEND_AUTH_CREDENTIALS_FILE', `cannot read ${file}: ${String(error)}`);
  }
  const result = DevicePasswords.safeParse(parsed);
  if (!result.success) {
    throw new InvalidConfigError(
      'HEADEND_AUTH_CREDENTIALS_FILE',
      'must be a JSON object of device id to password',
    );
  }
  return new Map(Object.entries(result.data));
}

function readTls(certFile: string | undefined, keyFile: string | undefined): GatewayConfig['tls'] {
  if (certFile === undefined && keyFile === undefined) return null;
  if (certFile === undefined)
    throw new InvalidConfigError('HEADEND_TLS_CERT_FILE', 'is required with HEADEND_TLS_KEY_FILE');
  if (keyFile === undefined)
    throw new InvalidConfigError('HEADEND_TLS_KEY_FILE', 'is required with HEADEND_TLS_CERT_FILE');
  const read = (variable: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new InvalidConfigError(variable, `cannot read ${file}: ${String(error)}`);
    }
  };
  return { cert: read('HEADEND_TLS_CERT_FILE', certFile), key: read('HEADEND_TLS_KEY_FILE', keyFile) };
}
