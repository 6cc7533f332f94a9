import { describe, expect, it } from 'vitest';
import { decodeCwmp } from './decode.js';
import { encodeCwmp } from './encode.js';
import { CwmpEncodeError } from './errors.js';
import type { CwmpMessage } from './messages/message.js';

const ns = 'urn:dslforum-org:cwmp-1-0' as const;

function encodeError(body: CwmpMessage): string {
  try {
    encodeCwmp({ namespace: ns, body });
  } catch (e) {
    if (e instanceof CwmpEncodeError) return `${e.code} ${e.path}`;
    throw e;
  }
  return 'encoded';
}

describe('strict encoding', () => {
  it('given an InformResponse with an ID, when encoded, then the output is exactly the conventional envelope', () => {
    expect(
      encodeCwmp({ namespace: ns, header: { id: '100' }, body: { type: 'InformResponse', maxEnvelopes: 1 } }),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" ' +
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">' +
        '<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">100</cwmp:ID></soap-env:Header>' +
        '<soap-env:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soap-env:Body></soap-env:Envelope>',
    );
  });

  it('given xmlDeclaration false and SOAP-ENV prefixes, when encoded, then there is no declaration and the prefixes are used', () => {
    const xml = encodeCwmp(
      { namespace: ns, body: { type: 'GetRPCMethods' } },
      { xmlDeclaration: false, soapPrefix: 'SOAP-ENV' },
    );
    expect(xml.startsWith('<SOAP-ENV:Envelope ')).toBe(true);
    expect(xml).toContain('<SOAP-ENV:Body><cwmp:GetRPCMethods></cwmp:GetRPCMethods></SOAP-ENV:Body>');
    expect(xml).not.toContain('<soap-env:Header');
  });

  it('given values with markup characters and CR, when encoded, then they are escaped and decode back unchanged', () => {
    const value = `a&b<c>d"e'f\r\ng]]>`;
    const xml = encodeCwmp({
      namespace: ns,
      body: {
        type: 'SetParameterValues',
        parameterKey: value,
        parameterList: [{ name: value, value, type: 'xsd:string' }],
      },
    });
    expect(xml).toContain('<ParameterKey>a&amp;b&lt;c&gt;d"e\'f&#13;\ng]]&gt;</ParameterKey>');
    const r = decodeCwmp(xml);
    expect(r.ok && r.kind === 'message' && r.envelope.body).toEqual({
      type: 'SetParameterValues',
      parameterKey: value,
      parameterList: [{ name: value, value, type: 'xsd:string' }],
    });
  });

  it('given SetParameterValues, when encoded, then every value carries its xsi:type and the array its count', () => {
    const xml = encodeCwmp({
      namespace: ns,
      body: {
        type: 'SetParameterValues',
        parameterKey: 'k',
        parameterList: [
          { name: 'A.B', value: '1', type: 'xsd:boolean' },
          { name: 'A.C', value: 'x' },
        ],
      },
    });
    expect(xml).toContain('<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[2]">');
    expect(xml).toContain('<Value xsi:type="xsd:boolean">1</Value>');
    expect(xml).toContain('<Name>A.C</Name><Value>x</Value>');
  });

  it.each<[string, CwmpMessage, string]>([
    [
      'a fractional count',
      { type: 'InformResponse', maxEnvelopes: 1.5 },
      'INVALID_VALUE InformResponse/MaxEnvelopes',
    ],
    [
      'a negative unsignedInt',
      { type: 'ScheduleInform', delaySeconds: -1, commandKey: '' },
      'INVALID_VALUE ScheduleInform/DelaySeconds',
    ],
    [
      'an invalid dateTime',
      { type: 'DownloadResponse', status: 0, startTime: 'yesterday', completeTime: '2024-01-01T00:00:00Z' },
      'INVALID_VALUE DownloadResponse/StartTime',
    ],
    [
      'a control character',
      { type: 'Reboot', commandKey: 'a\u0001' },
      'INVALID_XML_CHARACTER Reboot/CommandKey',
    ],
    ['a lone surrogate', { type: 'Reboot', commandKey: '\ud800' }, 'INVALID_XML_CHARACTER Reboot/CommandKey'],
    [
      'an xsi:type outside xsd:',
      {
        type: 'SetParameterValues',
        parameterKey: '',
        parameterList: [{ name: 'a', value: '', type: 'evil" x="1' }],
      },
      'INVALID_VALUE SetParameterValues/ParameterList/Value',
    ],
    [
      'invalid base64',
      { type: 'SetVouchers', voucherList: ['***'] },
      'INVALID_VALUE SetVouchers/VoucherList/base64',
    ],
    ['an unknown type', { type: '__proto__' } as unknown as CwmpMessage, 'UNKNOWN_MESSAGE_TYPE Body'],
  ])('given %s, when encoded, then CwmpEncodeError says where', (_, body, expected) => {
    expect(encodeError(body)).toBe(expected);
  });

  it('given a namespace that is not cwmp-1-N, when encoded, then INVALID_NAMESPACE', () => {
    expect(() =>
      encodeCwmp({ namespace: 'urn:evil' as 'urn:dslforum-org:cwmp-1-0', body: { type: 'GetRPCMethods' } }),
    ).toThrow(CwmpEncodeError);
  });
});
