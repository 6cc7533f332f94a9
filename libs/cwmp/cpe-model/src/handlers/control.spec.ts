import type { CwmpMessage } from '@headend/cwmp-codec';
import { describe, expect, it } from 'vitest';
import { advance, informAccepted, sessionFailed, sessionSucceeded, wantsSession } from '../lifecycle.js';
import { seededRandom } from '../random.js';
import { ACS_RPC_NAMES } from '../state.js';
import { cpeOf, ctxAt, T0 } from '../testing/models.js';
import { valueAt } from '../tree.js';
import { handleAcsRequest } from './dispatch.js';

const ctx = ctxAt(T0);
const faultCode = (m: CwmpMessage): number | undefined =>
  m.type === 'Fault' ? m.detail?.faultCode : undefined;
const codes = (events: readonly { eventCode: string; commandKey: string }[]): string[] =>
  events.map((e) => (e.commandKey === '' ? e.eventCode : `${e.eventCode}|${e.commandKey}`));

describe('GetRPCMethods and unsupported methods', () => {
  it('lists the supported methods; a method outside the list faults 9000', () => {
    const cpe = cpeOf('bm632w');
    const { response } = handleAcsRequest(cpe, { type: 'GetRPCMethods' }, ctx);
    expect(response.type === 'GetRPCMethodsResponse' && response.methodList).toEqual(
      ACS_RPC_NAMES.filter((m) => m !== 'GetOptions' && m !== 'SetVouchers'),
    );
    expect(faultCode(handleAcsRequest(cpe, { type: 'SetVouchers', voucherList: [] }, ctx).response)).toBe(
      9000,
    );
    expect(faultCode(handleAcsRequest(cpe, { type: 'GetOptions', optionName: '' }, ctx).response)).toBe(9000);
    expect(faultCode(handleAcsRequest(cpe, { type: 'InformResponse', maxEnvelopes: 1 }, ctx).response)).toBe(
      9000,
    );
    const minimal = cpeOf('bm632w', { supportedRpcs: new Set(['GetParameterValues'] as const) });
    expect(faultCode(handleAcsRequest(minimal, { type: 'Reboot', commandKey: '' }, ctx).response)).toBe(9000);
  });

  it('with the voucher methods enabled, answers GetOptions and SetVouchers', () => {
    const option = {
      optionName: 'X',
      voucherSn: 1,
      state: 1,
      mode: 0,
      startDate: '2024-01-01T00:00:00Z',
      isTransferable: 0,
    };
    const cpe = cpeOf('bm632w', { supportedRpcs: new Set(ACS_RPC_NAMES), options: [option] });
    expect(handleAcsRequest(cpe, { type: 'GetOptions', optionName: '' }, ctx).response).toEqual({
      type: 'GetOptionsResponse',
      optionList: [option],
    });
    expect(handleAcsRequest(cpe, { type: 'GetOptions', optionName: 'Y' }, ctx).response).toEqual({
      type: 'GetOptionsResponse',
      optionList: [],
    });
    expect(handleAcsRequest(cpe, { type: 'SetVouchers', voucherList: ['AA=='] }, ctx).response).toEqual({
      type: 'SetVouchersResponse',
    });
  });
});

