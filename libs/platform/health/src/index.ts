/** Liveness, readiness and Prometheus metrics over HTTP, and start-up retries, shared by every Headend app. */
export { HealthServer } from './health-server.js';
export { Startup, StartupTimeoutError } from './startup.js';
export type { StartupLog, StartupOptions } from './startup.js';
