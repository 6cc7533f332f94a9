import { describe, expect, it } from 'vitest';
import type { DecodeResult } from './decode.js';
import { decodeCwmp } from './decode.js';
import type { CwmpMessage } from './messages/message.js';
import { soap } from './testing/documents.js';

function decoded(r: DecodeResult): { body: CwmpMessage; warnings: string[] } {
  if (!r.ok || r.kind !== 'message') throw new Error(JSON.stringify(r));
  return { body: r.envelope.body, warnings: r.warnings.map((w) => `${w.code} ${w.path}`) };
}

const EASYCWMP = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
 <soap_env:Envelope
xmlns:soap_env="http://schemas.xmlsoap.org/soap/envelope/"
xmlns:soap_enc="http://schemas.xmlsoap.org/soap/encoding/"
xmlns:xsd="http://www.w3.org/2001/XMLSchema"
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
  <soap_env:Header><cwmp:ID soap_env:mustUnderstand="1">1</cwmp:ID></soap_env:Header>
  <soap_env:Body><cwmp:GetParameterValues><ParameterNames soap_enc:arrayType="xsd:string[1]"><string>Device.</string></ParameterNames></cwmp:GetParameterValues></soap_env:Body>
</soap_env:Envelope>`;

// A synthetic document with the quirk of freeacs issue 303: "soap" bound to the *encoding* namespace.
const SOAP_IS_ENCODING = `<soapenv:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/encoding/' xmlns:xsd='http://www.w3.org/2001/XMLSchema' xmlns:cwmp='urn:dslforum-org:cwmp-1-0' xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><soapenv:Header><cwmp:ID soap:mustUnderstand='1'>FREEACS-1</cwmp:ID></soapenv:Header><soapenv:Body><cwmp:GetParameterValuesResponse><ParameterList soap:arrayType='cwmp:ParameterValueStruct[1]'><ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type='xsd:string'>6.44</Value></ParameterValueStruct></ParameterList></cwmp:GetParameterValuesResponse></soapenv:Body></soapenv:Envelope>`;

