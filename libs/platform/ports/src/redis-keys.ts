/**
 * Coordination key names. The `{device}` hash tag keeps every key of one device in one Redis
 * Cluster slot, so multi-key scripts (fenced writes, MGET) work in a cluster.
 */
export const coordinationKeys = {
  lock: (deviceId: string) => `lock:{${deviceId}}`,
  session: (deviceId: string) => `sess:{${deviceId}}`,
  rpcQueue: (deviceId: string) => `rpcq:{${deviceId}}`,
  /** Provisioning publishes here when it has planned; the replica holding the CPE's request listens. */
  wakeup: (deviceId: string) => `wake:{${deviceId}}`,
  nonce: (nonce: string) => `nonce:{${nonce}}`,
  /** The replay store's epoch, created at first use: gone with a data loss, so older nonces go stale. */
  nonceEpoch: () => 'nonce-epoch',
  /**
   * The live sessions, marked by device id until their lock would expire, in ACTIVE_SESSION_SHARDS
   * sets (so no one Redis Cluster node takes every mark); see activeSessionShard.
   */
  activeSessions: (shard: number) => `sessions:active:{${shard}}`,
} as const;

/** How many sets the live sessions are marked in. */
export const ACTIVE_SESSION_SHARDS = 16;

/** The set a device's session is marked in (FNV-1a of its id): stable, and spread evenly. */
export function activeSessionShard(deviceId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    hash ^= deviceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % ACTIVE_SESSION_SHARDS;
}
