import { describe, expect, it } from 'vitest';
import { classifyFaultCode, cwmpFault, FAULT_CODES, faultDefinition } from './faults.js';
import { fixtureText } from './testing/fixtures.js';

interface Constants {
  readonly acsFaultCodes: readonly { code: number; text: string }[];
  readonly cpeFaultCodes: readonly { code: number; text: string; 'soapFaultcode(impl)': string }[];
}

const constants = JSON.parse(fixtureText('spec/cwmp-constants.json')) as Constants;

describe('the fault catalogue', () => {
  it('given cwmp-constants.json, then the catalogue has exactly its codes and texts (8000-8006, 9000-9032)', () => {
    const fromSpec = [...constants.acsFaultCodes, ...constants.cpeFaultCodes].map((f) => [f.code, f.text]);
    expect(FAULT_CODES.map((f) => [f.code, f.text])).toEqual(fromSpec);
    expect(FAULT_CODES.map((f) => f.code)).toEqual([...range(8000, 8006), ...range(9000, 9032)]);
  });

  it('given the CPE faults, then their SOAP faultcode matches the table', () => {
    for (const f of constants.cpeFaultCodes)
      expect(faultDefinition(f.code)?.soapFaultcode).toBe(f['soapFaultcode(impl)']);
  });

  it.each([
    [9005, 'standard'],
    [8006, 'standard'],
    [9033, 'reserved'],
    [8100, 'reserved'],
    [9800, 'vendor'],
    [8899, 'vendor'],
    [9900, 'invalid'],
    [7999, 'invalid'],
    [0, 'invalid'],
  ])('given fault code %d, when classified, then %s', (code, kind) => {
    expect(classifyFaultCode(code)).toBe(kind);
  });

  it('given a code, when cwmpFault builds the message, then the catalogue supplies faultcode and text', () => {
    expect(cwmpFault(8000)).toEqual({
      type: 'Fault',
      faultcode: 'Server',
      faultstring: 'CWMP fault',
      detail: { faultCode: 8000, faultString: 'Method not supported', setParameterValuesFault: [] },
    });
    expect(
      cwmpFault(9003, { setParameterValuesFault: [{ parameterName: 'A.B', faultCode: 9007 }] }).detail
        ?.setParameterValuesFault,
    ).toHaveLength(1);
    expect(cwmpFault(9850, { faultString: 'vendor' }).detail?.faultString).toBe('vendor');
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
