import type { CwmpMessage } from '@headend/cwmp-codec';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Fleet, FleetOptions } from './fleet.js';
import { startFleet } from './fleet.js';
import type { ScriptedAcsOptions } from './testing/scripted-acs.js';
import { ScriptedAcs } from './testing/scripted-acs.js';

let acs: ScriptedAcs | undefined;
let fleet: Fleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  await acs?.close();
  fleet = undefined;
  acs = undefined;
});

async function start(
  acsOptions: ScriptedAcsOptions,
  fleetOptions: Partial<FleetOptions>,
): Promise<ScriptedAcs> {
  acs = new ScriptedAcs(acsOptions);
  fleet = await startFleet({
    acsUrl: await acs.listen(),
    devices: 1,
    stormSeconds: 0,
    seed: 7,
    cpeConfig: { bootSeconds: 0.2 },
    requestTimeoutMs: 5_000,
    retryPolicy: { minimumWaitSeconds: 0.2, intervalMultiplier: 2000 },
    ...fleetOptions,
  });
  return acs;
}

const INTERVAL = 'Device.ManagementServer.PeriodicInformInterval';

describe('switchable device behaviours, over the wire', () => {
  it('an injected 9002x1 fails the first SetParameterValues only, across sessions, on a TR-181 data-model device', async () => {
    const spv: CwmpMessage = {
      type: 'SetParameterValues',
      parameterList: [{ name: INTERVAL, value: '120', type: 'xsd:unsignedInt' }],
      parameterKey: 'k',
    };
    const server = await start(
      {
        script: (_, session) =>
          session <= 2 ? [spv, { type: 'ScheduleInform', delaySeconds: 1, commandKey: 's' }] : [],
      },
      {
        models: [{ name: 'tr181-generic', weight: 1 }],
        injectedFaults: [{ method: 'SetParameterValues', path: INTERVAL, code: 9002, times: 1 }],
      },
    );
    await server.sessionsEnded(2);
    const [first, second] = server.sessions.map((s) => s.responses[0]?.body);
    expect(first?.type === 'Fault' && first.detail).toMatchObject({
      faultCode: 9003,
      setParameterValuesFault: [{ parameterName: INTERVAL, faultCode: 9002 }],
    });
    expect(second).toEqual({ type: 'SetParameterValuesResponse', status: 0 });
    expect(server.sessions[0]?.inform.deviceId.productClass).toBe('TR181-Generic');
    const id = fleet!.deviceIds()[0] ?? '';
    expect(fleet!.device(id)?.state.faultsInjected).toEqual([1]);
  });

  it('with a share of 0, no device has the injected faults', async () => {
    const server = await start(
      { script: () => [{ type: 'Reboot', commandKey: 'r' }] },
      {
        models: [{ name: 'bm632w', weight: 1 }],
        injectedFaults: [{ method: 'Reboot', code: 9001 }],
        injectedFaultShare: 0,
      },
    );
    await server.sessionsEnded(1);
    expect(server.sessions[0]?.responses[0]?.body.type).toBe('RebootResponse');
  });

  it('sends AutonomousTransferComplete, RequestDownload, Kicked and AutonomousDUStateChangeComplete once, after the Inform', async () => {
    const server = await start(
      {
        script: (_, session) =>
          session === 1 ? [{ type: 'ScheduleInform', delaySeconds: 1, commandKey: 'again' }] : [],
      },
      {
        models: [{ name: 'tr098-generic', weight: 1 }],
        initiatedRequests: {
          AutonomousTransferComplete: 1,
          RequestDownload: 1,
          Kicked: 1,
          AutonomousDUStateChangeComplete: 1,
        },
      },
    );
    await server.sessionsEnded(2);
    const [first, second] = server.sessions;
    expect(first?.inform.event.map((e) => e.eventCode)).toEqual([
      '0 BOOTSTRAP',
      '1 BOOT',
      '10 AUTONOMOUS TRANSFER COMPLETE',
      '9 REQUEST DOWNLOAD',
      '5 KICKED',
      '12 AUTONOMOUS DU STATE CHANGE COMPLETE',
    ]);
    expect(first?.cpeRequests.map((r) => r.body.type)).toEqual([
      'AutonomousTransferComplete',
      'RequestDownload',
      'Kicked',
      'AutonomousDUStateChangeComplete',
    ]);
    expect(first?.responses[0]?.body.type).toBe('ScheduleInformResponse');
    expect(second?.inform.event.map((e) => e.eventCode)).toEqual(['3 SCHEDULED', 'M ScheduleInform']);
    expect(second?.cpeRequests).toEqual([]);
    await vi.waitFor(() => expect(fleet!.stats().sessions).toMatchObject({ ok: 2, failed: 0 }));
  });
});
