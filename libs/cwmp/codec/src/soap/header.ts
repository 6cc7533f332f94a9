import type { DecodeContext } from '../codecs/fields.js';
import { invalid, warn } from '../codecs/fields.js';
import { readBoolean, readUnsignedInt } from '../values.js';
import type { XmlElement } from '../xml/types.js';
import type { XmlWriter } from '../xml/writer.js';
import type { CwmpNamespace } from './namespaces.js';
import { isCwmpNamespace, isSoapNamespace } from './namespaces.js';

/** The cwmp SOAP header elements (TR-069 A.4.1 ... ); each is present only when sent. */
export interface CwmpHeader {
  /** cwmp:ID: a CPE request's ID must be echoed in the ACS's response (mustUnderstand="1"). */
  readonly id?: string;
  /** ACS -> CPE only; deprecated in later amendments. */
  readonly holdRequests?: boolean;
  /** CWMP 1.3+: the session timeout the CPE asks for, in seconds. */
  readonly sessionTimeout?: number;
  /** TR-069 Issue 1 only; tolerated on input (with a DEPRECATED_HEADER warning). */
  readonly noMoreRequests?: boolean;
  /** CWMP 1.4 negotiation: the versions a CPE supports, as sent (e.g. "1.0,1.1,1.2,1.3,1.4"). */
  readonly supportedCwmpVersions?: string;
  /** CWMP 1.4 negotiation: the version the ACS chose (e.g. "1.4"). */
  readonly useCwmpVersion?: string;
}

/** The envelope facts a gateway needs to answer, even when the body could not be decoded. */
export interface EnvelopeHeaderInfo {
  readonly namespace: CwmpNamespace | undefined;
  readonly header: CwmpHeader;
}

type MutableHeader = { -readonly [K in keyof CwmpHeader]: CwmpHeader[K] };

function mustUnderstand(el: XmlElement): string {
  for (const a of el.attributes) if (a.name === 'mustUnderstand' && isSoapNamespace(a.ns)) return a.value;
  return '0';
}

export function decodeHeader(
  el: XmlElement,
  ctx: DecodeContext,
): { header: CwmpHeader; namespace: CwmpNamespace | undefined } {
  const header: MutableHeader = {};
  let namespace: CwmpNamespace | undefined;
  for (const child of el.children) {
    const path = `Header/${child.name}`;
    if (!isCwmpNamespace(child.ns)) {
      warn(
        ctx,
        'UNKNOWN_HEADER',
        path,
        `{${child.ns.slice(0, 80)}}${child.name} (mustUnderstand=${mustUnderstand(child)}) ignored`,
      );
      continue;
    }
    namespace ??= child.ns;
    switch (child.name) {
      case 'ID':
        header.id = child.text;
        break;
      case 'HoldRequests':
      case 'NoMoreRequests': {
        const r = readBoolean(child.text);
        if (!r.ok) warn(ctx, 'INVALID_VALUE', path, r.reason);
        else if (child.name === 'HoldRequests') header.holdRequests = r.value;
        else {
          header.noMoreRequests = r.value;
          warn(ctx, 'DEPRECATED_HEADER', path, 'NoMoreRequests is deprecated (TR-069 Issue 1 only)');
        }
        break;
      }
      case 'SessionTimeout': {
        const r = readUnsignedInt(child.text);
        if (r.ok) header.sessionTimeout = r.value;
        else warn(ctx, 'INVALID_VALUE', path, r.reason);
        break;
      }
      case 'SupportedCWMPVersions':
        header.supportedCwmpVersions = child.text.trim();
        break;
      case 'UseCWMPVersion':
        header.useCwmpVersion = child.text.trim();
        break;
      default:
        warn(
          ctx,
          'UNKNOWN_HEADER',
          path,
          `cwmp:${child.name} (mustUnderstand=${mustUnderstand(child)}) ignored`,
        );
    }
  }
  return { header, namespace };
}

function isEmpty(header: CwmpHeader): boolean {
  return (
    header.id === undefined &&
    header.holdRequests === undefined &&
    header.sessionTimeout === undefined &&
    header.noMoreRequests === undefined &&
    header.supportedCwmpVersions === undefined &&
    header.useCwmpVersion === undefined
  );
}

/** Writes the Header element, or nothing when no header field is set. */
export function encodeHeader(header: CwmpHeader, w: XmlWriter): void {
  if (isEmpty(header)) return;
  const { env, cwmp } = w.prefixes;
  const mu1 = ` ${env}:mustUnderstand="1"`;
  w.open(`${env}:Header`);
  if (header.id !== undefined) {
    w.open(`${cwmp}:ID`, mu1);
    w.text(header.id, 'Header/ID');
    w.close(`${cwmp}:ID`);
  }
  if (header.holdRequests !== undefined) {
    w.open(`${cwmp}:HoldRequests`, mu1);
    w.text(header.holdRequests ? '1' : '0', 'Header/HoldRequests');
    w.close(`${cwmp}:HoldRequests`);
  }
  if (header.sessionTimeout !== undefined) {
    const t = header.sessionTimeout;
    if (!Number.isInteger(t) || t < 0 || t > 4294967295)
      throw invalid('Header/SessionTimeout', `${t} is not an xsd:unsignedInt`);
    w.leaf(`${cwmp}:SessionTimeout`, String(header.sessionTimeout), 'Header');
  }
  if (header.supportedCwmpVersions !== undefined) {
    w.leaf(`${cwmp}:SupportedCWMPVersions`, header.supportedCwmpVersions, 'Header');
  }
  if (header.useCwmpVersion !== undefined) {
    w.open(`${cwmp}:UseCWMPVersion`, mu1);
    w.text(header.useCwmpVersion, 'Header/UseCWMPVersion');
    w.close(`${cwmp}:UseCWMPVersion`);
  }
  if (header.noMoreRequests !== undefined) {
    w.leaf(`${cwmp}:NoMoreRequests`, header.noMoreRequests ? '1' : '0', 'Header');
  }
  w.close(`${env}:Header`);
}
