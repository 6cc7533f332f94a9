import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Registry } from 'prom-client';

/** Liveness, readiness and metrics, on their own port so probes never queue behind CPE traffic. */
export class HealthServer {
  private readonly server: Server;
  private ready = false;

  constructor(
    private readonly registry: Registry,
    private readonly host: string,
    private readonly port: number,
  ) {
    this.server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path === '/healthz') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      } else if (path === '/readyz') {
        response
          .writeHead(this.ready ? 200 : 503, { 'content-type': 'text/plain' })
          .end(this.ready ? 'ready\n' : 'not ready\n');
      } else if (path === '/metrics') {
        this.registry.metrics().then(
          (text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
          () => response.writeHead(500).end(),
        );
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => resolve());
    });
  }

  setReady(ready: boolean): void {
    this.ready = ready;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
