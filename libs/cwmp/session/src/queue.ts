import { CwmpEncodeError, encodeCwmp } from '@headend/cwmp-codec';
import { ACS_METHODS, OpaqueId } from '@headend/events';
import type { AcsRequest } from './to-events.js';

/**
 * An entry of a device's pending RPC queue (`rpcq:{device}`), written by provisioning and taken by
 * the gateway: the next ACS request, or the marker that the plan for this session is final.
 * The request is the codec's message, passwords included, so the queue lives only in Redis.
 *
 * `sessionId`, when present, names the session the entry was planned for: provisioning writes at
 * least once (it may re-enqueue after a crash), so the gateway discards an entry of another session
 * (a stale plan) and an RPC whose rpcId this session already sent. Entries without it (tests, tools)
 * are taken by whatever session is live.
 *
 * `holdRequests: true` on an RPC sends it with cwmp:HoldRequests: the CPE sends no request of its
 * own (TransferComplete ...) until the ACS's next message, e.g. while that RPC changes its state.
 */
export type QueueItem =
  | {
      readonly kind: 'rpc';
      readonly rpcId: string;
      readonly request: AcsRequest;
      readonly sessionId?: string | undefined;
      readonly holdRequests?: boolean | undefined;
    }
  | { readonly kind: 'end'; readonly sessionId?: string | undefined };

export type QueueItemResult =
  { readonly ok: true; readonly item: QueueItem } | { readonly ok: false; readonly reason: string };

const METHODS: ReadonlySet<string> = new Set(ACS_METHODS);

export function serializeQueueItem(item: QueueItem): string {
  return JSON.stringify(item);
}

/**
 * Reads a queue entry back. An entry the strict encoder cannot turn into a valid CWMP request is
 * refused here, so a bad plan becomes a recorded error instead of a malformed message to a CPE.
 */
export function parseQueueItem(json: string): QueueItemResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'not an object' };
  const entry = value as {
    kind?: unknown;
    rpcId?: unknown;
    request?: unknown;
    sessionId?: unknown;
    holdRequests?: unknown;
  };
  if (entry.sessionId !== undefined && !OpaqueId.safeParse(entry.sessionId).success)
    return { ok: false, reason: 'sessionId is not an id' };
  const session = entry.sessionId === undefined ? {} : { sessionId: entry.sessionId as string };
  if (entry.kind === 'end') return { ok: true, item: { kind: 'end', ...session } };
  if (entry.kind !== 'rpc') return { ok: false, reason: 'kind is neither "rpc" nor "end"' };
  if (!OpaqueId.safeParse(entry.rpcId).success) return { ok: false, reason: 'rpcId is not an id' };
  if (entry.holdRequests !== undefined && typeof entry.holdRequests !== 'boolean')
    return { ok: false, reason: 'holdRequests is not a boolean' };
  const hold = entry.holdRequests === undefined ? {} : { holdRequests: entry.holdRequests };
  const request = entry.request as { type?: unknown } | null;
  if (typeof request !== 'object' || request === null || typeof request.type !== 'string') {
    return { ok: false, reason: 'request has no type' };
  }
  if (!METHODS.has(request.type))
    return { ok: false, reason: `${request.type.slice(0, 64)} is not an ACS method` };
  try {
    encodeCwmp({ namespace: 'urn:dslforum-org:cwmp-1-0', body: request as AcsRequest });
  } catch (error) {
    const detail = error instanceof CwmpEncodeError ? error.message : 'malformed request';
    return { ok: false, reason: `request cannot be encoded: ${detail}` };
  }
  return {
    ok: true,
    item: { kind: 'rpc', rpcId: entry.rpcId as string, request: request as AcsRequest, ...session, ...hold },
  };
}
