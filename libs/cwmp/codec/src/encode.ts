import { MESSAGE_CODECS } from './codecs/table.js';
import { CwmpEncodeError } from './errors.js';
import type { CwmpMessage } from './messages/message.js';
import type { CwmpHeader } from './soap/header.js';
import { encodeHeader } from './soap/header.js';
import type { CwmpNamespace } from './soap/namespaces.js';
import { isCwmpNamespace, SOAP_ENC_NS, SOAP_ENV_NS, XSD_NS, XSI_NS } from './soap/namespaces.js';
import type { WriterPrefixes } from './xml/writer.js';
import { escapeAttribute, XmlWriter } from './xml/writer.js';
import type { MessageCodec } from './codecs/message.js';

export interface EncodeOptions {
  /** Write `<?xml version="1.0" encoding="UTF-8"?>` first (default true; some CPEs cannot parse one). */
  readonly xmlDeclaration?: boolean;
  /** Envelope prefixes: 'soap-env' (soap-env/soap-enc, the default) or 'SOAP-ENV' (SOAP-ENV/SOAP-ENC). */
  readonly soapPrefix?: 'soap-env' | 'SOAP-ENV';
}

/** What encodeCwmp takes: like a decoded envelope, with the header optional. */
export interface CwmpEnvelopeInput<M extends CwmpMessage = CwmpMessage> {
  readonly namespace: CwmpNamespace;
  readonly header?: CwmpHeader;
  readonly body: M;
}

const CODECS = new Map<string, MessageCodec<CwmpMessage>>(
  Object.entries(MESSAGE_CODECS) as [string, MessageCodec<CwmpMessage>][],
);

const PREFIXES: Readonly<Record<'soap-env' | 'SOAP-ENV', WriterPrefixes>> = {
  'soap-env': { env: 'soap-env', enc: 'soap-enc', cwmp: 'cwmp' },
  'SOAP-ENV': { env: 'SOAP-ENV', enc: 'SOAP-ENC', cwmp: 'cwmp' },
};

/**
 * Encodes an envelope as UTF-8 XML text, in the given cwmp namespace. Strict: throws CwmpEncodeError
 * for a value with no valid CWMP representation (a non-integer count, an invalid dateTime, a character
 * XML 1.0 cannot carry ...).
 */
export function encodeCwmp(envelope: CwmpEnvelopeInput, options: EncodeOptions = {}): string {
  const { namespace, body } = envelope;
  if (typeof namespace !== 'string' || !isCwmpNamespace(namespace)) {
    throw new CwmpEncodeError(
      'INVALID_NAMESPACE',
      'Envelope',
      `"${String(namespace).slice(0, 80)}" is not urn:dslforum-org:cwmp-1-N`,
    );
  }
  const codec = CODECS.get(body.type);
  if (codec === undefined) {
    throw new CwmpEncodeError(
      'UNKNOWN_MESSAGE_TYPE',
      'Body',
      `"${String(body.type).slice(0, 64)}" is not a CWMP message type`,
    );
  }
  const prefixes = PREFIXES[options.soapPrefix ?? 'soap-env'];
  const w = new XmlWriter(prefixes);
  const { env, enc, cwmp } = prefixes;
  if (options.xmlDeclaration ?? true) w.out += '<?xml version="1.0" encoding="UTF-8"?>\n';
  w.open(
    `${env}:Envelope`,
    ` xmlns:${env}="${SOAP_ENV_NS}" xmlns:${enc}="${SOAP_ENC_NS}" xmlns:xsd="${XSD_NS}" xmlns:xsi="${XSI_NS}" xmlns:${cwmp}="${escapeAttribute(namespace, 'Envelope')}"`,
  );
  encodeHeader(envelope.header ?? {}, w);
  w.open(`${env}:Body`);
  codec.encode(body, w);
  w.close(`${env}:Body`);
  w.close(`${env}:Envelope`);
  return w.out;
}

/** An envelope answering `request`: same namespace, its cwmp:ID echoed. */
export function replyTo<M extends CwmpMessage>(
  request: { readonly namespace: CwmpNamespace; readonly header: CwmpHeader },
  body: M,
): CwmpEnvelopeInput<M> {
  return {
    namespace: request.namespace,
    header: request.header.id === undefined ? {} : { id: request.header.id },
    body,
  };
}
