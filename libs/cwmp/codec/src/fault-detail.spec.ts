import { describe, expect, it } from 'vitest';
import type { DecodeResult } from './decode.js';
import { decodeCwmp } from './decode.js';
import type { Fault } from './messages/fault.js';
import { soap } from './testing/documents.js';

/**
 * Where CPEs really put the cwmp:Fault of a SOAP fault. TR-069 A.2.2.1 wants
 * soap:Fault/detail/cwmp:Fault; stacks put it elsewhere (netcwmp wrote `detail` inside `faultstring`,
 * fixed upstream in netcwmp/netcwmp#2, still in deployed firmware). Whatever the shape, the code the
 * CPE sent is read; an ACS that reads 0 retries a fault that a retry cannot fix, or the reverse.
 */

function fault(r: DecodeResult): { body: Fault; warnings: string[] } {
  if (!r.ok || r.kind !== 'message' || r.envelope.body.type !== 'Fault') throw new Error(JSON.stringify(r));
  return { body: r.envelope.body, warnings: r.warnings.map((w) => `${w.code} ${w.path}`) };
}

const decodeFault = (inner: string) => fault(decodeCwmp(soap(`<soap-env:Fault>${inner}</soap-env:Fault>`)));

const SOAP_PART = '<faultcode>Client</faultcode><faultstring>CWMP fault</faultstring>';
const CWMP_9005 =
  '<cwmp:Fault><FaultCode>9005</FaultCode><FaultString>Invalid parameter name</FaultString></cwmp:Fault>';
const DETAIL_9005 = { faultCode: 9005, faultString: 'Invalid parameter name', setParameterValuesFault: [] };