describe('Reboot and FactoryReset', () => {
  it('reboots after the session and then reports 1 BOOT + M Reboot with the CommandKey', () => {
    const cpe = informAccepted(cpeOf('bm632w', { bootSeconds: 5 }), {
      event: [
        { eventCode: '0 BOOTSTRAP', commandKey: '' },
        { eventCode: '1 BOOT', commandKey: '' },
      ],
    });
    const { state, response } = handleAcsRequest(cpe, { type: 'Reboot', commandKey: 'rb-7' }, ctx);
    expect(response).toEqual({ type: 'RebootResponse' });
    expect(state.events).toEqual([]);
    const after = sessionSucceeded(state, T0 + 1_000);
    expect(codes(after.events)).toEqual(['M Reboot|rb-7', '1 BOOT']);
    expect(wantsSession(after, T0 + 5_000)).toBe(false);
    expect(wantsSession(after, T0 + 6_000)).toBe(true);
    expect(after.bootstrapped).toBe(true);
  });

  it('still reboots when the session failed after the RebootResponse', () => {
    const cpe = { ...cpeOf('bm632w'), events: [] };
    const { state } = handleAcsRequest(cpe, { type: 'Reboot', commandKey: 'x' }, ctx);
    expect(codes(sessionFailed(state, T0, seededRandom(1)).state.events)).toEqual(['M Reboot|x', '1 BOOT']);
  });

  it('factory reset restores the initial tree and reports 0 BOOTSTRAP', () => {
    const cpe = cpeOf('bm632w');
    const changed = handleAcsRequest(
      cpe,
      {
        type: 'SetParameterValues',
        parameterList: [{ name: 'InternetGatewayDevice.DeviceInfo.ProvisioningCode', value: 'P' }],
        parameterKey: 'k',
      },
      ctx,
    ).state;
    const { state, response } = handleAcsRequest(
      informAccepted(changed, { event: cpe.events }),
      { type: 'FactoryReset' },
      ctx,
    );
    expect(response).toEqual({ type: 'FactoryResetResponse' });
    const after = sessionSucceeded(state, T0);
    expect(codes(after.events)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    expect(after.bootstrapped).toBe(false);
    expect(valueAt(after.tree, 'InternetGatewayDevice.DeviceInfo.ProvisioningCode')).toBe('');
    expect(valueAt(after.tree, 'InternetGatewayDevice.DeviceInfo.SerialNumber')).toBe('8KA8WA1151100043');
  });
});

describe('ScheduleInform', () => {
  it('causes 3 SCHEDULED + M ScheduleInform after DelaySeconds; 0 seconds faults 9003', () => {
    const cpe = { ...cpeOf('bm632w'), events: [] };
    const { state } = handleAcsRequest(
      cpe,
      { type: 'ScheduleInform', delaySeconds: 60, commandKey: 'si' },
      ctx,
    );
    expect(advance(state, T0 + 59_999).events).toEqual([]);
    expect(codes(advance(state, T0 + 60_000).events)).toEqual(['3 SCHEDULED', 'M ScheduleInform|si']);
    expect(
      faultCode(
        handleAcsRequest(cpe, { type: 'ScheduleInform', delaySeconds: 0, commandKey: '' }, ctx).response,
      ),
    ).toBe(9003);
  });
});

describe('ChangeDUState', () => {
  it('installs, updates and uninstalls, reporting DUStateChangeComplete later; unknown units fail with 9028', () => {
    const cpe = { ...cpeOf('tplink-xx230v'), events: [] };
    const installed = handleAcsRequest(
      cpe,
      {
        type: 'ChangeDUState',
        commandKey: 'du',
        operations: [
          { operation: 'Install', url: 'http://f/app.ipk', uuid: 'a1b2c3d4-0000-4000-8000-000000000001' },
        ],
      },
      ctx,
    );
    expect(installed.response).toEqual({ type: 'ChangeDUStateResponse' });
    expect(codes(installed.state.events)).toEqual(['11 DU STATE CHANGE COMPLETE', 'M ChangeDUState|du']);
    expect(installed.state.duResults[0]?.results[0]).toMatchObject({
      currentState: 'Installed',
      resolved: true,
      deploymentUnitRef: 'Device.SoftwareModules.DeploymentUnit.1',
      fault: { faultCode: 0 },
    });
    const next = handleAcsRequest(
      installed.state,
      {
        type: 'ChangeDUState',
        commandKey: 'du2',
        operations: [
          { operation: 'Update', uuid: 'a1b2c3d4-0000-4000-8000-000000000001', version: '2.0' },
          { operation: 'Uninstall', uuid: 'nope' },
        ],
      },
      ctx,
    ).state;
    expect(next.duResults[1]?.results.map((r) => [r.currentState, r.version, r.fault.faultCode])).toEqual([
      ['Installed', '2.0', 0],
      ['Failed', '', 9028],
    ]);
  });
});
