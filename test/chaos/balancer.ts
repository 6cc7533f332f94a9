import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Balancer {
  readonly port: number;
  /** Requests answered 502, by the upstream error's code (a replica that died with the request). */
  readonly failures: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A load balancer in front of gateway replicas, as a Kubernetes Service is: each request goes to
 * the next replica in turn (a new upstream connection each), and one that refuses the connection (a
 * killed replica) is skipped, so CPEs reach a live replica while the other restarts.
 */
export async function startBalancer(upstreams: readonly number[]): Promise<Balancer> {
  let next = 0;
  const failures = new Map<string, number>();
  /** Tries the replicas in turn from `first`, each once, while they refuse the connection. */
  const forward = (
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    body: Buffer,
    first: number,
    tries: number,
  ): void => {
    const target = upstreams[(first + tries) % upstreams.length] as number;
    const upstream = httpRequest(
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
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && tries + 1 < upstreams.length)
        return forward(incoming, outgoing, body, first, tries + 1);
      const code = error.code ?? error.message;
      failures.set(code, (failures.get(code) ?? 0) + 1);
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
      else outgoing.destroy();
    });
    upstream.end(body);
  };
  const server: Server = createServer((incoming, outgoing) => {
    // Buffered (CPE requests are small), so a refused attempt can be sent again elsewhere.
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => forward(incoming, outgoing, Buffer.concat(chunks), next++, 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    failures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
