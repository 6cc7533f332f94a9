import type { CwmpMessage } from '@headend/cwmp-codec';
import { describe, expect, it } from 'vitest';
import { factoryReset } from './control.js';
import { informAccepted, sessionFailed, sessionSucceeded } from '../lifecycle.js';
import { seededRandom } from '../random.js';
import type { CpeState, InjectedFault } from '../state.js';
import { cpeOf, ctxAt, T0 } from '../testing/models.js';
import { valueAt } from '../tree.js';
import { handleAcsRequest } from './dispatch.js';
import { touches } from './injected.js';

const ctx = ctxAt(T0);
const IGD = 'InternetGatewayDevice.';
const INTERVAL = `${IGD}ManagementServer.PeriodicInformInterval`;
const CODE = `${IGD}DeviceInfo.ProvisioningCode`;

const spv = (...names: string[]): CwmpMessage => ({
  type: 'SetParameterValues',
  parameterList: names.map((name) => ({ name, value: '600', type: 'xsd:unsignedInt' })),
  parameterKey: 'k',
});
const faultOf = (m: CwmpMessage): { code?: number; entries: [string, number][] } =>
  m.type === 'Fault'
    ? {
        code: m.detail?.faultCode,
        entries: (m.detail?.setParameterValuesFault ?? []).map((e) => [e.parameterName, e.faultCode]),
      }
    : { entries: [] };

function deviceWith(...injectedFaults: InjectedFault[]): CpeState {
  return cpeOf('bm632w', { injectedFaults });
}

describe('injected faults', () => {
  it('given 9002x1 on one parameter, the first SetParameterValues touching it faults 9003 with a 9002 entry, the next succeeds', () => {
    const cpe = deviceWith({ method: 'SetParameterValues', path: INTERVAL, code: 9002, times: 1 });

    const first = handleAcsRequest(cpe, spv(INTERVAL), ctx);
    expect(faultOf(first.response)).toEqual({ code: 9003, entries: [[INTERVAL, 9002]] });
    expect(first.response.type === 'Fault' && first.response.detail?.setParameterValuesFault[0]).toEqual({
      parameterName: INTERVAL,
      faultCode: 9002,
      faultString: 'Internal error',
    });
    expect(valueAt(first.state.tree, INTERVAL)).toBe(valueAt(cpe.tree, INTERVAL));

    const second = handleAcsRequest(first.state, spv(INTERVAL), ctx);
    expect(second.response).toEqual({ type: 'SetParameterValuesResponse', status: 0 });
    expect(valueAt(second.state.tree, INTERVAL)).toBe('600');
  });

  it('leaves requests that do not touch the path alone, and counts nothing for them', () => {
    const cpe = deviceWith({ method: 'SetParameterValues', path: INTERVAL, code: 9002, times: 1 });
    const other = handleAcsRequest(
      cpe,
      { type: 'SetParameterValues', parameterList: [{ name: CODE, value: 'P' }], parameterKey: '' },
      ctx,
    );
    expect(other.response.type).toBe('SetParameterValuesResponse');
    expect(faultOf(handleAcsRequest(other.state, spv(INTERVAL), ctx).response).code).toBe(9003);
  });

  it('in a request of several parameters, only the covered ones get an entry', () => {
    const cpe = deviceWith({ method: 'SetParameterValues', path: `${IGD}ManagementServer.`, code: 9001 });
    const names = [INTERVAL, `${IGD}ManagementServer.PeriodicInformEnable`];
    const { response } = handleAcsRequest(
      cpe,
      {
        type: 'SetParameterValues',
        parameterList: [
          { name: CODE, value: 'P' },
          { name: names[0] ?? '', value: '60' },
          { name: names[1] ?? '', value: 'true' },
        ],
        parameterKey: '',
      },
      ctx,
    );
    expect(faultOf(response)).toEqual({ code: 9003, entries: names.map((n) => [n, 9001]) });
  });

  it('without a count, always faults; other methods get a plain fault of the code', () => {
    const cpe = deviceWith({ method: 'GetParameterValues', path: INTERVAL, code: 9002 });
    const gpv: CwmpMessage = { type: 'GetParameterValues', parameterNames: [`${IGD}ManagementServer.`] };
    let state = cpe;
    for (let i = 0; i < 3; i++) {
      const r = handleAcsRequest(state, gpv, ctx);
      expect(faultOf(r.response)).toEqual({ code: 9002, entries: [] });
      state = r.state;
    }
    expect(state.faultsInjected).toEqual([3]);
    const untouched = handleAcsRequest(state, { type: 'GetParameterValues', parameterNames: [CODE] }, ctx);
    expect(untouched.response.type).toBe('GetParameterValuesResponse');
  });

  it('without a path, matches every request of the method; methods without names are matched too', () => {
    const cpe = deviceWith({ method: 'Reboot', code: 9001, times: 2 });
    const reboot: CwmpMessage = { type: 'Reboot', commandKey: 'r' };
    const a = handleAcsRequest(cpe, reboot, ctx);
    const b = handleAcsRequest(a.state, reboot, ctx);
    const c = handleAcsRequest(b.state, reboot, ctx);
    expect([a, b, c].map((r) => r.response.type)).toEqual(['Fault', 'Fault', 'RebootResponse']);
    expect(a.state.afterSession).toEqual({});
  });

  it('counts survive sessions, failed sessions and a factory reset (the count is the device’s)', () => {
    const cpe = deviceWith({ method: 'SetParameterValues', path: INTERVAL, code: 9002, times: 2 });
    const once = handleAcsRequest(cpe, spv(INTERVAL), ctx).state;
    const afterFailure = sessionFailed(once, T0, seededRandom(1)).state;
    const reset = sessionSucceeded(
      factoryReset(informAccepted(afterFailure, { event: afterFailure.events })).state,
      T0,
    );
    expect(reset.faultsInjected).toEqual([1]);
    const twice = handleAcsRequest(reset, spv(INTERVAL), ctx);
    expect(faultOf(twice.response).code).toBe(9003);
    expect(handleAcsRequest(twice.state, spv(INTERVAL), ctx).response.type).toBe(
      'SetParameterValuesResponse',
    );
  });

  it('the first matching rule wins; an unsupported method still answers 9000', () => {
    const cpe = cpeOf('bm632w', {
      injectedFaults: [
        { method: 'SetParameterValues', path: INTERVAL, code: 9004, times: 1 },
        { method: 'SetParameterValues', code: 9002 },
      ],
      supportedRpcs: new Set(['SetParameterValues'] as const),
    });
    const first = handleAcsRequest(cpe, spv(INTERVAL), ctx);
    expect(faultOf(first.response).entries).toEqual([[INTERVAL, 9004]]);
    expect(faultOf(handleAcsRequest(first.state, spv(INTERVAL), ctx).response).entries).toEqual([
      [INTERVAL, 9002],
    ]);
    expect(faultOf(handleAcsRequest(cpe, { type: 'Reboot', commandKey: '' }, ctx).response).code).toBe(9000);
  });

  it('a name touches a path when it is the path, below a partial path, or a partial path above it', () => {
    expect(touches('A.B.c', 'A.B.c')).toBe(true);
    expect(touches('A.B.c', 'A.B.')).toBe(true);
    expect(touches('A.', 'A.B.c')).toBe(true);
    expect(touches('', 'A.B.c')).toBe(true);
    expect(touches('A.B.cd', 'A.B.c')).toBe(false);
    expect(touches('A.C.', 'A.B.c')).toBe(false);
  });
});
