import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a request answered before its body was read may still send: drained, not read. */
export const DRAIN_MAX_BYTES = 256 * 1024;
export const DRAIN_MAX_MS = 5_000;

/**
 * Writes an answer without reading the request's body (a 401 to a request without credentials, say).
 * A small body still in flight is drained, at most DRAIN_MAX_BYTES within DRAIN_MAX_MS, so a CPE's
 * keep-alive connection survives its first unauthenticated Inform; a large or unknown-length one, or
 * one that trickles, loses the connection instead: nothing unauthenticated holds the gateway.
 */
export function answerBeforeBody(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): void {
  const pending = !request.complete;
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  const drainable = !pending || declared <= DRAIN_MAX_BYTES;
  // With `connection: close`, Node ends the socket once the answer is written.
  const final = drainable ? headers : { ...headers, connection: 'close' };
  if (!response.headersSent) {
    response.writeHead(status, { ...final, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  }
  if (!pending || !drainable) return;
  let seen = 0;
  const cut = () => request.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MAX_MS);
  timer.unref();
  const done = () => clearTimeout(timer);
  request.on('data', (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (seen > DRAIN_MAX_BYTES) cut();
  });
  request.once('end', done);
  request.once('close', done);
  request.resume();
}
