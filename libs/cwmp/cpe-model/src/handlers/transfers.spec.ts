import type { CwmpMessage, Download } from '@headend/cwmp-codec';
import { describe, expect, it } from 'vitest';
import { advance, pendingCpeRequests, requestDelivered, sessionSucceeded } from '../lifecycle.js';
import { cpeOf, ctxAt, T0 } from '../testing/models.js';
import { valueAt } from '../tree.js';
import { handleAcsRequest } from './dispatch.js';

const ctx = ctxAt(T0);
const config = { transferSeconds: [3, 3] as const, bootSeconds: 10 };
const faultCode = (m: CwmpMessage): number | undefined =>
  m.type === 'Fault' ? m.detail?.faultCode : undefined;

function downloadRequest(over: Partial<Download> = {}): Download {
  return {
    type: 'Download',
    commandKey: 'fw-1',
    fileType: '1 Firmware Upgrade Image',
    url: 'http://files.example/firmware/V200R002C00.bin',
    username: '',
    password: '',
    fileSize: 1024,
    targetFileName: '',
    delaySeconds: 2,
    successUrl: '',
    failureUrl: '',
    ...over,
  };
}

describe('Download', () => {
  it('answers status 1, then on completion reboots with the new SoftwareVersion and reports TransferComplete', () => {
    const cpe = { ...cpeOf('bm632w', config), events: [] };
    const { state, response } = handleAcsRequest(cpe, downloadRequest(), ctx);
    expect(response).toEqual({
      type: 'DownloadResponse',
      status: 1,
      startTime: '0001-01-01T00:00:00Z',
      completeTime: '0001-01-01T00:00:00Z',
    });
    expect(advance(state, T0 + 4_000).transfers).toHaveLength(1);
    const done = advance(state, T0 + 5_000);
    expect(done.transfers).toEqual([]);
    expect(valueAt(done.tree, 'InternetGatewayDevice.DeviceInfo.SoftwareVersion')).toBe('V200R002C00');
    expect(done.events.map((e) => `${e.eventCode}|${e.commandKey}`)).toEqual([
      '7 TRANSFER COMPLETE|',
      'M Download|fw-1',
      '1 BOOT|',
    ]);
    expect(done.bootedAt).toBe(T0 + 15_000);
    const [request] = pendingCpeRequests(done);
    expect(request?.message).toEqual({
      type: 'TransferComplete',
      commandKey: 'fw-1',
      faultStruct: { faultCode: 0, faultString: '' },
      startTime: '2025-01-01T12:00:02Z',
      completeTime: '2025-01-01T12:00:05Z',
    });
    if (request !== undefined) expect(pendingCpeRequests(requestDelivered(done, request))).toEqual([]);
  });

  it('keeps the TransferComplete event when a session ends before the ACS took the request', () => {
    const cpe = { ...cpeOf('bm632w', config), events: [] };
    const done = advance(handleAcsRequest(cpe, downloadRequest(), ctx).state, T0 + 5_000);
    const after = sessionSucceeded({ ...done, events: [] }, T0 + 20_000);
    expect(after.events.map((e) => e.eventCode)).toEqual(['7 TRANSFER COMPLETE']);
  });

  it('fails the transfer as a fault=9NNN URL parameter or the configured rate says', () => {
    const cpe = cpeOf('bm632w', config);
    const asked = advance(
      handleAcsRequest(cpe, downloadRequest({ url: 'http://f/x.bin?fault=9018' }), ctx).state,
      T0 + 60_000,
    );
    expect(asked.transferResults[0]?.faultCode).toBe(9018);
    expect(valueAt(asked.tree, 'InternetGatewayDevice.DeviceInfo.SoftwareVersion')).toBe(
      'V100R001IRQC56B017',
    );
    const flaky = cpeOf('bm632w', { ...config, transferFaultRate: 1 });
    const failed = advance(handleAcsRequest(flaky, downloadRequest(), ctx).state, T0 + 60_000);
    expect(failed.transferResults[0]?.faultCode).toBe(9010);
  });

  it('refuses an unknown protocol (9013) and a malformed FileType (9003)', () => {
    const cpe = cpeOf('bm632w');
    expect(faultCode(handleAcsRequest(cpe, downloadRequest({ url: 'tftp://f/x.bin' }), ctx).response)).toBe(
      9013,
    );
    expect(faultCode(handleAcsRequest(cpe, downloadRequest({ fileType: 'firmware' }), ctx).response)).toBe(
      9003,
    );
  });

  it('lists queued transfers, cancels one not yet started, and refuses to cancel one in progress (9021)', () => {
    const cpe = cpeOf('bm632w', config);
    const queued = handleAcsRequest(cpe, downloadRequest({ delaySeconds: 60 }), ctx).state;
    const q = handleAcsRequest(queued, { type: 'GetQueuedTransfers' }, ctx).response;
    expect(q).toEqual({
      type: 'GetQueuedTransfersResponse',
      transferList: [{ commandKey: 'fw-1', state: 1 }],
    });
    const all = handleAcsRequest(queued, { type: 'GetAllQueuedTransfers' }, ctxAt(T0 + 61_000)).response;
    expect(all.type === 'GetAllQueuedTransfersResponse' && all.transferList[0]).toMatchObject({
      state: 2,
      isDownload: true,
      fileSize: 1024,
    });
    expect(
      faultCode(
        handleAcsRequest(queued, { type: 'CancelTransfer', commandKey: 'fw-1' }, ctxAt(T0 + 61_000)).response,
      ),
    ).toBe(9021);
    expect(
      faultCode(handleAcsRequest(queued, { type: 'CancelTransfer', commandKey: 'other' }, ctx).response),
    ).toBe(9003);
    const cancelled = handleAcsRequest(queued, { type: 'CancelTransfer', commandKey: 'fw-1' }, ctx);
    expect(cancelled.response).toEqual({ type: 'CancelTransferResponse' });
    expect(cancelled.state.transfers).toEqual([]);
  });
});

