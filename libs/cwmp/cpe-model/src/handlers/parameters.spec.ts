import type { CwmpMessage, Fault } from '@headend/cwmp-codec';
import { describe, expect, it } from 'vitest';
import { cpeOf, ctxAt, T0 } from '../testing/models.js';
import { valueAt } from '../tree.js';
import { handleAcsRequest } from './dispatch.js';

const IGD = 'InternetGatewayDevice.';
const ctx = ctxAt(T0 + 90_000);

function faultOf(m: CwmpMessage): Fault['detail'] {
  expect(m.type).toBe('Fault');
  return m.type === 'Fault' ? m.detail : undefined;
}

describe('GetParameterNames', () => {
  const cpe = cpeOf('bm632w');

  it('given a partial path and NextLevel true, lists only the children, objects with a trailing dot', () => {
    const { response } = handleAcsRequest(
      cpe,
      { type: 'GetParameterNames', parameterPath: `${IGD}DeviceInfo.`, nextLevel: true },
      ctx,
    );
    expect(response.type).toBe('GetParameterNamesResponse');
    if (response.type !== 'GetParameterNamesResponse') return;
    const names = response.parameterList.map((p) => p.name);
    expect(names).toContain(`${IGD}DeviceInfo.SoftwareVersion`);
    expect(names).toContain(`${IGD}DeviceInfo.X_HUAWEI_PortalManagement.`);
    expect(names).not.toContain(`${IGD}DeviceInfo.X_HUAWEI_PortalManagement.Enable`);
    expect(names).not.toContain(`${IGD}DeviceInfo.`);
    expect(response.parameterList.find((p) => p.name === `${IGD}DeviceInfo.ProvisioningCode`)?.writable).toBe(
      true,
    );
  });

  it('given a partial path and NextLevel false, lists the object itself and everything below', () => {
    const { response } = handleAcsRequest(
      cpe,
      { type: 'GetParameterNames', parameterPath: `${IGD}DeviceInfo.`, nextLevel: false },
      ctx,
    );
    if (response.type !== 'GetParameterNamesResponse') throw new Error(response.type);
    const names = response.parameterList.map((p) => p.name);
    expect(names[0]).toBe(`${IGD}DeviceInfo.`);
    expect(names).toContain(`${IGD}DeviceInfo.X_HUAWEI_PortalManagement.Enable`);
    expect(names.every((n) => n.startsWith(`${IGD}DeviceInfo.`))).toBe(true);
  });

  it('given an empty path, NextLevel true gives the root object and false the whole tree', () => {
    const top = handleAcsRequest(
      cpe,
      { type: 'GetParameterNames', parameterPath: '', nextLevel: true },
      ctx,
    ).response;
    expect(top).toEqual({
      type: 'GetParameterNamesResponse',
      parameterList: [{ name: IGD, writable: false }],
    });
    const all = handleAcsRequest(
      cpe,
      { type: 'GetParameterNames', parameterPath: '', nextLevel: false },
      ctx,
    ).response;
    expect(all.type === 'GetParameterNamesResponse' && all.parameterList.length).toBe(
      cpe.tree.base.nodes.size,
    );
  });

  it('given a parameter, answers with it (NextLevel false) or fault 9003 (NextLevel true)', () => {
    const path = `${IGD}DeviceInfo.SoftwareVersion`;
    expect(
      handleAcsRequest(cpe, { type: 'GetParameterNames', parameterPath: path, nextLevel: false }, ctx)
        .response,
    ).toEqual({
      type: 'GetParameterNamesResponse',
      parameterList: [{ name: path, writable: false }],
    });
    expect(
      faultOf(
        handleAcsRequest(cpe, { type: 'GetParameterNames', parameterPath: path, nextLevel: true }, ctx)
          .response,
      )?.faultCode,
    ).toBe(9003);
  });

  it('given an unknown path or an object named without its dot, faults 9005', () => {
    for (const parameterPath of [`${IGD}Nope.`, `${IGD}DeviceInfo`]) {
      const { response } = handleAcsRequest(
        cpe,
        { type: 'GetParameterNames', parameterPath, nextLevel: false },
        ctx,
      );
      expect(faultOf(response)?.faultCode).toBe(9005);
    }
  });
});

