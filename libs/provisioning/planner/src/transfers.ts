import { fingerprint } from './hash.js';
import type { PendingTransfer, RecordedFault } from './projection.js';
import { presetFault } from './presets.js';
import { finishTask, retryOrFail, updateTask } from './tasks.js';
import type { Working } from './working.js';

/**
 * Transfers (Download, Upload) the device accepted and will report later: closed by TransferComplete,
 * verified against the software version the device then runs, given up on after a reset or the
 * transfer time-out.
 */

/**
 * Our fault code (TR-069's ACS vendor range 8800-8899) for a download the device reported
 * successful and then runs another software version than wanted. A retry would install the same
 * image again, so a task ends with it and a preset stops fetching that file.
 */
export const VERSION_MISMATCH_FAULT = 8800;

/** Inform event codes that report a transfer's end (its command key says which). */
const TRANSFER_EVENTS: ReadonlySet<string> = new Set(['M Download', 'M ScheduleDownload', 'M Upload']);
const BOOT_EVENTS: ReadonlySet<string> = new Set(['0 BOOTSTRAP', '1 BOOT']);

/**
 * 0 BOOTSTRAP: a transfer this very Inform reports (a firmware that resets the device) is still
 * closed by its TransferComplete, and one already reported successful is judged by this boot; a
 * task waiting for any other is retried, as the device will not report it.
 */
export function transfersAfterReset(
  w: Working,
  events: readonly { code: string; commandKey: string }[],
): void {
  const reported = new Set(events.filter((e) => TRANSFER_EVENTS.has(e.code)).map((e) => e.commandKey));
  abandon(
    w,
    (t) => t.reportedAt === null && !reported.has(t.commandKey),
    'the device was reset (0 BOOTSTRAP) before it reported the transfer',
  );
}

/**
 * Transfers not over within the transfer time-out: one never reported is retried, one reported
 * successful is judged by the version the device runs now.
 */
export function expireTransfers(w: Working): void {
  const { now, policy } = w.ctx;
  const late = (t: PendingTransfer) => now - (t.reportedAt ?? t.startedAt) > policy.transferTimeoutMs;
  for (const transfer of w.device.transfers)
    if (transfer.reportedAt !== null && late(transfer)) settle(w, transfer);
  abandon(w, (t) => t.reportedAt === null && late(t), 'the device never reported the transfer complete');
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
  if (fault === null) {
    const booted = (device.session?.events ?? []).some((code) => BOOT_EVENTS.has(code));
    succeeded(w, transfer, booted);
    return;
  }
  device.transfers = device.transfers.filter((t) => t !== transfer);
  const recorded: RecordedFault = { code: fault.code, message: fault.string, parameters: [], at: w.ctx.now };
  const task = device.tasks.find((t) => t.id === transfer.taskId && t.state === 'waiting');
  if (task !== undefined) retryOrFail(w, task, recorded);
  if (transfer.presetId !== null) presetFault(w, transfer.presetId, 'Download', recorded);
}

/**
 * The device reported the transfer successful. It is judged now when the device already runs the
 * version wanted, or has booted since the download (the image is installed); otherwise at its next
 * boot, as some CPEs report the download before they install the image.
 */
function succeeded(w: Working, transfer: PendingTransfer, booted: boolean): void {
  const expected = expectedVersion(w, transfer);
  if (expected === null || reportedVersion(w) === expected || booted) return settle(w, transfer);
  const reportedAt = transfer.reportedAt ?? w.ctx.now;
  w.device.transfers = w.device.transfers.map((t) => (t === transfer ? { ...t, reportedAt } : t));
}

/** A Download answered with status 0: applied already, and no TransferComplete will follow. */
export function appliedDownload(w: Working, transfer: PendingTransfer): void {
  w.device.transfers = [...w.device.transfers, transfer];
  succeeded(w, transfer, false);
}

/**
 * Each Inform: a transfer reported successful is judged at the first boot; any download whose
 * version the device now runs is done, whether or not its report came (a TransferComplete lost).
 */
