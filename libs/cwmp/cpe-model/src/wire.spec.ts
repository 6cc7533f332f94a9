import { encodeCwmp } from '@headend/cwmp-codec';
import { describe, expect, it } from 'vitest';
import { NO_QUIRKS } from './state.js';
import { decodeAtCpe, encodeAtCpe } from './wire.js';

const NS = 'urn:dslforum-org:cwmp-1-0';
const request = (xmlDeclaration: boolean): string =>
  encodeCwmp({ namespace: NS, header: { id: '9' }, body: { type: 'GetRPCMethods' } }, { xmlDeclaration });

describe('the device side of the wire', () => {
  it('decodes an ACS request with or without an XML declaration', () => {
    for (const body of [request(true), request(false)]) {
      const r = decodeAtCpe(body, NO_QUIRKS);
      expect(r.kind === 'message' && r.envelope.header.id).toBe('9');
    }
    expect(decodeAtCpe('', NO_QUIRKS)).toEqual({ kind: 'empty' });
    expect(decodeAtCpe('<nope', NO_QUIRKS)).toMatchObject({ kind: 'invalid', faultCode: 9003 });
  });

  it('with the noXmlDeclaration quirk, refuses a declaration and sends none', () => {
    const quirks = { ...NO_QUIRKS, noXmlDeclaration: true };
    expect(decodeAtCpe(request(true), quirks)).toMatchObject({ kind: 'invalid' });
    expect(decodeAtCpe(request(false), quirks).kind).toBe('message');
    expect(encodeAtCpe({ type: 'RebootResponse' }, { namespace: NS, id: '1', quirks })).toMatch(
      /^<soap-env:Envelope/,
    );
    expect(encodeAtCpe({ type: 'RebootResponse' }, { namespace: NS, id: '1', quirks: NO_QUIRKS })).toMatch(
      /^<\?xml/,
    );
  });

  it('with the noSoapHeader quirk, sends no Header and no cwmp:ID', () => {
    const xml = encodeAtCpe(
      { type: 'RebootResponse' },
      { namespace: NS, id: '1', quirks: { ...NO_QUIRKS, noSoapHeader: true } },
    );
    expect(xml).not.toContain('Header');
    expect(xml).not.toContain('cwmp:ID');
    expect(encodeAtCpe({ type: 'RebootResponse' }, { namespace: NS, id: '1', quirks: NO_QUIRKS })).toContain(
      '<cwmp:ID',
    );
  });
});
