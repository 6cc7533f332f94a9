/**
 * Coordination key names. The `{device}` hash tag keeps every key of one device in one Redis
 * Cluster slot, so multi-key scripts (a fenced enqueue) work in a cluster.
 */
export const coordinationKeys = {
  lock: (deviceId: string) => `lock:{${deviceId}}`,
  session: (deviceId: string) => `sess:{${deviceId}}`,
  rpcQueue: (deviceId: string) => `rpcq:{${deviceId}}`,
  nonce: (nonce: string) => `nonce:{${nonce}}`,
  replicaChannel: (replicaId: string) => `wake:${replicaId}`,
} as const;
