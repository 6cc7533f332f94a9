/** Liveness, readiness and Prometheus metrics over HTTP, shared by every Headend app. */
export { HealthServer } from './health-server.js';
