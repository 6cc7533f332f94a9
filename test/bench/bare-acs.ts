/**
 * The benchmark's baseline: a bare node:http server that answers a periodic-Inform session with the
 * same bytes the gateway sends (InformResponse with the same headers and a session cookie of the
 * same length, then 204 clearing it) and does no other work: no parsing beyond finding the cwmp:ID,
 * no Kafka, no Redis. Run as its own process so its CPU time can be read like the gateway's.
 * Prints its port on stdout.
 */
import { createServer } from 'node:http';
import { CLEARED_COOKIE, cwmpIdOf, informResponse, informResponseHeaders } from './acs-bytes.js';

// As long as the gateway's `<device id>:<session id>` for the simulator's devices (32 + 1 + 16).
const COOKIE = `${'0'.repeat(32)}:${'x'.repeat(16)}`;

// The gateway's keep-alive time-out, so connections live alike.
const server = createServer({ keepAliveTimeout: 30_000, requestTimeout: 120_000 }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (chunks.length === 0) {
      response.writeHead(204, { 'set-cookie': CLEARED_COOKIE, 'content-length': 0 }).end();
      return;
    }
    const xml = informResponse(cwmpIdOf(Buffer.concat(chunks).toString('latin1')));
    response.writeHead(200, informResponseHeaders(xml, COOKIE)).end(xml);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