describe('GetParameterValues', () => {
  const cpe = cpeOf('bm632w');

  it('expands partial paths to their parameters with values and types, UpTime live', () => {
    const { response } = handleAcsRequest(
      cpe,
      {
        type: 'GetParameterValues',
        parameterNames: [`${IGD}DeviceInfo.`, `${IGD}ManagementServer.ParameterKey`],
      },
      ctx,
    );
    if (response.type !== 'GetParameterValuesResponse') throw new Error(response.type);
    const byName = new Map(response.parameterList.map((p) => [p.name, p]));
    expect(byName.get(`${IGD}DeviceInfo.SoftwareVersion`)).toEqual({
      name: `${IGD}DeviceInfo.SoftwareVersion`,
      value: 'V100R001IRQC56B017',
      type: 'xsd:string',
    });
    expect(byName.get(`${IGD}DeviceInfo.UpTime`)).toMatchObject({ value: '90', type: 'xsd:unsignedInt' });
    expect(byName.get(`${IGD}DeviceInfo.SerialNumber`)?.value).toBe('8KA8WA1151100043');
    expect(byName.has(`${IGD}ManagementServer.ParameterKey`)).toBe(true);
    expect([...byName.keys()].some((n) => n.endsWith('.'))).toBe(false);
  });

  it('given one unknown name among known ones, faults 9005 for the whole call', () => {
    const { response } = handleAcsRequest(
      cpe,
      {
        type: 'GetParameterValues',
        parameterNames: [`${IGD}DeviceInfo.SoftwareVersion`, `${IGD}DeviceInfo.Nope`],
      },
      ctx,
    );
    expect(faultOf(response)?.faultCode).toBe(9005);
  });

  it('reads an untyped value of a dump as xsd:string', () => {
    const huawei = cpeOf('huawei-eg8145v5');
    const { response } = handleAcsRequest(
      huawei,
      { type: 'GetParameterValues', parameterNames: [`${IGD}ManagementServer.PeriodicInformEnable`] },
      ctx,
    );
    expect(response.type === 'GetParameterValuesResponse' && response.parameterList[0]).toEqual({
      name: `${IGD}ManagementServer.PeriodicInformEnable`,
      value: '',
      type: 'xsd:string',
    });
  });
});