describe('lenient decoding of what real devices send', () => {
  it('given soap_env/soap_enc prefixes, a leading space and an XML declaration (easycwmp), when decoded, then the request is read', () => {
    const r = decodeCwmp(EASYCWMP);
    expect(decoded(r)).toEqual({
      body: { type: 'GetParameterValues', parameterNames: ['Device.'] },
      warnings: [],
    });
    expect(r.ok && r.kind === 'message' && r.envelope.header).toEqual({ id: '1' });
  });

  it('given "soap" bound to the encoding namespace for mustUnderstand and arrayType, when decoded, then prefixes are matched by URI', () => {
    const r = decodeCwmp(SOAP_IS_ENCODING);
    expect(decoded(r)).toEqual({
      body: {
        type: 'GetParameterValuesResponse',
        parameterList: [{ name: 'Device.DeviceInfo.SoftwareVersion', value: '6.44', type: 'xsd:string' }],
      },
      warnings: [],
    });
  });

  it('given values without xsi:type, with an xs: prefix, with the 1999 schema namespace and with an unbound prefix, when decoded, then types are normalised or reported', () => {
    const body =
      '<cwmp:GetParameterValuesResponse xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:old="http://www.w3.org/1999/XMLSchema"><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[4]">' +
      '<ParameterValueStruct><Name>a</Name><Value>1</Value></ParameterValueStruct>' +
      '<ParameterValueStruct><Name>b</Name><Value xsi:type="xs:int">2</Value></ParameterValueStruct>' +
      '<ParameterValueStruct><Name>c</Name><Value xsi:type="old:boolean">1</Value></ParameterValueStruct>' +
      '<ParameterValueStruct><Name>d</Name><Value xsi:type="nope:int">4</Value></ParameterValueStruct>' +
      '</ParameterList></cwmp:GetParameterValuesResponse>';
    const { body: m, warnings } = decoded(decodeCwmp(soap(body)));
    expect(m.type === 'GetParameterValuesResponse' && m.parameterList.map((p) => p.type)).toEqual([
      undefined,
      'xsd:int',
      'xsd:boolean',
      'nope:int',
    ]);
    expect(warnings).toEqual([
      'UNRESOLVED_XSI_TYPE GetParameterValuesResponse/ParameterList/ParameterValueStruct[3]/Value',
    ]);
  });

  it('given an array without arrayType, when decoded, then the items are read and ARRAY_TYPE_MISSING is reported', () => {
    const { body, warnings } = decoded(
      decodeCwmp(
        soap(
          '<cwmp:GetParameterValues><ParameterNames><string>A.</string><string>B.</string></ParameterNames></cwmp:GetParameterValues>',
        ),
      ),
    );
    expect(body).toEqual({ type: 'GetParameterValues', parameterNames: ['A.', 'B.'] });
    expect(warnings).toEqual(['ARRAY_TYPE_MISSING GetParameterValues/ParameterNames']);
  });

  it('given a non-standard DeviceId element, an EventStruct without EventCode and an empty Event array quirk, when decoded, then warnings name them', () => {
    const inform =
      '<cwmp:Inform><DeviceId><Manufacturer>Feixun</Manufacturer><OUI>001234</OUI><ProductClass>Wlan_AP</ProductClass><SerialNumber>S</SerialNumber><WanIPAddress>172.17.60.206</WanIPAddress></DeviceId>' +
      '<Event soap-enc:arrayType="cwmp:EventStruct[2]"><EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct><EventStruct><CommandKey/></EventStruct></Event>' +
      '<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2015-10-13T04:24:12+00:00</CurrentTime><RetryCount>10</RetryCount><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[0]"></ParameterList></cwmp:Inform>';
    const { body, warnings } = decoded(decodeCwmp(soap(inform)));
    expect(body.type === 'Inform' && body.event).toEqual([
      { eventCode: '1 BOOT', commandKey: '' },
      { eventCode: '', commandKey: '' },
    ]);
    expect(warnings).toEqual([
      'UNKNOWN_ELEMENT Inform/DeviceId/WanIPAddress',
      'MISSING_ELEMENT Inform/Event/EventStruct/EventCode',
    ]);
  });

  it('given a CPE fault for SetParameterValues with a prefixed faultcode, when decoded, then the cwmp:Fault detail is read', () => {
    const fault =
      '<soap-env:Fault><faultcode>soap-env:Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>9003</FaultCode><FaultString>Invalid arguments</FaultString>' +
      '<SetParameterValuesFault><ParameterName>Device.X</ParameterName><FaultCode>9007</FaultCode><FaultString>bad</FaultString></SetParameterValuesFault>' +
      '<SetParameterValuesFault><ParameterName>Device.Y</ParameterName><FaultCode>9850</FaultCode></SetParameterValuesFault></cwmp:Fault></detail></soap-env:Fault>';
    const r = decodeCwmp(soap(fault));
    expect(decoded(r)).toEqual({
      body: {
        type: 'Fault',
        faultcode: 'Client',
        faultstring: 'CWMP fault',
        detail: {
          faultCode: 9003,
          faultString: 'Invalid arguments',
          setParameterValuesFault: [
            { parameterName: 'Device.X', faultCode: 9007, faultString: 'bad' },
            { parameterName: 'Device.Y', faultCode: 9850, faultString: undefined },
          ],
        },
      },
      warnings: [],
    });
    expect(r.ok && r.kind === 'message' && r.envelope.namespace).toBe('urn:dslforum-org:cwmp-1-2');
  });

  it('given every cwmp header element, when decoded, then each is read, NoMoreRequests tolerated with a warning, unknown ones reported', () => {
    const header =
      '<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">a b</cwmp:ID><cwmp:HoldRequests soap-env:mustUnderstand="1">true</cwmp:HoldRequests>' +
      '<cwmp:SessionTimeout>60</cwmp:SessionTimeout><cwmp:SupportedCWMPVersions> 1.0,1.4 </cwmp:SupportedCWMPVersions><cwmp:UseCWMPVersion soap-env:mustUnderstand="1">1.4</cwmp:UseCWMPVersion>' +
      '<cwmp:NoMoreRequests>1</cwmp:NoMoreRequests><x:Other xmlns:x="urn:x" soap-env:mustUnderstand="1"/></soap-env:Header>';
    const r = decodeCwmp(soap('<cwmp:GetRPCMethods/>', header));
    expect(r.ok && r.kind === 'message' && r.envelope.header).toEqual({
      id: 'a b',
      holdRequests: true,
      sessionTimeout: 60,
      supportedCwmpVersions: '1.0,1.4',
      useCwmpVersion: '1.4',
      noMoreRequests: true,
    });
    expect(r.warnings.map((w) => w.code)).toEqual(['DEPRECATED_HEADER', 'UNKNOWN_HEADER']);
    expect(r.warnings[1]?.detail).toContain('mustUnderstand=1');
  });

  it('given two elements in the Body, when decoded, then the first is decoded and MULTIPLE_BODY_ELEMENTS reported', () => {
    const { body, warnings } = decoded(decodeCwmp(soap('<cwmp:GetRPCMethods/><cwmp:FactoryReset/>')));
    expect(body).toEqual({ type: 'GetRPCMethods' });
    expect(warnings).toEqual(['MULTIPLE_BODY_ELEMENTS Body']);
  });

  it('given ChangeDUState in array form (some ACSs), when decoded, then the operations are read as in the schema form', () => {
    const arrayForm =
      '<cwmp:ChangeDUState><Operations soap-enc:arrayType="cwmp:OperationStruct[2]"><InstallOpStruct><URL>http://x/a.ipk</URL><UUID>00000000-0000-0000-0000-000000000001</UUID></InstallOpStruct>' +
      '<UninstallOpStruct><UUID>00000000-0000-0000-0000-000000000002</UUID></UninstallOpStruct></Operations><CommandKey>k</CommandKey></cwmp:ChangeDUState>';
    const { body, warnings } = decoded(decodeCwmp(soap(arrayForm)));
    expect(body).toEqual({
      type: 'ChangeDUState',
      operations: [
        {
          operation: 'Install',
          url: 'http://x/a.ipk',
          uuid: '00000000-0000-0000-0000-000000000001',
          username: undefined,
          password: undefined,
          executionEnvRef: undefined,
        },
        {
          operation: 'Uninstall',
          uuid: '00000000-0000-0000-0000-000000000002',
          version: undefined,
          executionEnvRef: undefined,
        },
      ],
      commandKey: 'k',
    });
    expect(warnings).toEqual([]);
  });

  it('given numbers and booleans that are not valid, when decoded, then defaults are used and INVALID_VALUE names the field', () => {
    const { body, warnings } = decoded(
      decodeCwmp(
        soap(
          '<cwmp:GetParameterNames><ParameterPath>Device.</ParameterPath><NextLevel>maybe</NextLevel></cwmp:GetParameterNames>',
        ),
      ),
    );
    expect(body).toEqual({ type: 'GetParameterNames', parameterPath: 'Device.', nextLevel: false });
    expect(warnings).toEqual(['INVALID_VALUE GetParameterNames/NextLevel']);
    const add = decoded(
      decodeCwmp(
        soap(
          '<cwmp:AddObjectResponse><InstanceNumber>-1</InstanceNumber><Status> 0 </Status></cwmp:AddObjectResponse>',
        ),
      ),
    );
    expect(add).toEqual({
      body: { type: 'AddObjectResponse', instanceNumber: 0, status: 0 },
      warnings: ['INVALID_VALUE AddObjectResponse/InstanceNumber'],
    });
  });

  it('given a string input and the same bytes, when decoded, then the results are equal', () => {
    expect(decodeCwmp(new TextEncoder().encode(EASYCWMP))).toEqual(decodeCwmp(EASYCWMP));
  });
});
