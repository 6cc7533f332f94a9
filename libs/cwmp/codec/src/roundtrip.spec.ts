import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from './codecs/table.js';
import { decodeCwmp } from './decode.js';
import { encodeCwmp } from './encode.js';
import type { CwmpNamespace } from './soap/namespaces.js';
import { arbitraries } from './testing/arbitraries.js';

const wide = arbitraries('wide');
const namespace = fc.constantFrom<CwmpNamespace>(
  'urn:dslforum-org:cwmp-1-0',
  'urn:dslforum-org:cwmp-1-1',
  'urn:dslforum-org:cwmp-1-2',
  'urn:dslforum-org:cwmp-1-3',
  'urn:dslforum-org:cwmp-1-4',
);
const encodeOptions = fc.record({
  xmlDeclaration: fc.boolean(),
  soapPrefix: fc.constantFrom('soap-env' as const, 'SOAP-ENV' as const),
});

describe('round trip: encode then decode gives back the same envelope', () => {
  it('covers all 55 message types', () => {
    expect(MESSAGE_TYPES).toHaveLength(55);
  });

  for (const type of MESSAGE_TYPES) {
    it(`given any ${type}, when encoded and decoded (as text and as UTF-8 bytes), then it is deep-equal`, () => {
      fc.assert(
        fc.property(
          wide.messages[type],
          wide.header,
          namespace,
          encodeOptions,
          fc.boolean(),
          (body, header, ns, options, asBytes) => {
            const envelope = { namespace: ns, header, body };
            const xml = encodeCwmp(envelope, options);
            const result = decodeCwmp(asBytes ? new TextEncoder().encode(xml) : xml);
            if (!result.ok || result.kind !== 'message')
              throw new Error(`not decoded: ${JSON.stringify(result)}`);
            expect(result.envelope).toEqual(envelope);
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});
