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
} as const;