describe('a SOAP fault whose cwmp:Fault is not where TR-069 puts it', () => {
  it('given the standard shape (soap:Fault/detail/cwmp:Fault), when decoded, then the code is read without a warning', () => {
    const { body, warnings } = decodeFault(`${SOAP_PART}<detail>${CWMP_9005}</detail>`);
    expect(body.detail).toEqual(DETAIL_9005);
    expect(warnings).toEqual([]);
  });

  it('given cwmp:Fault directly under soap:Fault (no detail), when decoded, then its code is read and the misplacement reported', () => {
    const { body, warnings } = decodeFault(`${SOAP_PART}${CWMP_9005}`);
    expect(body.detail).toEqual(DETAIL_9005);
    expect(warnings).toEqual(['FAULT_DETAIL_MISPLACED Fault/Fault']);
  });

  it('given detail nested inside faultstring (netcwmp), when decoded, then the code is read and faultstring keeps its text', () => {
    const { body, warnings } = decodeFault(
      `<faultcode>Server</faultcode><faultstring>CWMP fault<detail>${CWMP_9005}</detail></faultstring>`,
    );
    expect(body).toEqual({
      type: 'Fault',
      faultcode: 'Server',
      faultstring: 'CWMP fault',
      detail: DETAIL_9005,
    });
    expect(warnings).toEqual(['FAULT_DETAIL_MISPLACED Fault/faultstring/detail/Fault']);
  });

  it('given cwmp:Fault inside faultstring without a detail element, when decoded, then the code is read', () => {
    const { body } = decodeFault(`<faultcode>Client</faultcode><faultstring>${CWMP_9005}</faultstring>`);
    expect(body.detail?.faultCode).toBe(9005);
  });

  it.each(['Detail', 'DETAIL', 'soap-env:detail', 'soap-env:Detail'])(
    'given the detail element spelt <%s>, when decoded, then the code is read',
    (name) => {
      const { body } = decodeFault(`${SOAP_PART}<${name}>${CWMP_9005}</${name}>`);
      expect(body.detail).toEqual(DETAIL_9005);
    },
  );

  it('given an extra wrapper between detail and cwmp:Fault, when decoded, then the code is read', () => {
    const { body } = decodeFault(
      `${SOAP_PART}<detail><x:FaultDetail xmlns:x="urn:vendor">${CWMP_9005}</x:FaultDetail></detail>`,
    );
    expect(body.detail?.faultCode).toBe(9005);
  });

  it.each([
    ['another prefix bound to the cwmp namespace', '<ns1:Fault xmlns:ns1="urn:dslforum-org:cwmp-1-0">'],
    ['the cwmp namespace as default namespace', '<Fault xmlns="urn:dslforum-org:cwmp-1-2">'],
    ['no namespace at all', '<Fault xmlns="">'],
    ['the SOAP envelope prefix', '<soap-env:Fault>'],
  ])('given the cwmp:Fault element with %s, when decoded, then the code is read', (_, open) => {
    const close = `</${/^<([^\s>]+)/.exec(open)?.[1] ?? 'Fault'}>`;
    const inner = '<FaultCode>9007</FaultCode><FaultString>Invalid parameter value</FaultString>';
    const { body } = decodeFault(`${SOAP_PART}<detail>${open}${inner}${close}</detail>`);
    expect(body.detail).toEqual({
      faultCode: 9007,
      faultString: 'Invalid parameter value',
      setParameterValuesFault: [],
    });
  });

  it('given the fields of cwmp:Fault written straight into detail (no cwmp:Fault element), when decoded, then the code is read', () => {
    const { body } = decodeFault(
      `${SOAP_PART}<detail><FaultCode>9002</FaultCode><FaultString>Internal error</FaultString></detail>`,
    );
    expect(body.detail).toEqual({
      faultCode: 9002,
      faultString: 'Internal error',
      setParameterValuesFault: [],
    });
  });

  it('given a FaultCode wrapped in whitespace and line breaks, when decoded, then the code is read without a warning', () => {
    const { body, warnings } = decodeFault(
      `${SOAP_PART}<detail><cwmp:Fault><FaultCode>\n\t 9004 \r\n</FaultCode><FaultString>Resources exceeded</FaultString></cwmp:Fault></detail>`,
    );
    expect(body.detail?.faultCode).toBe(9004);
    expect(warnings).toEqual([]);
  });

  it('given the fields spelt in another case (faultCode, FAULTSTRING), when decoded, then they are read and the spelling reported', () => {
    const { body, warnings } = decodeFault(
      `${SOAP_PART}<detail><cwmp:Fault><faultCode>9006</faultCode><FAULTSTRING>type</FAULTSTRING></cwmp:Fault></detail>`,
    );
    expect(body.detail).toEqual({ faultCode: 9006, faultString: 'type', setParameterValuesFault: [] });
    expect(warnings).toEqual(['FAULT_DETAIL_MISPLACED Fault/detail/Fault']);
  });

  it('given SetParameterValuesFault entries in a misplaced cwmp:Fault, when decoded, then every entry is read with its own code', () => {
    const entries =
      '<SetParameterValuesFault><ParameterName>Device.A</ParameterName><FaultCode> 9007 </FaultCode><FaultString>bad</FaultString></SetParameterValuesFault>' +
      '<setParameterValuesFault><parameterName>Device.B</parameterName><faultCode>9008</faultCode></setParameterValuesFault>';
    const { body } = decodeFault(
      `<faultcode>Client</faultcode><faultstring>CWMP fault<cwmp:Fault><FaultCode>9003</FaultCode><FaultString>Invalid arguments</FaultString>${entries}</cwmp:Fault></faultstring>`,
    );
    expect(body.detail).toEqual({
      faultCode: 9003,
      faultString: 'Invalid arguments',
      setParameterValuesFault: [
        { parameterName: 'Device.A', faultCode: 9007, faultString: 'bad' },
        { parameterName: 'Device.B', faultCode: 9008, faultString: undefined },
      ],
    });
  });

  it('given two cwmp:Fault elements, when decoded, then the shallowest (the one nearest soap:Fault) is read', () => {
    const deep = '<x><y><cwmp:Fault><FaultCode>9001</FaultCode></cwmp:Fault></y></x>';
    const { body } = decodeFault(`${SOAP_PART}<detail>${deep}${CWMP_9005}</detail>`);
    expect(body.detail?.faultCode).toBe(9005);
  });
});

