import type { SessionLimits } from '@headend/cwmp-session';
import { DEFAULT_SESSION_LIMITS } from '@headend/cwmp-session';

export interface GatewayOptions {
  /** Lock and session record lifetime, renewed on every request of the session. */
  readonly sessionTimeoutMs: number;
  /**
   * The longest lifetime a CPE may ask for with its SessionTimeout header (CWMP 1.3+). The shortest
   * is planTimeoutMs + appendTimeoutMs, so a session never loses its lock while it waits for a plan.
   */
  readonly maxSessionTimeoutMs: number;
  /** How long an empty POST waits for provisioning to plan before the session ends as 'timeout'. */
  readonly planTimeoutMs: number;
  /** How long an append may wait for Kafka's acknowledgement before the CPE is told 503. */
  readonly appendTimeoutMs: number;
  /** Cap on a request body, after decompression. */
  readonly maxBodyBytes: number;
  /** Whether answers start with an XML declaration: as the CPE's Inform did, or always, or never. */
  readonly xmlDeclaration: 'mirror' | 'always' | 'never';
  readonly limits: SessionLimits;
  /**
   * How often a replica looks for sessions whose lock expired without an end (their CPE vanished)
   * and closes them as 'lost'. Session records and live-session marks outlive their lock by
   * sessionKeepMs(options), so a replica still finds them.
   */
  readonly reaperIntervalMs: number;
}

/** How long a session record outlives its lock: time for several reaper passes and their appends. */
export function sessionKeepMs(options: Pick<GatewayOptions, 'reaperIntervalMs' | 'appendTimeoutMs'>): number {
  return 5 * options.reaperIntervalMs + 2 * options.appendTimeoutMs;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  sessionTimeoutMs: 60_000,
  maxSessionTimeoutMs: 600_000,
  planTimeoutMs: 10_000,
  appendTimeoutMs: 5_000,
  maxBodyBytes: 4 * 1024 * 1024,
  xmlDeclaration: 'mirror',
  limits: DEFAULT_SESSION_LIMITS,
  reaperIntervalMs: 10_000,
};
