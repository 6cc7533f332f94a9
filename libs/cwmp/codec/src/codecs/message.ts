import type { CwmpFaultDetail, Fault, SetParameterValuesFault } from '../messages/fault.js';
import type { CwmpMessage } from '../messages/message.js';
import type { XmlElement } from '../xml/types.js';
import type { XmlWriter } from '../xml/writer.js';
import type { DecodeContext, Fields } from './fields.js';
import { checkArray, optional, stringField, struct, warn } from './fields.js';
import { faultCode } from './structs.js';

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

const setParameterValuesFault = struct<SetParameterValuesFault>({
  parameterName: stringField('ParameterName'),
  faultCode: faultCode(false),
  faultString: optional(stringField('FaultString')),
});

const cwmpFaultDetail = struct<CwmpFaultDetail>({
  faultCode: faultCode(false),
  faultString: optional(stringField('FaultString')),
  setParameterValuesFault: {
    element: 'SetParameterValuesFault',
    repeated: true,
    decodeAll: (els, ctx, parent) =>
      els.map((el, i) => setParameterValuesFault.decode(el, ctx, `${parent}/SetParameterValuesFault[${i}]`)),
    encode(list, w, parent) {
      checkArray(list, `${parent}/SetParameterValuesFault`);
      for (const f of list) {
        w.open('SetParameterValuesFault');
        setParameterValuesFault.encodeChildren(f, w, `${parent}/SetParameterValuesFault`);
        w.close('SetParameterValuesFault');
      }
    },
  },
});

function childText(el: XmlElement, name: string): string | undefined {
  for (const c of el.children) if (c.name === name) return c.text;
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
    const detailEl = el.children.find((c) => c.name === 'detail');
    const cwmpFault = detailEl?.children.find((c) => c.name === 'Fault');
    return {
      type: 'Fault',
      faultcode: code.slice(code.lastIndexOf(':') + 1),
      faultstring: faultstring ?? '',
      detail:
        cwmpFault === undefined ? undefined : cwmpFaultDetail.decode(cwmpFault, ctx, 'Fault/detail/Fault'),
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
      cwmpFaultDetail.encodeChildren(m.detail, w, 'Fault/detail/Fault');
      w.close(`${w.prefixes.cwmp}:Fault`);
      w.close('detail');
    }
    w.close(`${env}:Fault`);
  },
};