describe('a SOAP fault without any cwmp:Fault', () => {
  it('given no detail at all, when decoded, then detail is absent and its absence reported (nothing invented)', () => {
    const { body, warnings } = decodeFault(SOAP_PART);
    expect(body).toEqual({
      type: 'Fault',
      faultcode: 'Client',
      faultstring: 'CWMP fault',
      detail: undefined,
    });
    expect(warnings).toEqual(['MISSING_ELEMENT Fault/detail/Fault']);
  });

  it('given an empty detail, when decoded, then detail is absent and its absence reported', () => {
    const { body, warnings } = decodeFault(`${SOAP_PART}<detail/>`);
    expect(body.detail).toBeUndefined();
    expect(warnings).toEqual(['MISSING_ELEMENT Fault/detail/Fault']);
  });

  it.each([
    [
      'faultstring starting with the code',
      '<faultcode>Client</faultcode><faultstring>9005 Invalid parameter name</faultstring>',
      9005,
    ],
    [
      'faultcode holding the code',
      '<faultcode>9008</faultcode><faultstring>Attempt to set a non-writable parameter</faultstring>',
      9008,
    ],
    [
      'a prefixed faultcode holding the code',
      '<faultcode>soap-env:9002</faultcode><faultstring>error</faultstring>',
      9002,
    ],
    [
      'FaultCode and FaultString straight under soap:Fault',
      '<FaultCode>9003</FaultCode><FaultString>Invalid arguments</FaultString>',
      9003,
    ],
  ])('given no detail but %s, when decoded, then that code is read', (_, inner, code) => {
    const { body, warnings } = decodeFault(inner);
    expect(body.detail?.faultCode).toBe(code);
    expect(body.detail?.setParameterValuesFault).toEqual([]);
    expect(warnings).toContain('FAULT_DETAIL_MISPLACED Fault');
  });

  it('given a faultstring that merely contains a number, when decoded, then no code is made up from it', () => {
    const { body } = decodeFault(
      '<faultcode>Server</faultcode><faultstring>error 9005 seen at line 12</faultstring>',
    );
    expect(body.detail).toBeUndefined();
  });

  it('given a misplaced cwmp:Fault whose FaultCode is not a number, when faultstring names a code, then that code is read, never 0', () => {
    const { body } = decodeFault(
      '<faultcode>Client</faultcode><faultstring>9007 Invalid parameter value</faultstring><cwmp:Fault><FaultCode>n/a</FaultCode></cwmp:Fault>',
    );
    expect(body.detail?.faultCode).toBe(9007);
  });
});

describe('hostile fault shapes', () => {
  it('given a cwmp:Fault nested deeper than the search goes, when decoded, then it is not read, one warning says so and nothing throws', () => {
    const depth = 40;
    const inner = `${'<n>'.repeat(depth)}${CWMP_9005}${'</n>'.repeat(depth)}`;
    const { body, warnings } = decodeFault(`${SOAP_PART}<detail>${inner}</detail>`);
    expect(body.detail).toBeUndefined();
    expect(warnings).toEqual(['MISSING_ELEMENT Fault/detail/Fault']);
  });

  it('given a cwmp:Fault behind thousands of sibling elements, when decoded, then the search stops at its cap and the decode stays fast', () => {
    const noise = '<n/>'.repeat(5_000);
    const started = performance.now();
    const { body } = decodeFault(`${SOAP_PART}<detail>${noise}<m>${CWMP_9005}</m></detail>`);
    expect(body.detail).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('given a cwmp:Fault of 10,000 SetParameterValuesFault entries in the wrong place, when decoded, then all are read (the caps are the XML limits)', () => {
    const entry =
      '<SetParameterValuesFault><ParameterName>P</ParameterName><FaultCode>9007</FaultCode></SetParameterValuesFault>';
    const { body } = decodeFault(
      `${SOAP_PART}<cwmp:Fault><FaultCode>9003</FaultCode>${entry.repeat(10_000)}</cwmp:Fault>`,
    );
    expect(body.detail?.setParameterValuesFault).toHaveLength(10_000);
  });

  it('given a faultstring of a million digits, when decoded, then no code is read from it', () => {
    const { body } = decodeFault(
      `<faultcode>Server</faultcode><faultstring>${'9'.repeat(1_000_000)}</faultstring>`,
    );
    expect(body.detail).toBeUndefined();
  });
});
