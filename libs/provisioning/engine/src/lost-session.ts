import type { HeadendEvent } from '@headend/events';
import type { DeviceProjection } from '@headend/provisioning-planner';

/**
 * A device that starts a session while its projection still has an earlier one open (no
 * SessionEnded was folded for it) will never see that one ended by the gateway: the gateway lost
 * it (Redis lost its data, or the replica and the record went together). Provisioning closes it in
 * the log: a SessionEnded with outcome `lost`, whose id `<sessionId>:lost` is the same whoever
 * writes it (the gateway's reaper may find the same session). Null when nothing was left open.
 *
 * Provisioning does not see every event of the session, so `sequence` is an estimate (2 plus 2
 * per planned RPC) and `rpcCount` the RPCs planned; the id does not depend on them.
 */
export function lostSessionEnded(
  before: DeviceProjection | null,
  started: Extract<HeadendEvent, { type: 'SessionStarted' }>,
  at: number,
): Extract<HeadendEvent, { type: 'SessionEnded' }> | null {
  const open = before?.session ?? null;
  if (open === null || open.id === started.data.sessionId) return null;
  return {
    type: 'SessionEnded',
    version: 1,
    data: {
      deviceId: started.data.deviceId,
      sessionId: open.id,
      sequence: 2 + 2 * open.planned,
      outcome: 'lost',
      rpcCount: open.planned,
      durationMs: Math.max(0, Math.round(at - open.startedAt)),
      reason: 'the device started another session before this one was seen to end',
    },
  };
}