describe('ScheduleDownload and Upload', () => {
  it('starts a scheduled download at its first window and reports M ScheduleDownload', () => {
    const cpe = { ...cpeOf('tplink-ec220-g5', config), events: [] };
    const { state, response } = handleAcsRequest(
      cpe,
      {
        type: 'ScheduleDownload',
        commandKey: 'sd',
        fileType: '3 Vendor Configuration File',
        url: 'https://f/cfg.xml',
        username: '',
        password: '',
        fileSize: 10,
        targetFileName: 'cfg.xml',
        timeWindowList: [
          { windowStart: 30, windowEnd: 90, windowMode: '1 At Any Time', userMessage: '', maxRetries: 0 },
        ],
      },
      ctx,
    );
    expect(response).toEqual({ type: 'ScheduleDownloadResponse' });
    expect(state.transfers[0]?.startAt).toBe(T0 + 30_000);
    const done = advance(state, T0 + 33_000);
    expect(done.events.map((e) => e.eventCode)).toEqual([
      '7 TRANSFER COMPLETE',
      'M ScheduleDownload',
      '1 BOOT',
    ]);
  });

  it('refuses a schedule whose window ends before it starts', () => {
    const { response } = handleAcsRequest(
      cpeOf('bm632w'),
      {
        type: 'ScheduleDownload',
        commandKey: '',
        fileType: '1 Firmware Upgrade Image',
        url: 'http://f/x',
        username: '',
        password: '',
        fileSize: 0,
        targetFileName: '',
        timeWindowList: [
          { windowStart: 90, windowEnd: 30, windowMode: '1 At Any Time', userMessage: '', maxRetries: 0 },
        ],
      },
      ctx,
    );
    expect(faultCode(response)).toBe(9003);
  });

  it('queues an upload of a log file and reports M Upload without rebooting', () => {
    const cpe = { ...cpeOf('bm632w', config), events: [] };
    const { state, response } = handleAcsRequest(
      cpe,
      {
        type: 'Upload',
        commandKey: 'up',
        fileType: '2 Vendor Log File',
        url: 'http://f/logs',
        username: '',
        password: '',
        delaySeconds: 0,
      },
      ctx,
    );
    expect(response.type === 'UploadResponse' && response.status).toBe(1);
    const done = advance(state, T0 + 3_000);
    expect(done.events.map((e) => `${e.eventCode}|${e.commandKey}`)).toEqual([
      '7 TRANSFER COMPLETE|',
      'M Upload|up',
    ]);
    expect(done.bootedAt).toBe(T0);
    const bad = handleAcsRequest(
      cpe,
      {
        type: 'Upload',
        commandKey: '',
        fileType: '9 Nope',
        url: 'http://f',
        username: '',
        password: '',
        delaySeconds: 0,
      },
      ctx,
    );
    expect(faultCode(bad.response)).toBe(9003);
  });
});
