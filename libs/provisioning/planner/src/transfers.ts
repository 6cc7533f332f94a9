import type { PendingTransfer, RecordedFault } from './projection.js';
import { presetFault } from './presets.js';
import { finishTask, retryOrFail } from './tasks.js';
import type { Working } from './working.js';

/**
 * Transfers (Download, Upload) the device accepted and will report later: closed by TransferComplete,
 * verified against the file's version, given up on after a reset or the transfer time-out.
 */

/** Inform event codes that report a transfer's end (its command key says which). */
const TRANSFER_EVENTS: ReadonlySet<string> = new Set(['M Download', 'M ScheduleDownload', 'M Upload']);

/**
 * 0 BOOTSTRAP: a transfer this very Inform reports (a firmware that resets the device) is still
 * closed by its TransferComplete; a task waiting for any other is retried, as the device will not
 * report it.
 */
export function transfersAfterReset(
  w: Working,
  events: readonly { code: string; commandKey: string }[],
): void {
  const reported = new Set(events.filter((e) => TRANSFER_EVENTS.has(e.code)).map((e) => e.commandKey));
  abandon(
    w,
    (t) => !reported.has(t.commandKey),
    'the device was reset (0 BOOTSTRAP) before it reported the transfer',
  );
}

/** Transfers never reported within the transfer time-out: their tasks are retried. */
export function expireTransfers(w: Working): void {
  const { now, policy } = w.ctx;
  abandon(
    w,
    (t) => now - t.startedAt > policy.transferTimeoutMs,
    'the device never reported the transfer complete',
  );
}

function abandon(w: Working, which: (transfer: PendingTransfer) => boolean, message: string): void {
  const device = w.device;
  const dropped = device.transfers.filter(which);
  if (dropped.length === 0) return;
  device.transfers = device.transfers.filter((t) => !dropped.includes(t));
  for (const transfer of dropped) {
    const task = device.tasks.find((t) => t.id === transfer.taskId && t.state === 'waiting');
    if (task !== undefined) retryOrFail(w, task, { code: 0, message, parameters: [], at: w.ctx.now });
  }
}

/** TransferComplete (fault null on success): closes the transfer's task or preset download. */
export function transferCompleted(
  w: Working,
  commandKey: string,
  fault: { code: number; string: string } | null,
): void {
  const device = w.device;
  const transfer = device.transfers.find((t) => t.commandKey === commandKey);
  if (transfer === undefined) return;
  device.transfers = device.transfers.filter((t) => t !== transfer);
  const recorded: RecordedFault | null =
    fault === null ? null : { code: fault.code, message: fault.string, parameters: [], at: w.ctx.now };
  const task = device.tasks.find((t) => t.id === transfer.taskId && t.state === 'waiting');
  if (task !== undefined) {
    const mismatch = recorded === null ? versionMismatch(w, transfer.fileId) : null;
    if (recorded === null && mismatch === null) finishTask(w, task);
    else retryOrFail(w, task, recorded ?? mismatch);
  }
  if (transfer.presetId !== null) presetTransferCompleted(w, transfer.presetId, recorded);
}

/**
 * A preset's download is done when the device reports the version the preset wants; a failed or
 * wrong one is a fault of the preset, so the file is not fetched again every session.
 */
function presetTransferCompleted(w: Working, presetId: string, recorded: RecordedFault | null): void {
  const preset = w.ctx.presets.find((p) => p.id === presetId);
  const wanted = preset?.configurations.find((c) => c.kind === 'softwareVersion');
  const fault = recorded ?? (wanted === undefined ? null : versionFault(w, wanted.version));
  const scope = `preset:${presetId}`;
  if (fault !== null) presetFault(w, presetId, 'Download', fault);
  else w.device.faults = w.device.faults.filter((f) => !(f.scope === scope && f.method === 'Download'));
}

/**
 * A task's download whose file version the device now reports is done, whether or not its
 * TransferComplete came (a CPE that answered status 0 sends none).
 */
export function versionsReported(w: Working): void {
  for (const transfer of w.device.transfers) {
    const file = transfer.fileId === null ? undefined : w.ctx.files.get(transfer.fileId);
    if (file?.version == null || versionMismatch(w, transfer.fileId) !== null) continue;
    transferCompleted(w, transfer.commandKey, null);
  }
}

/** A firmware download is verified: the device must now report the file's version (none: nothing to check). */
export function versionMismatch(w: Working, fileId: string | null): RecordedFault | null {
  const expected = fileId === null ? null : (w.ctx.files.get(fileId)?.version ?? null);
  return expected === null || w.device.root === null ? null : versionFault(w, expected);
}

function versionFault(w: Working, expected: string): RecordedFault | null {
  const root = w.device.root;
  const reported =
    root === null ? null : (w.table.byPath.get(`${root}DeviceInfo.SoftwareVersion`)?.value ?? null);
  if (reported === expected) return null;
  const message = `download verified: SoftwareVersion is ${reported ?? 'unknown'}, expected ${expected}`;
  return { code: 0, message, parameters: [], at: w.ctx.now };
}
