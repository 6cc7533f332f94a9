/** The bytes the bench's comparison servers (bare-acs.ts, floor-acs.ts) answer with, as the gateway does. */

/** The gateway's InformResponse, echoing the Inform's cwmp:ID. */
export const informResponse = (id: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">${id}</cwmp:ID></soap-env:Header><soap-env:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soap-env:Body></soap-env:Envelope>`;

/** The cwmp:ID of a request, found without parsing (nothing else is looked at). */
export const cwmpIdOf = (body: string) => /<[^>]*ID[^>]*>([^<]{0,64})</.exec(body)?.[1] ?? '1';

/** The 204's Set-Cookie, which clears the session cookie as the gateway's does. */
export const CLEARED_COOKIE = 'headend_session=; Path=/; Max-Age=0; HttpOnly';

/** The InformResponse's headers, with the session cookie. */
export const informResponseHeaders = (xml: string, cookie: string) => ({
  'content-type': 'text/xml; charset="utf-8"',
  'set-cookie': `headend_session=${cookie}; Path=/; HttpOnly`,
  soapaction: '',
  'content-length': Buffer.byteLength(xml),
});
