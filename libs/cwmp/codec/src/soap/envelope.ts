import type { DecodeContext } from '../codecs/fields.js';
import { warn } from '../codecs/fields.js';
import { faultCodec } from '../codecs/message.js';
import { METHOD_CODECS } from '../codecs/table.js';
import type { DecodeErrorCode } from '../errors.js';
import type { CwmpMessage } from '../messages/message.js';
import type { NamespaceScope, XmlElement } from '../xml/types.js';
import type { CwmpHeader, EnvelopeHeaderInfo } from './header.js';
import { decodeHeader } from './header.js';
import type { CwmpNamespace } from './namespaces.js';
import { CWMP_NAMESPACES, cwmpMinorVersion, isCwmpNamespace, SOAP_ENV_NS } from './namespaces.js';

/** A decoded (or to-be-encoded) CWMP envelope: the namespace to answer in, the header, the message. */
export interface CwmpEnvelope<M extends CwmpMessage = CwmpMessage> {
  readonly namespace: CwmpNamespace;
  readonly header: CwmpHeader;
  readonly body: M;
}

export type EnvelopeOutcome =
  | { readonly kind: 'message'; readonly envelope: CwmpEnvelope }
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'error';
      readonly code: DecodeErrorCode;
      readonly detail: string;
      readonly envelope?: EnvelopeHeaderInfo;
      readonly method?: string;
    };

/** A cwmp namespace declared anywhere in scope (used for a SOAP Fault that carries no cwmp element). */
function declaredCwmpNamespace(scope: NamespaceScope | undefined): CwmpNamespace | undefined {
  for (let s = scope; s !== undefined; s = s.parent) if (isCwmpNamespace(s.uri)) return s.uri;
  return undefined;
}

function soapChild(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name && c.ns === SOAP_ENV_NS);
}

export function decodeEnvelope(root: XmlElement, ctx: DecodeContext): EnvelopeOutcome {
  if (root.ns !== SOAP_ENV_NS || root.name !== 'Envelope') {
    return {
      kind: 'error',
      code: 'NOT_SOAP_ENVELOPE',
      detail: `root element is {${root.ns.slice(0, 80)}}${root.name.slice(0, 64)}, not {${SOAP_ENV_NS}}Envelope`,
    };
  }
  const headerEl = soapChild(root, 'Header');
  const decoded = headerEl === undefined ? { header: {}, namespace: undefined } : decodeHeader(headerEl, ctx);
  const { header } = decoded;
  const body = soapChild(root, 'Body');
  if (body === undefined) {
    return {
      kind: 'error',
      code: 'MISSING_BODY',
      detail: 'the Envelope has no Body',
      envelope: { namespace: decoded.namespace, header },
    };
  }
  const method = body.children[0];
  if (method === undefined) {
    warn(ctx, 'EMPTY_BODY', 'Body', 'the SOAP Body is empty');
    return { kind: 'empty' };
  }
  if (body.children.length > 1) {
    warn(
      ctx,
      'MULTIPLE_BODY_ELEMENTS',
      'Body',
      `${body.children.length} elements in the Body; only <${method.name}> was decoded`,
    );
  }

  if (method.ns === SOAP_ENV_NS && method.name === 'Fault') {
    const detailNs =
      method.children.find((c) => c.name === 'detail')?.children.find((c) => c.name === 'Fault')?.ns ?? '';
    const namespace =
      (isCwmpNamespace(detailNs) ? detailNs : undefined) ??
      decoded.namespace ??
      declaredCwmpNamespace(method.scope) ??
      CWMP_NAMESPACES['1.0'];
    return { kind: 'message', envelope: { namespace, header, body: faultCodec.decode(method, ctx) } };
  }

  const minor = cwmpMinorVersion(method.ns);
  if (minor === undefined) {
    return {
      kind: 'error',
      code: 'NOT_CWMP',
      detail: `body element {${method.ns.slice(0, 80)}}${method.name.slice(0, 64)} is not in a urn:dslforum-org:cwmp-1-N namespace`,
      envelope: { namespace: decoded.namespace, header },
    };
  }
  const namespace = method.ns as CwmpNamespace;
  if (minor > 4)
    warn(
      ctx,
      'UNKNOWN_CWMP_VERSION',
      'Body',
      `namespace ${namespace} is newer than CWMP 1.4; decoded as 1.4`,
    );
  const codec = METHOD_CODECS.get(method.name);
  if (codec === undefined) {
    return {
      kind: 'error',
      code: 'UNKNOWN_METHOD',
      detail: `cwmp:${method.name.slice(0, 64)} is not a CWMP method this library knows`,
      envelope: { namespace, header },
      method: method.name,
    };
  }
  return { kind: 'message', envelope: { namespace, header, body: codec.decode(method, ctx) } };
}
