import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';

export interface RoundRobinProxy {
  readonly port: number;
  /** Which upstream served each request, in order. */
  readonly served: number[];
  close(): Promise<void>;
}

/**
 * Sends each request to the next upstream in turn, over a new upstream connection, so consecutive
 * requests of one CWMP session land on different gateway replicas.
 */
export async function startRoundRobinProxy(upstreams: readonly number[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served: number[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const target = upstreams[next++ % upstreams.length]!;
    served.push(target);
    const forward = httpRequest(
      {
        host: '127.0.0.1',
        port: target,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, connection: 'close' },
        agent: false,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
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
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