describe('SetParameterValues', () => {
  const cpe = cpeOf('bm632w');
  const enable = `${IGD}DeviceInfo.X_HUAWEI_PortalManagement.Enable`;
  const telnetPort = `${IGD}DeviceInfo.X_HUAWEI_ServiceManage.TelnetPort`;

  it('given writable parameters, applies them all, stores the ParameterKey and answers status 0', () => {
    const { state, response } = handleAcsRequest(
      cpe,
      {
        type: 'SetParameterValues',
        parameterList: [
          { name: enable, value: 'true', type: 'xsd:boolean' },
          { name: telnetPort, value: '2323', type: 'xsd:int' },
        ],
        parameterKey: 'key-1',
      },
      ctx,
    );
    expect(response).toEqual({ type: 'SetParameterValuesResponse', status: 0 });
    expect(valueAt(state.tree, enable)).toBe('true');
    expect(valueAt(state.tree, telnetPort)).toBe('2323');
    expect(valueAt(state.tree, `${IGD}ManagementServer.ParameterKey`)).toBe('key-1');
    expect(valueAt(cpe.tree, enable)).toBe('false');
  });

  it('given one read-only parameter, changes nothing and faults 9008 naming it', () => {
    const { state, response } = handleAcsRequest(
      cpe,
      {
        type: 'SetParameterValues',
        parameterList: [
          { name: enable, value: 'true', type: 'xsd:boolean' },
          { name: `${IGD}DeviceInfo.SoftwareVersion`, value: 'x', type: 'xsd:string' },
        ],
        parameterKey: 'k',
      },
      ctx,
    );
    expect(faultOf(response)).toMatchObject({
      faultCode: 9008,
      setParameterValuesFault: [{ parameterName: `${IGD}DeviceInfo.SoftwareVersion`, faultCode: 9008 }],
    });
    expect(state).toBe(cpe);
  });

  it('given mixed errors, faults 9003 with one entry per parameter: 9005 unknown, 9006 type, 9007 value', () => {
    const { response } = handleAcsRequest(
      cpe,
      {
        type: 'SetParameterValues',
        parameterList: [
          { name: `${IGD}Nope`, value: '1', type: 'xsd:string' },
          { name: enable, value: 'true', type: 'xsd:string' },
          { name: telnetPort, value: 'abc', type: 'xsd:int' },
        ],
        parameterKey: 'k',
      },
      ctx,
    );
    const detail = faultOf(response);
    expect(detail?.faultCode).toBe(9003);
    expect(detail?.setParameterValuesFault.map((f) => [f.parameterName, f.faultCode])).toEqual([
      [`${IGD}Nope`, 9005],
      [enable, 9006],
      [telnetPort, 9007],
    ]);
  });

  it('given the same parameter twice, faults 9003', () => {
    const pv = { name: enable, value: 'true', type: 'xsd:boolean' };
    const { response } = handleAcsRequest(
      cpe,
      { type: 'SetParameterValues', parameterList: [pv, pv], parameterKey: '' },
      ctx,
    );
    expect(faultOf(response)?.faultCode).toBe(9003);
  });

  it('stores the ParameterKey under Device. on a TR-181 device', () => {
    const tp = cpeOf('tplink-xx230v');
    const { state } = handleAcsRequest(
      tp,
      {
        type: 'SetParameterValues',
        parameterList: [
          { name: 'Device.ManagementServer.PeriodicInformInterval', value: '300', type: 'xsd:unsignedInt' },
        ],
        parameterKey: 'tr181',
      },
      ctx,
    );
    expect(valueAt(state.tree, 'Device.ManagementServer.ParameterKey')).toBe('tr181');
  });
});

describe('Get/SetParameterAttributes', () => {
  const cpe = cpeOf('bm632w');
  const path = `${IGD}DeviceInfo.SoftwareVersion`;

  it('sets notification and access list, then reads them back, partial paths included', () => {
    const { state, response } = handleAcsRequest(
      cpe,
      {
        type: 'SetParameterAttributes',
        parameterList: [
          {
            name: path,
            notificationChange: true,
            notification: 2,
            accessListChange: true,
            accessList: ['Subscriber'],
          },
        ],
      },
      ctx,
    );
    expect(response).toEqual({ type: 'SetParameterAttributesResponse' });
    const read = handleAcsRequest(
      state,
      { type: 'GetParameterAttributes', parameterNames: [`${IGD}DeviceInfo.`] },
      ctx,
    ).response;
    if (read.type !== 'GetParameterAttributesResponse') throw new Error(read.type);
    expect(read.parameterList.find((p) => p.name === path)).toEqual({
      name: path,
      notification: 2,
      accessList: ['Subscriber'],
    });
    expect(read.parameterList.find((p) => p.name === `${IGD}DeviceInfo.HardwareVersion`)?.notification).toBe(
      0,
    );
  });

  it('refuses active notification on a counter with 9009, and unknown names with 9005', () => {
    const set = (name: string): CwmpMessage =>
      handleAcsRequest(
        cpe,
        {
          type: 'SetParameterAttributes',
          parameterList: [
            { name, notificationChange: true, notification: 2, accessListChange: false, accessList: [] },
          ],
        },
        ctx,
      ).response;
    expect(faultOf(set(`${IGD}DeviceInfo.UpTime`))?.faultCode).toBe(9009);
    expect(faultOf(set(`${IGD}LANDevice.1.LANEthernetInterfaceConfig.1.Stats.BytesSent`))?.faultCode).toBe(
      9009,
    );
    expect(faultOf(set(`${IGD}Nope`))?.faultCode).toBe(9005);
    const get = handleAcsRequest(
      cpe,
      { type: 'GetParameterAttributes', parameterNames: [`${IGD}Nope.`] },
      ctx,
    ).response;
    expect(faultOf(get)?.faultCode).toBe(9005);
  });
});
