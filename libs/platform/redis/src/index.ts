export { RedisCoordinationStore } from './redis-coordination-store.js';
export type { RedisCoordinationOptions } from './redis-coordination-store.js';