export function versionsReported(w: Working, codes: readonly string[]): void {
  const booted = codes.some((code) => BOOT_EVENTS.has(code));
  for (const transfer of w.device.transfers) {
    const expected = expectedVersion(w, transfer);
    const runs = expected !== null && reportedVersion(w) === expected;
    if (runs || (transfer.reportedAt !== null && booted)) settle(w, transfer);
  }
}

/** The transfer is over and reported successful: its task or preset is done, or faults with the version. */
function settle(w: Working, transfer: PendingTransfer): void {
  const device = w.device;
  device.transfers = device.transfers.filter((t) => t.commandKey !== transfer.commandKey);
  const expected = expectedVersion(w, transfer);
  const reported = reportedVersion(w);
  const fault: RecordedFault | null =
    expected === null || reported === expected
      ? null
      : {
          code: VERSION_MISMATCH_FAULT,
          message: `installed version ${reported ?? 'unknown'}, expected ${expected}`,
          parameters: [],
          at: w.ctx.now,
        };
  const fileId = fileOf(w, transfer);
  if (fault !== null && fileId !== null && reported !== null) learnVersion(w, fileId, reported);
  const task = device.tasks.find((t) => t.id === transfer.taskId && t.state === 'waiting');
  if (task !== undefined) {
    if (fault === null) finishTask(w, task);
    else updateTask(w, task, { state: 'fault', fault, notBefore: null });
  }
  if (transfer.presetId === null) return;
  const scope = `preset:${transfer.presetId}`;
  if (fault !== null) presetFault(w, transfer.presetId, 'Download', fault);
  else device.faults = device.faults.filter((f) => !(f.scope === scope && f.method === 'Download'));
}

/** The software version a transfer must leave on the device; null when there is nothing to check. */
function expectedVersion(w: Working, transfer: PendingTransfer): string | null {
  if (w.device.root === null) return null;
  if (transfer.presetId === null)
    return transfer.fileId === null ? null : (w.ctx.files.get(transfer.fileId)?.version ?? null);
  return wantedBy(w, transfer.presetId)?.version ?? null;
}

function wantedBy(w: Working, presetId: string) {
  const preset = w.ctx.presets.find((p) => p.id === presetId);
  return preset?.configurations.find((c) => c.kind === 'softwareVersion');
}

function fileOf(w: Working, transfer: PendingTransfer): string | null {
  if (transfer.presetId === null) return transfer.fileId;
  return wantedBy(w, transfer.presetId)?.fileId ?? null;
}

function reportedVersion(w: Working): string | null {
  const root = w.device.root;
  return root === null ? null : (w.table.byPath.get(`${root}DeviceInfo.SoftwareVersion`)?.value ?? null);
}

/** Whether the task's download would be verified now (status 0 of a file without a version is done at once). */
export function hasVersionToCheck(w: Working, fileId: string | null): boolean {
  return w.device.root !== null && fileId !== null && (w.ctx.files.get(fileId)?.version ?? null) !== null;
}

/**
 * What a file was seen to install on this device, kept in `done` as `installs:<print>=<version>`; the
 * print is of the file's id, URL, length and declared version, so a replaced file is tried again.
 */
function installsPrefix(w: Working, fileId: string): string | null {
  const file = w.ctx.files.get(fileId);
  if (file === undefined) return null;
  return `installs:${fingerprint(JSON.stringify([fileId, file.url, file.length, file.version]))}=`;
}

function learnVersion(w: Working, fileId: string, version: string): void {
  const prefix = installsPrefix(w, fileId);
  if (prefix === null) return;
  w.device.done = [...w.device.done.filter((d) => !d.startsWith(prefix)), `${prefix}${version}`];
}

/** The version this file (as it is now) installed on this device, when one of its downloads showed it. */
export function installedVersion(w: Working, fileId: string): string | null {
  const prefix = installsPrefix(w, fileId);
  const entry = prefix === null ? undefined : w.device.done.find((d) => d.startsWith(prefix));
  return entry === undefined || prefix === null ? null : entry.slice(prefix.length);
}
