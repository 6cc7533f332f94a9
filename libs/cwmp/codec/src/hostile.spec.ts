import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DecodeOptions, DecodeResult } from './decode.js';
import { decodeCwmp } from './decode.js';
import type { DecodeErrorCode } from './errors.js';
import type { WarningCode } from './warnings.js';
import { fragmentXml, gpvResponse, soap } from './testing/documents.js';
import { FIXTURES, fixtureText, informVectors } from './testing/fixtures.js';

const LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ).join('') +
  ']><lolz>&lol9;</lolz>';
const XXE = `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${soap('<cwmp:GetRPCMethodsResponse><MethodList soap-enc:arrayType="xsd:string[1]"><string>&xxe;</string></MethodList></cwmp:GetRPCMethodsResponse>')}`;
const inform01 = informVectors().get('01') ?? new Uint8Array();
const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

type Outcome = { error: DecodeErrorCode; faultCode: number } | { warning: WarningCode } | { empty: true };

interface Row {
  readonly name: string;
  readonly input: () => Uint8Array | string;
  readonly options?: DecodeOptions;
  readonly outcome: Outcome;
}

const ROWS: Row[] = [
  {
    name: 'billion laughs (nested entity expansion)',
    input: () => LAUGHS,
    outcome: { error: 'DTD_FORBIDDEN', faultCode: 8003 },
  },
  {
    name: 'external entity SYSTEM file:///etc/passwd',
    input: () => XXE,
    outcome: { error: 'DTD_FORBIDDEN', faultCode: 8003 },
  },
  {
    name: 'an entity reference with no DTD (&xxe;)',
    input: () => soap('<cwmp:Reboot><CommandKey>&xxe;</CommandKey></cwmp:Reboot>'),
    outcome: { error: 'XML_MALFORMED', faultCode: 8003 },
  },
  {
    name: '100 MB body',
    input: () => new Uint8Array(100 * 1024 * 1024),
    outcome: { error: 'INPUT_TOO_LARGE', faultCode: 8004 },
  },
  {
    name: '10,000-deep nesting',
    input: () => soap(`<cwmp:Reboot>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</cwmp:Reboot>`),
    outcome: { error: 'TOO_DEEP', faultCode: 8004 },
  },
  {
    name: '250,000 sibling elements',
    input: () => soap(`<cwmp:Reboot>${'<a/>'.repeat(250_000)}</cwmp:Reboot>`),
    outcome: { error: 'TOO_MANY_ELEMENTS', faultCode: 8004 },
  },
  {
    name: '100 attributes on one element',
    input: () => soap(`<cwmp:Reboot ${Array.from({ length: 100 }, (_, i) => `a${i}="x"`).join(' ')}/>`),
    outcome: { error: 'TOO_MANY_ATTRIBUTES', faultCode: 8004 },
  },
  {
    name: 'invalid UTF-8 (default: replaced, warned)',
    input: () => {
      const [before, after] = soap('<cwmp:Reboot><CommandKey>|</CommandKey></cwmp:Reboot>').split('|') as [
        string,
        string,
      ];
      return new Uint8Array([
        ...new TextEncoder().encode(before),
        0xc3,
        0x28,
        ...new TextEncoder().encode(after),
      ]);
    },
    outcome: { warning: 'INVALID_UTF8' },
  },
  {
    name: 'invalid UTF-8 with invalidUtf8: reject',
    input: () => new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]),
    options: { invalidUtf8: 'reject' },
    outcome: { error: 'INVALID_UTF8', faultCode: 8003 },
  },
  {
    name: 'element named __proto__ as the method',
    input: () => soap('<cwmp:__proto__/>'),
    outcome: { error: 'UNKNOWN_METHOD', faultCode: 8000 },
  },
  {
    name: 'element named constructor as the method',
    input: () => soap('<cwmp:constructor/>'),
    outcome: { error: 'UNKNOWN_METHOD', faultCode: 8000 },
  },
  {
    name: 'element named prototype as the method',
    input: () => soap('<cwmp:prototype/>'),
    outcome: { error: 'UNKNOWN_METHOD', faultCode: 8000 },
  },
  {
    name: '__proto__ element inside a struct',
    input: () =>
      soap(
        '<cwmp:Reboot><CommandKey>k</CommandKey><__proto__><polluted>yes</polluted></__proto__></cwmp:Reboot>',
      ),
    outcome: { warning: 'UNKNOWN_ELEMENT' },
  },
  {
    name: 'cwmp:__proto__ header',
    input: () =>
      soap(
        '<cwmp:Reboot><CommandKey/></cwmp:Reboot>',
        '<soap-env:Header><cwmp:__proto__>x</cwmp:__proto__></soap-env:Header>',
      ),
    outcome: { warning: 'UNKNOWN_HEADER' },
  },
  {
    name: 'unknown method cwmp:X_Vendor_Frobnicate',
    input: () => soap('<cwmp:X_Vendor_Frobnicate/>'),
    outcome: { error: 'UNKNOWN_METHOD', faultCode: 8000 },
  },
  {
    name: 'unknown method, decoded by a CPE',
    input: () => soap('<cwmp:Frobnicate/>'),
    options: { role: 'cpe' },
    outcome: { error: 'UNKNOWN_METHOD', faultCode: 9000 },
  },
  {
    name: 'truncated Inform (vector 01 cut in half)',
    input: () => inform01.subarray(0, 1500),
    outcome: { error: 'XML_TRUNCATED', faultCode: 8003 },
  },
  {
    name: 'truncated inside a tag',
    input: () => '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Bo',
    outcome: { error: 'XML_TRUNCATED', faultCode: 8003 },
  },
  {
    name: 'non-XML garbage',
    input: () => 'GET / HTTP/1.1\r\nHost: acs\r\n\r\n',
    outcome: { error: 'NOT_XML', faultCode: 8003 },
  },
  { name: 'JSON', input: () => '{"type":"Inform"}', outcome: { error: 'NOT_XML', faultCode: 8003 } },
  {
    name: 'random binary',
    input: () => Uint8Array.from({ length: 512 }, (_, i) => (i * 7919) % 256),
    outcome: { error: 'NOT_XML', faultCode: 8003 },
  },
  {
    name: 'mismatched end tag',
    input: () => soap('<cwmp:Reboot></cwmp:Rebot>'),
    outcome: { error: 'XML_MALFORMED', faultCode: 8003 },
  },
  {
    name: 'unbound prefix',
    input: () => soap('<nope:Reboot/>'),
    outcome: { error: 'XML_MALFORMED', faultCode: 8003 },
  },
  {
    name: 'SOAP 1.2 envelope namespace',
    input: () => '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>',
    outcome: { error: 'NOT_SOAP_ENVELOPE', faultCode: 8003 },
  },
  {
    name: 'method in a non-CWMP namespace',
    input: () => soap('<x:Inform xmlns:x="urn:example:not-cwmp"/>'),
    outcome: { error: 'NOT_CWMP', faultCode: 8003 },
  },
  {
    name: 'cwmp-1-9 namespace (accepted)',
    input: () => soap('<c:GetRPCMethods xmlns:c="urn:dslforum-org:cwmp-1-9"/>'),
    outcome: { warning: 'UNKNOWN_CWMP_VERSION' },
  },
  {
    name: 'Envelope without Body',
    input: () => soap('').replace('<soap-env:Body></soap-env:Body>', ''),
    outcome: { error: 'MISSING_BODY', faultCode: 8003 },
  },
  {
    name: 'unsupported encoding',
    input: () =>
      new TextEncoder().encode(`<?xml version="1.0" encoding="EBCDIC-US"?>${soap('<cwmp:GetRPCMethods/>')}`),
    outcome: { error: 'UNSUPPORTED_ENCODING', faultCode: 8003 },
  },
  { name: 'the empty POST (zero bytes)', input: () => new Uint8Array(0), outcome: { empty: true } },
  { name: 'the empty POST (whitespace only)', input: () => ' \r\n', outcome: { empty: true } },
  { name: 'an empty SOAP Body', input: () => soap(''), outcome: { warning: 'EMPTY_BODY' } },
];

