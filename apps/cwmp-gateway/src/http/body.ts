import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';

export type BodyResult =
  | { readonly ok: true; readonly body: Uint8Array }
  | { readonly ok: false; readonly status: 413 | 415 | 400 | 408; readonly reason: string };

/**
 * Reads a request body, gunzipping or inflating it when the CPE compressed it, and stops as soon
 * as more than `maxBytes` have been read or produced: the cap is on decompressed bytes, so a
 * compression bomb costs at most `maxBytes` of memory. A body not complete within `timeoutMs` is
 * refused (408): a body sent one byte at a time holds a request slot for no longer than that.
 */
export function readBody(request: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let decoder: Transform | null = null;
  if (encoding === 'gzip' || encoding === 'x-gzip') decoder = createGunzip();
  else if (encoding === 'deflate') decoder = createInflate();
  else if (encoding !== 'identity' && encoding !== '') {
    request.resume();
    return Promise.resolve({
      ok: false,
      status: 415,
      reason: `content-encoding ${encoding.slice(0, 32)} is not supported`,
    });
  }
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (decoder === null && declared > maxBytes) {
    request.resume();
    return Promise.resolve({ ok: false, status: 413, reason: `the body is larger than ${maxBytes} bytes` });
  }

  // Plain 'data' events rather than an async iterator: no promise per chunk on the hot path.
  const source: Readable = decoder ? request.pipe(decoder) : request;
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      request.unpipe();
      decoder?.destroy();
      settle({ ok: false, status: 408, reason: `the body did not arrive within ${timeoutMs} ms` });
    }, timeoutMs);
    const broken = () =>
      settle({ ok: false, status: 400, reason: `the ${encoding} body could not be read to its end` });
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      total += chunk.byteLength;
      if (total > maxBytes) {
        request.unpipe();
        request.resume();
        decoder?.destroy();
        settle({
          ok: false,
          status: 413,
          reason: `the body is larger than ${maxBytes} bytes (decompressed)`,
        });
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () =>
      settle({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) }),
    );
    source.on('error', broken);
    // A connection lost mid-body (the decoder would not hear of it through the pipe).
    if (decoder) request.on('error', broken);
    request.on('close', () => {
      if (!request.complete) broken();
    });
  });
}
