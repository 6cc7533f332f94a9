import { Agent, createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface PoolingProxy {
  readonly port: number;
  /** The upstream connections the proxy opened (one, unless one was closed by the gateway). */
  readonly upstreamConnections: () => number;
  close(): Promise<void>;
}

/** Headers that belong to one hop (RFC 9110 7.6.1): a proxy never forwards them. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/**
 * What a pooling reverse proxy or ingress does: every client's requests, whatever client, go to the
 * gateway over one kept-alive upstream connection, one after the other. Consecutive requests of
 * different CPEs therefore share a connection.
 */
export async function startPoolingProxy(upstream: number): Promise<PoolingProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<Socket>();
  const server: Server = createServer((incoming, outgoing) => {
    const headers = Object.fromEntries(
      Object.entries(incoming.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
    );
    const forward = httpRequest(
      { host: '127.0.0.1', port: upstream, method: incoming.method, path: incoming.url, headers, agent },
      (answer) => {
        const back = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
        );
        outgoing.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(outgoing);
      },
    );
    forward.on('socket', (socket) => sockets.add(socket));
    forward.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
      else outgoing.destroy();
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    upstreamConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
