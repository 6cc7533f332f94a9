/**
 * The benchmark's baseline: a bare node:http server that answers a periodic-Inform session with the
 * same bytes the gateway sends (InformResponse with the same headers and a session cookie of the
 * same length, then 204 clearing it) and does no other work: no parsing beyond finding the cwmp:ID,
 * no Kafka, no Redis. Run as its own process so its CPU time can be read like the gateway's.
 * Prints its port on stdout.
 */
import { createServer } from 'node:http';

const informResponse = (id: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">${id}</cwmp:ID></soap-env:Header><soap-env:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soap-env:Body></soap-env:Envelope>`;

// As long as the gateway's `<device id>:<session id>` for the simulator's devices (32 + 1 + 16).
const COOKIE = `headend_session=${'0'.repeat(32)}:${'x'.repeat(16)}; Path=/; HttpOnly`;
const CLEARED = 'headend_session=; Path=/; Max-Age=0; HttpOnly';

// The gateway's keep-alive time-out, so connections live alike.
const server = createServer({ keepAliveTimeout: 30_000, requestTimeout: 120_000 }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (chunks.length === 0) {
      response.writeHead(204, { 'set-cookie': CLEARED, 'content-length': 0 }).end();
      return;
    }
    // The cwmp:ID is echoed, as the gateway does; nothing else is looked at.
    const body = Buffer.concat(chunks).toString('latin1');
    const id = /<[^>]*ID[^>]*>([^<]{0,64})</.exec(body)?.[1] ?? '1';
    const xml = informResponse(id);
    response
      .writeHead(200, {
        'content-type': 'text/xml; charset="utf-8"',
        'set-cookie': COOKIE,
        soapaction: '',
        'content-length': Buffer.byteLength(xml),
      })
      .end(xml);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
