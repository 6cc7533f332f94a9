import { describe, expect, it } from 'vitest';
import { factoryReset } from './handlers/control.js';
import { buildInform } from './inform.js';
import { INITIATED_REQUEST_TYPES, initiateRequest } from './initiated.js';
import { informAccepted, pendingCpeRequests, requestDelivered, sessionSucceeded } from './lifecycle.js';
import { cpeOf, ctxAt, T0 } from './testing/models.js';

const ctx = ctxAt(T0);
const codes = (events: readonly { eventCode: string }[]): string[] => events.map((e) => e.eventCode);

describe('requests the CPE sends of its own accord', () => {
  it('given all four, the Inform carries their events and the session sends them in order after the reports', () => {
    let cpe = cpeOf('tplink-xx230v');
    for (const type of INITIATED_REQUEST_TYPES) cpe = initiateRequest(cpe, type, ctx);

    expect(codes(buildInform(cpe, T0).event)).toEqual([
      '0 BOOTSTRAP',
      '1 BOOT',
      '10 AUTONOMOUS TRANSFER COMPLETE',
      '9 REQUEST DOWNLOAD',
      '5 KICKED',
      '12 AUTONOMOUS DU STATE CHANGE COMPLETE',
    ]);
    expect(pendingCpeRequests(cpe).map((r) => r.message.type)).toEqual([...INITIATED_REQUEST_TYPES]);
  });

  it('an AutonomousTransferComplete reports the running firmware as downloaded from elsewhere', () => {
    const cpe = initiateRequest(cpeOf('bm632w'), 'AutonomousTransferComplete', ctx);
    expect(cpe.initiatedRequests[0]?.message).toMatchObject({
      type: 'AutonomousTransferComplete',
      announceUrl: '',
      transferUrl: 'http://firmware.cpe-sim.invalid/BM632w/V100R001IRQC56B017.bin',
      isDownload: true,
      fileType: '1 Firmware Upgrade Image',
      faultStruct: { faultCode: 0, faultString: '' },
      completeTime: '2025-01-01T12:00:00Z',
    });
  });

  it('RequestDownload asks for a firmware image; Kicked names where the browser goes next', () => {
    const rd = initiateRequest(cpeOf('bm632w'), 'RequestDownload', ctx);
    expect(rd.initiatedRequests[0]?.message).toEqual({
      type: 'RequestDownload',
      fileType: '1 Firmware Upgrade Image',
      fileTypeArg: [],
    });
    const kicked = initiateRequest(cpeOf('bm632w'), 'Kicked', ctx);
    expect(kicked.initiatedRequests[0]?.message).toMatchObject({ type: 'Kicked', command: 'login' });
  });

  it('an AutonomousDUStateChangeComplete records the unit it installed', () => {
    const cpe = initiateRequest(cpeOf('tplink-xx230v'), 'AutonomousDUStateChangeComplete', ctx);
    const unit = cpe.deploymentUnits[0];
    expect(cpe.initiatedRequests[0]?.message).toMatchObject({
      type: 'AutonomousDUStateChangeComplete',
      results: [
        {
          uuid: unit?.uuid,
          operationPerformed: 'Install',
          currentState: 'Installed',
          deploymentUnitRef: 'Device.SoftwareModules.DeploymentUnit.1',
          fault: { faultCode: 0 },
        },
      ],
    });
  });

  it('once answered it is gone; unanswered it is sent again in the next session, with its event', () => {
    const cpe = initiateRequest(cpeOf('bm632w'), 'Kicked', ctx);
    const inSession = informAccepted(cpe, buildInform(cpe, T0));
    expect(inSession.events).toEqual([]);

    const [kicked] = pendingCpeRequests(inSession);
    if (kicked === undefined) throw new Error('no pending request');
    const answered = sessionSucceeded(requestDelivered(inSession, kicked), T0);
    expect(pendingCpeRequests(answered)).toEqual([]);
    expect(answered.events).toEqual([]);

    const unanswered = sessionSucceeded(inSession, T0);
    expect(codes(unanswered.events)).toEqual(['5 KICKED']);
    expect(pendingCpeRequests(unanswered).map((r) => r.message.type)).toEqual(['Kicked']);
  });

  it('a factory reset drops what was not sent', () => {
    const cpe = initiateRequest(cpeOf('bm632w'), 'RequestDownload', ctx);
    const reset = sessionSucceeded(factoryReset(informAccepted(cpe, buildInform(cpe, T0))).state, T0);
    expect(pendingCpeRequests(reset)).toEqual([]);
    expect(codes(reset.events)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
  });
});
