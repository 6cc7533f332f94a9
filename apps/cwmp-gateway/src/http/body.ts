import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';

export type BodyResult =
  | { readonly ok: true; readonly body: Uint8Array }
  | { readonly ok: false; readonly status: 413 | 415 | 400; readonly reason: string };

/**
 * Reads a request body, gunzipping or inflating it when the CPE compressed it, and stops as soon
 * as more than `maxBytes` have been read or produced: the cap is on decompressed bytes, so a
 * compression bomb costs at most `maxBytes` of memory.
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let decoder: Transform | null = null;
  if (encoding === 'gzip' || encoding === 'x-gzip') decoder = createGunzip();
  else if (encoding === 'deflate') decoder = createInflate();
  else if (encoding !== 'identity' && encoding !== '') {
    request.resume();
    return { ok: false, status: 415, reason: `content-encoding ${encoding.slice(0, 32)} is not supported` };
  }
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (decoder === null && declared > maxBytes) {
    request.resume();
    return { ok: false, status: 413, reason: `the body is larger than ${maxBytes} bytes` };
  }

  const source = decoder ? request.pipe(decoder) : request;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        request.unpipe();
        request.resume();
        decoder?.destroy();
        return { ok: false, status: 413, reason: `the body is larger than ${maxBytes} bytes (decompressed)` };
      }
      chunks.push(chunk);
    }
  } catch {
    return { ok: false, status: 400, reason: `the ${encoding} body could not be decompressed` };
  }
  return { ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
}
