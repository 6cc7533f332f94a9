import { deviceIdOf } from '@headend/events';

/**
 * CWMP bodies written by hand, so a test can send what the strict encoder refuses to write
 * (over-long fields, values out of range, malformed times): what a broken or hostile CPE sends.
 */

const ENVELOPE_OPEN =
  '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">';

export function xmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A SOAP envelope around `body` (raw XML), with a cwmp:ID header (raw XML text) when given. */
export function envelope(body: string, cwmpId: string | null = 'r1'): string {
  const header =
    cwmpId === null
      ? ''
      : `<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">${cwmpId}</cwmp:ID></soap-env:Header>`;
  return `<?xml version="1.0" encoding="UTF-8"?>${ENVELOPE_OPEN}${header}<soap-env:Body>${body}</soap-env:Body></soap-env:Envelope>`;
}

export interface RawInform {
  readonly manufacturer?: string;
  readonly oui?: string;
  readonly productClass?: string;
  readonly serialNumber: string;
  /** [code, commandKey] pairs. */
  readonly events?: readonly (readonly [string, string])[];
  readonly maxEnvelopes?: string;
  readonly currentTime?: string;
  readonly retryCount?: string;
  /** [name, value, xsi:type] triples. */
  readonly parameters?: readonly (readonly [string, string, string])[];
  readonly cwmpId?: string;
}

/** The device id the Inform names (what its CPE authenticates as). */
export function rawInformDeviceId(inform: RawInform): string {
  return deviceIdOf({
    oui: inform.oui ?? '00259E',
    productClass: inform.productClass ?? 'HG8245',
    serialNumber: inform.serialNumber,
  });
}

export function rawInform(inform: RawInform): string {
  const events = inform.events ?? [['2 PERIODIC', '']];
  const parameters = inform.parameters ?? [
    ['InternetGatewayDevice.DeviceInfo.SoftwareVersion', 'V1', 'xsd:string'],
  ];
  const body =
    '<cwmp:Inform><DeviceId>' +
    `<Manufacturer>${xmlText(inform.manufacturer ?? 'Huawei')}</Manufacturer>` +
    `<OUI>${xmlText(inform.oui ?? '00259E')}</OUI>` +
    `<ProductClass>${xmlText(inform.productClass ?? 'HG8245')}</ProductClass>` +
    `<SerialNumber>${xmlText(inform.serialNumber)}</SerialNumber></DeviceId>` +
    `<Event soap-enc:arrayType="cwmp:EventStruct[${events.length}]">` +
    events
      .map(
        ([code, key]) =>
          `<EventStruct><EventCode>${xmlText(code)}</EventCode><CommandKey>${xmlText(key)}</CommandKey></EventStruct>`,
      )
      .join('') +
    '</Event>' +
    `<MaxEnvelopes>${inform.maxEnvelopes ?? '1'}</MaxEnvelopes>` +
    `<CurrentTime>${xmlText(inform.currentTime ?? '2026-11-22T10:00:00Z')}</CurrentTime>` +
    `<RetryCount>${inform.retryCount ?? '0'}</RetryCount>` +
    `<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[${parameters.length}]">` +
    parameters
      .map(
        ([name, value, type]) =>
          `<ParameterValueStruct><Name>${xmlText(name)}</Name><Value xsi:type="${xmlText(type)}">${xmlText(value)}</Value></ParameterValueStruct>`,
      )
      .join('') +
    '</ParameterList></cwmp:Inform>';
  return envelope(body, inform.cwmpId ?? 'inform-1');
}
