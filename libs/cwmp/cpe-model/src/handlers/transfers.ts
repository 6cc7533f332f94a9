import type {
  AllQueuedTransferStruct,
  CancelTransfer,
  Download,
  QueuedTransferStruct,
  ScheduleDownload,
  Upload,
} from '@headend/cwmp-codec';
import { randomInt } from '../random.js';
import type { CpeState, Transfer } from '../state.js';
import { UNKNOWN_TIME } from '../values.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { fault } from './context.js';

/** TR-069 allows a CPE to queue at most 16 transfers (TransferList). */
const MAX_QUEUED = 16;

const DOWNLOAD_FILE_TYPE = /^(?:[1-5] \S.*|X \S+ \S.*)$/;
const UPLOAD_FILE_TYPE =
  /^(?:[1-2] Vendor (?:Configuration|Log) File|[3-4] Vendor (?:Configuration|Log) File [1-9][0-9]*|X \S+ \S.*)$/;
const PROTOCOL = /^(?:https?|ftp):\/\//i;

/**
 * The fault a transfer will end with: a `fault=9NNN` query parameter in its URL (9010-9020, so tests
 * and demos can ask for one), else a draw against the configured failure rate.
 */
function plannedFault(url: string, fallback: number, state: CpeState, ctx: HandlerContext): number {
  const match = /[?&]fault=(9\d{3})(?:&|$)/.exec(url);
  const asked = match === null ? undefined : Number(match[1]);
  if (asked !== undefined && asked >= 9010 && asked <= 9020) return asked;
  return ctx.random() < state.config.transferFaultRate ? fallback : 0;
}

function queue(
  state: CpeState,
  transfer: Omit<Transfer, 'completeAt' | 'faultCode'>,
  ctx: HandlerContext,
): CpeState {
  const [min, max] = state.config.transferSeconds;
  const durationMs = randomInt(ctx.random, Math.round(min * 1000), Math.round(max * 1000));
  const faultCode = plannedFault(transfer.url, transfer.kind === 'download' ? 9010 : 9011, state, ctx);
  return {
    ...state,
    transfers: [...state.transfers, { ...transfer, completeAt: transfer.startAt + durationMs, faultCode }],
  };
}

function refusal(state: CpeState, url: string, fileType: string, pattern: RegExp): HandlerResult | undefined {
  if (!PROTOCOL.test(url)) return fault(state, 9013, `unsupported protocol in ${url.slice(0, 64)}`);
  if (!pattern.test(fileType)) return fault(state, 9003, `unsupported FileType "${fileType.slice(0, 64)}"`);
  if (state.transfers.length >= MAX_QUEUED) return fault(state, 9004, 'the transfer queue is full');
  return undefined;
}

/** TR-069 A.3.2.8: queued, answered with status 1; TransferComplete follows in a later session. */
export function download(state: CpeState, req: Download, ctx: HandlerContext): HandlerResult {
  const refused = refusal(state, req.url, req.fileType, DOWNLOAD_FILE_TYPE);
  if (refused !== undefined) return refused;
  const next = queue(
    state,
    {
      kind: 'download',
      method: 'Download',
      commandKey: req.commandKey,
      fileType: req.fileType,
      url: req.url,
      fileSize: req.fileSize,
      targetFileName: req.targetFileName,
      startAt: ctx.now + req.delaySeconds * 1000,
    },
    ctx,
  );
  return {
    state: next,
    response: { type: 'DownloadResponse', status: 1, startTime: UNKNOWN_TIME, completeTime: UNKNOWN_TIME },
  };
}

/** TR-069 A.4.1.8: the transfer starts at the first window's start. */
export function scheduleDownload(state: CpeState, req: ScheduleDownload, ctx: HandlerContext): HandlerResult {
  const windows = req.timeWindowList;
  const first = windows[0];
  if (first === undefined || windows.length > 2 || windows.some((w) => w.windowEnd <= w.windowStart)) {
    return fault(state, 9003, 'TimeWindowList needs one or two windows with WindowStart < WindowEnd');
  }
  const refused = refusal(state, req.url, req.fileType, DOWNLOAD_FILE_TYPE);
  if (refused !== undefined) return refused;
  const next = queue(
    state,
    {
      kind: 'download',
      method: 'ScheduleDownload',
      commandKey: req.commandKey,
      fileType: req.fileType,
      url: req.url,
      fileSize: req.fileSize,
      targetFileName: req.targetFileName,
      startAt: ctx.now + first.windowStart * 1000,
    },
    ctx,
  );
  return { state: next, response: { type: 'ScheduleDownloadResponse' } };
}

/** TR-069 A.4.1.5: queued like a download; the simulator sends no bytes (a gap the README names). */
export function upload(state: CpeState, req: Upload, ctx: HandlerContext): HandlerResult {
  const refused = refusal(state, req.url, req.fileType, UPLOAD_FILE_TYPE);
  if (refused !== undefined) return refused;
  const next = queue(
    state,
    {
      kind: 'upload',
      method: 'Upload',
      commandKey: req.commandKey,
      fileType: req.fileType,
      url: req.url,
      fileSize: 0,
      targetFileName: '',
      startAt: ctx.now + req.delaySeconds * 1000,
    },
    ctx,
  );
  return {
    state: next,
    response: { type: 'UploadResponse', status: 1, startTime: UNKNOWN_TIME, completeTime: UNKNOWN_TIME },
  };
}

function transferState(t: Transfer, now: number): number {
  return now < t.startAt ? 1 : 2;
}

/** TR-069 A.4.1.1 (deprecated): the ACS-requested downloads still queued. */
export function getQueuedTransfers(state: CpeState, ctx: HandlerContext): HandlerResult {
  const transferList: QueuedTransferStruct[] = state.transfers
    .filter((t) => t.kind === 'download')
    .map((t) => ({ commandKey: t.commandKey, state: transferState(t, ctx.now) }));
  return { state, response: { type: 'GetQueuedTransfersResponse', transferList } };
}

/** TR-069 A.4.1.7. */
export function getAllQueuedTransfers(state: CpeState, ctx: HandlerContext): HandlerResult {
  const transferList: AllQueuedTransferStruct[] = state.transfers.map((t) => ({
    commandKey: t.commandKey,
    state: transferState(t, ctx.now),
    isDownload: t.kind === 'download',
    fileType: t.fileType,
    fileSize: t.fileSize,
    targetFileName: t.targetFileName,
  }));
  return { state, response: { type: 'GetAllQueuedTransfersResponse', transferList } };
}

/** TR-069 A.4.1.9: only a transfer that has not started can be cancelled (else 9021). */
export function cancelTransfer(state: CpeState, req: CancelTransfer, ctx: HandlerContext): HandlerResult {
  const matching = state.transfers.filter((t) => t.commandKey === req.commandKey);
  if (matching.length === 0)
    return fault(state, 9003, `no transfer with CommandKey "${req.commandKey.slice(0, 32)}"`);
  if (matching.some((t) => transferState(t, ctx.now) !== 1)) return fault(state, 9021);
  return {
    state: { ...state, transfers: state.transfers.filter((t) => t.commandKey !== req.commandKey) },
    response: { type: 'CancelTransferResponse' },
  };
}
