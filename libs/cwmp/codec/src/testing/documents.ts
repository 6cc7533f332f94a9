/** Small hand-written SOAP documents for tests. */

export const ENVELOPE_OPEN =
  '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">';

export function soap(
  body: string,
  header = '<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">7</cwmp:ID></soap-env:Header>',
): string {
  return `${ENVELOPE_OPEN}${header}<soap-env:Body>${body}</soap-env:Body></soap-env:Envelope>`;
}

export function gpvResponse(params: readonly (readonly [name: string, value: string])[]): string {
  const items = params
    .map(
      ([n, v]) =>
        `<ParameterValueStruct><Name>${n}</Name><Value xsi:type="xsd:string">${v}</Value></ParameterValueStruct>`,
    )
    .join('');
  return soap(
    `<cwmp:GetParameterValuesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[${params.length}]">${items}</ParameterList></cwmp:GetParameterValuesResponse>`,
  );
}

/** A fragment file's XML part: from the first line starting with "<" to the truncation marker. */
export function fragmentXml(text: string): string {
  const start = /^\s*</m.exec(text)?.index ?? 0;
  const end = text.indexOf('[... TRUNCATED');
  return text.slice(start, end === -1 ? undefined : end);
}
