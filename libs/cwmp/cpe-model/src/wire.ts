import type { CwmpEnvelope, CwmpMessage, CwmpNamespace, EnvelopeHeaderInfo } from '@headend/cwmp-codec';
import { decodeCwmp, encodeCwmp } from '@headend/cwmp-codec';
import type { CpeQuirks } from './state.js';

/** What the device makes of a body the ACS sent. */
export type InboundMessage =
  | { readonly kind: 'empty' }
  | { readonly kind: 'message'; readonly envelope: CwmpEnvelope }
  | {
      readonly kind: 'invalid';
      readonly reason: string;
      /** The 9xxx fault a device answers with. */
      readonly faultCode: number;
      readonly envelope?: EnvelopeHeaderInfo | undefined;
    };

/** Skips a BOM and leading white space: a declaration must be the very first thing, but be lenient in detecting it. */
function startsWithDeclaration(body: string): boolean {
  return /^\uFEFF?\s*<\?xml[\s?]/.test(body.slice(0, 64));
}

/**
 * Decodes an ACS body as the device would. With the noXmlDeclaration quirk, a body that starts with
 * an XML declaration is refused, as some embedded parsers do.
 */
export function decodeAtCpe(body: string, quirks: CpeQuirks): InboundMessage {
  if (quirks.noXmlDeclaration && startsWithDeclaration(body)) {
    return { kind: 'invalid', reason: 'XML declaration refused (quirk)', faultCode: 9003 };
  }
  const r = decodeCwmp(body, { role: 'cpe' });
  if (!r.ok) {
    return {
      kind: 'invalid',
      reason: `${r.error.code}: ${r.error.detail}`,
      faultCode: r.error.faultCode,
      envelope: r.error.envelope,
    };
  }
  return r.kind === 'empty' ? { kind: 'empty' } : { kind: 'message', envelope: r.envelope };
}

/**
 * Encodes a message the device sends: in its namespace (or the one it answers in), with cwmp:ID when
 * given unless the device sends no SOAP Header, without XML declaration when the quirk says so.
 */
export function encodeAtCpe(
  body: CwmpMessage,
  options: {
    readonly namespace: CwmpNamespace;
    readonly id?: string | undefined;
    readonly quirks: CpeQuirks;
  },
): string {
  const header = options.quirks.noSoapHeader || options.id === undefined ? {} : { id: options.id };
  return encodeCwmp(
    { namespace: options.namespace, header, body },
    { xmlDeclaration: !options.quirks.noXmlDeclaration },
  );
}