function describeOutcome(r: DecodeResult): Outcome | { codes: WarningCode[] } {
  if (!r.ok) return { error: r.error.code, faultCode: r.error.faultCode };
  if (r.kind === 'empty' && r.warnings.length === 0) return { empty: true };
  return { codes: r.warnings.map((w) => w.code) };
}

describe('hostile and broken input', () => {
  for (const row of ROWS) {
    it(`given ${row.name}, when decoded, then ${JSON.stringify(row.outcome)}`, () => {
      const started = performance.now();
      const result = decodeCwmp(row.input(), row.options);
      const outcome = describeOutcome(result);
      if ('warning' in row.outcome) {
        expect(result.ok).toBe(true);
        expect('codes' in outcome ? outcome.codes : outcome).toContain(row.outcome.warning);
      } else {
        expect(outcome).toEqual(row.outcome);
      }
      expect(performance.now() - started).toBeLessThan(2000);
    });
  }

  it('given a 100 MB body, when decoded, then it is refused before any byte is read (well under a millisecond per MB)', () => {
    const big = new Uint8Array(100 * 1024 * 1024);
    const started = performance.now();
    expect(decodeCwmp(big).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('given an unknown method, when decoded, then the error still carries the namespace and cwmp:ID to answer with', () => {
    const r = decodeCwmp(soap('<cwmp:Frobnicate/>'));
    expect(r.ok ? undefined : r.error).toMatchObject({
      code: 'UNKNOWN_METHOD',
      method: 'Frobnicate',
      envelope: { namespace: 'urn:dslforum-org:cwmp-1-2', header: { id: '7' } },
    });
  });

  it('given parameter and element names __proto__, constructor and prototype, when decoded, then they stay data and no prototype changes', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const r = decodeCwmp(
      gpvResponse([
        ['__proto__', '{"polluted":1}'],
        ['constructor', 'x'],
        ['prototype', 'y'],
        ['__proto__.polluted', 'z'],
      ]).replace('<Name>constructor</Name>', '<Name>constructor</Name><__proto__>p</__proto__>'),
    );
    expect(
      r.ok &&
        r.kind === 'message' &&
        r.envelope.body.type === 'GetParameterValuesResponse' &&
        r.envelope.body.parameterList.map((p) => p.name),
    ).toEqual(['__proto__', 'constructor', 'prototype', '__proto__.polluted']);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(r.warnings.map((w) => w.code)).toEqual(['UNKNOWN_ELEMENT']);
  });

  it('given a DOCTYPE only inside a comment or CDATA, when decoded, then it is not refused', () => {
    const r = decodeCwmp(
      soap(
        '<!-- <!DOCTYPE x> --><cwmp:Reboot><CommandKey><![CDATA[<!ENTITY x>]]></CommandKey></cwmp:Reboot>',
      ),
    );
    expect(r.ok && r.kind === 'message' && r.envelope.body).toEqual({
      type: 'Reboot',
      commandKey: '<!ENTITY x>',
    });
  });

  const fragments = readdirSync(new URL('informs/fragments/', FIXTURES)).filter((f) => f.endsWith('.txt'));
  it.each(fragments)('given the truncated real fragment %s, when decoded, then XML_TRUNCATED', (file) => {
    const r = decodeCwmp(fragmentXml(fixtureText(`informs/fragments/${file}`)));
    expect(r.ok ? 'decoded' : r.error.code).toBe('XML_TRUNCATED');
  });

  it('given invalid UTF-8 in a value, when decoded, then the value keeps U+FFFD where the bad byte was', () => {
    const [before, after] = soap('<cwmp:Reboot><CommandKey>a|b</CommandKey></cwmp:Reboot>').split('|') as [
      string,
      string,
    ];
    const r = decodeCwmp(
      new Uint8Array([...new TextEncoder().encode(before), 0xff, ...new TextEncoder().encode(after)]),
    );
    expect(r.ok && r.kind === 'message' && r.envelope.body).toEqual({
      type: 'Reboot',
      commandKey: 'a\ufffdb',
    });
    expect(r.warnings[0]?.detail).toContain(`byte ${new TextEncoder().encode(before).length}`);
  });

  it('given ISO-8859-1 declared, when decoded, then bytes above 0x7F are Latin-1 characters', () => {
    const doc = `<?xml version="1.0" encoding="ISO-8859-1"?>${soap('<cwmp:Reboot><CommandKey>Z\u00fcrich \u00e9t\u00e9</CommandKey></cwmp:Reboot>')}`;
    const r = decodeCwmp(latin1(doc));
    expect(r.ok && r.kind === 'message' && r.envelope.body).toEqual({
      type: 'Reboot',
      commandKey: 'Z\u00fcrich \u00e9t\u00e9',
    });
  });
});
