export { readBackingServices } from './backing-services.js';
export type { BackingServices, Env } from './backing-services.js';
