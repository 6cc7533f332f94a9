import type { CwmpMessage } from '@headend/cwmp-codec';
import { describe, expect, it } from 'vitest';
import { cpeOf, ctxAt, T0 } from '../testing/models.js';
import { childrenOf, nodeAt, valueAt } from '../tree.js';
import { handleAcsRequest } from './dispatch.js';

const ctx = ctxAt(T0);
const POOL = 'InternetGatewayDevice.LANDevice.1.LANHostConfigManagement.DHCPConditionalServingPool.';
const PROFILE = 'InternetGatewayDevice.Services.VoiceService.1.VoiceProfile.';

const faultCode = (m: CwmpMessage): number | undefined =>
  m.type === 'Fault' ? m.detail?.faultCode : undefined;

describe('AddObject', () => {
  const cpe = cpeOf('bm632w');

  it('given a writable table, adds the next instance shaped like an existing one, with default values', () => {
    const { state, response } = handleAcsRequest(
      cpe,
      { type: 'AddObject', objectName: POOL, parameterKey: 'add-1' },
      ctx,
    );
    expect(response).toEqual({ type: 'AddObjectResponse', instanceNumber: 5, status: 0 });
    expect(nodeAt(state.tree, `${POOL}5.`)?.object).toBe(true);
    expect(valueAt(state.tree, `${POOL}5.Enable`)).toBe('false');
    expect(valueAt(state.tree, `${POOL}5.VendorClassID`)).toBe('');
    expect(nodeAt(state.tree, `${POOL}5.VendorClassID`)?.writable).toBe(true);
    expect(childrenOf(state.tree, `${POOL}5.`).length).toBe(childrenOf(state.tree, `${POOL}1.`).length);
    expect(valueAt(state.tree, 'InternetGatewayDevice.ManagementServer.ParameterKey')).toBe('add-1');
    expect(nodeAt(cpe.tree, `${POOL}5.`)).toBeUndefined();
  });

  it('starts nested tables of the new instance empty', () => {
    const wcd = 'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.';
    const { state, response } = handleAcsRequest(
      cpe,
      { type: 'AddObject', objectName: wcd, parameterKey: '' },
      ctx,
    );
    expect(response.type === 'AddObjectResponse' && response.instanceNumber).toBe(2);
    expect(nodeAt(state.tree, `${wcd}2.WANIPConnection.`)?.object).toBe(true);
    expect(childrenOf(state.tree, `${wcd}2.WANIPConnection.`)).toEqual([]);
    expect(childrenOf(state.tree, `${wcd}1.WANIPConnection.`)).toEqual([`${wcd}1.WANIPConnection.1.`]);
  });

  it('never reuses a deleted instance number, and keeps NumberOfEntries right', () => {
    const first = handleAcsRequest(cpe, { type: 'AddObject', objectName: POOL, parameterKey: '' }, ctx).state;
    const deleted = handleAcsRequest(
      first,
      { type: 'DeleteObject', objectName: `${POOL}5.`, parameterKey: '' },
      ctx,
    );
    expect(deleted.response).toEqual({ type: 'DeleteObjectResponse', status: 0 });
    expect(nodeAt(deleted.state.tree, `${POOL}5.Enable`)).toBeUndefined();
    const again = handleAcsRequest(
      deleted.state,
      { type: 'AddObject', objectName: POOL, parameterKey: '' },
      ctx,
    );
    expect(again.response.type === 'AddObjectResponse' && again.response.instanceNumber).toBe(6);
    const wan = 'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.';
    const mapped = handleAcsRequest(
      cpe,
      { type: 'AddObject', objectName: `${wan}PortMapping.`, parameterKey: '' },
      ctx,
    );
    expect(mapped.response.type === 'AddObjectResponse' && mapped.response.instanceNumber).toBe(1);
    expect(valueAt(mapped.state.tree, `${wan}PortMappingNumberOfEntries`)).toBe('1');
  });

  it('given a parameter, a single-instance object, an instance or an unknown path, faults 9005', () => {
    for (const objectName of [
      'InternetGatewayDevice.DeviceInfo.SoftwareVersion',
      'InternetGatewayDevice.DeviceInfo.',
      `${POOL}1.`,
      'InternetGatewayDevice.Nope.',
      POOL.slice(0, -1),
    ]) {
      expect(
        faultCode(handleAcsRequest(cpe, { type: 'AddObject', objectName, parameterKey: '' }, ctx).response),
      ).toBe(9005);
    }
  });

  it('on a dump without object writability (EC220-G5), allows adding to any table', () => {
    const tp = cpeOf('tplink-ec220-g5');
    const { response } = handleAcsRequest(
      tp,
      { type: 'AddObject', objectName: 'Device.DHCPv4.Client.', parameterKey: '' },
      ctx,
    );
    expect(response).toEqual({ type: 'AddObjectResponse', instanceNumber: 4, status: 0 });
  });
});

describe('DeleteObject', () => {
  const cpe = cpeOf('bm632w');

  it('removes the instance and everything below it', () => {
    const { state } = handleAcsRequest(
      cpe,
      { type: 'DeleteObject', objectName: `${PROFILE}1.`, parameterKey: 'd' },
      ctx,
    );
    expect(nodeAt(state.tree, `${PROFILE}1.`)).toBeUndefined();
    expect(childrenOf(state.tree, PROFILE)).toEqual([]);
    expect(valueAt(state.tree, 'InternetGatewayDevice.ManagementServer.ParameterKey')).toBe('d');
  });

  it('given a table, a parameter or an unknown instance, faults 9005', () => {
    for (const objectName of [POOL, `${POOL}1.Enable`, `${POOL}9.`]) {
      expect(
        faultCode(
          handleAcsRequest(cpe, { type: 'DeleteObject', objectName, parameterKey: '' }, ctx).response,
        ),
      ).toBe(9005);
    }
  });
});
