import type { Fault } from '../messages/fault.js';
import type { CwmpMessage } from '../messages/message.js';
import type { XmlElement } from '../xml/types.js';
import type { XmlWriter } from '../xml/writer.js';
import type { DecodeContext, Fields } from './fields.js';
import { struct, warn } from './fields.js';
import { decodeFaultDetail, encodeFaultDetail } from './fault-detail.js';

/** Decodes the body element into a message, and writes a message as the body element. */
export interface MessageCodec<M extends CwmpMessage> {
  decode(el: XmlElement, ctx: DecodeContext): M;
  encode(message: M, w: XmlWriter): void;
}

/** A CWMP method element (`cwmp:<type>`) whose children are the fields, in order. */
export function message<M extends CwmpMessage>(
  type: M['type'],
  fields: Fields<Omit<M, 'type'>>,
): MessageCodec<M> {
  const codec = struct(fields);
  return {
    decode: (el, ctx) => codec.decode(el, ctx, type, { type }) as M,
    encode(m, w) {
      const name = `${w.prefixes.cwmp}:${type}`;
      w.open(name);
      codec.encodeChildren(m, w, type);
      w.close(name);
    },
  };
}

function childText(el: XmlElement, name: string): string | undefined {
  for (const c of el.children) if (c.name === name) return c.text;
  return undefined;
}

/** The child's text in any spelling (`FaultCode` for `faultcode`): only to find a fault code. */
function anyCaseText(el: XmlElement, name: string): string | undefined {
  for (const c of el.children) if (c.name.toLowerCase() === name) return c.text;
  return undefined;
}

/**
 * The SOAP Fault (in the envelope namespace, children unqualified), with the cwmp:Fault detail.
 * faultcode is a QName in SOAP 1.1; TR-069 writes it unprefixed (`Client`, `Server`), and so do we.
 */
export const faultCodec: MessageCodec<Fault> = {
  decode(el, ctx) {
    const faultcodeRaw = childText(el, 'faultcode');
    const faultstring = childText(el, 'faultstring');
    if (faultcodeRaw === undefined) warn(ctx, 'MISSING_ELEMENT', 'Fault/faultcode', '<faultcode> is missing');
    if (faultstring === undefined)
      warn(ctx, 'MISSING_ELEMENT', 'Fault/faultstring', '<faultstring> is missing');
    const code = (faultcodeRaw ?? '').trim();
    const texts = {
      faultcode: faultcodeRaw ?? anyCaseText(el, 'faultcode'),
      faultstring: faultstring ?? anyCaseText(el, 'faultstring'),
    };
    return {
      type: 'Fault',
      faultcode: code.slice(code.lastIndexOf(':') + 1),
      faultstring: faultstring ?? '',
      detail: decodeFaultDetail(el, texts, ctx),
    };
  },
  encode(m, w) {
    const env = w.prefixes.env;
    w.open(`${env}:Fault`);
    w.leaf('faultcode', m.faultcode, 'Fault');
    w.leaf('faultstring', m.faultstring, 'Fault');
    if (m.detail !== undefined) {
      w.open('detail');
      w.open(`${w.prefixes.cwmp}:Fault`);
      encodeFaultDetail(m.detail, w, 'Fault/detail/Fault');
      w.close(`${w.prefixes.cwmp}:Fault`);
      w.close('detail');
    }
    w.close(`${env}:Fault`);
  },
};
