import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from './fault-spec.js';

describe('parseFaultSpec', () => {
  it('reads METHOD:PATH=CODExTIMES, and leaves out what is not given', () => {
    expect(
      parseFaultSpec(
        'SetParameterValues:InternetGatewayDevice.ManagementServer.PeriodicInformInterval=9002x1',
      ),
    ).toEqual({
      method: 'SetParameterValues',
      path: 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval',
      code: 9002,
      times: 1,
    });
    expect(parseFaultSpec('Reboot=9001')).toEqual({ method: 'Reboot', code: 9001 });
    expect(parseFaultSpec('GetParameterValues:Device.WiFi.=9004x3')).toEqual({
      method: 'GetParameterValues',
      path: 'Device.WiFi.',
      code: 9004,
      times: 3,
    });
  });

  it('takes the last "=" as the separator, so a URL path may hold one', () => {
    expect(parseFaultSpec('Download:http://files/fw.bin?v=2=9010')).toEqual({
      method: 'Download',
      path: 'http://files/fw.bin?v=2',
      code: 9010,
    });
  });

  it('says what is wrong with a spec it cannot use', () => {
    expect(parseFaultSpec('SetParameterValues')).toMatch(/METHOD\[:PATH\]=CODE\[xTIMES\]/);
    expect(parseFaultSpec('Inform=9002')).toMatch(/"Inform" is not an ACS method/);
    expect(parseFaultSpec('Reboot=8002')).toMatch(/not a CPE fault code \(9000-9899\)/);
    expect(parseFaultSpec('Reboot=9002x0')).toMatch(/at least 1/);
  });
});
