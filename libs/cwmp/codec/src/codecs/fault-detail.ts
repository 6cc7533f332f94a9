import type { CwmpFaultDetail, SetParameterValuesFault } from '../messages/fault.js';
import { classifyFaultCode } from '../faults.js';
import { isCwmpChildNamespace } from '../soap/namespaces.js';
import type { XmlElement } from '../xml/types.js';
import type { XmlWriter } from '../xml/writer.js';
import type { DecodeContext } from './fields.js';
import { checkArray, optional, stringField, struct, warn } from './fields.js';
import { faultCode } from './structs.js';

/**
 * Finding the cwmp:Fault of a SOAP fault where CPEs really put it. TR-069 A.2.2.1 wants
 * soap:Fault/detail/cwmp:Fault; stacks also write it straight under soap:Fault, inside faultstring,
 * under `Detail`, behind a wrapper, with fields in another case or namespace, or only as a number in
 * faultcode / faultstring. The fault's code is what the ACS acts on, so it is looked for in all of
 * those (breadth first, within a small bound), and a misplacement is a warning, not a lost code.
 */

/** Levels below soap:Fault searched (faultstring/detail/Fault is 3), and elements looked at. */
export const FAULT_SEARCH_DEPTH = 6;
export const FAULT_SEARCH_ELEMENTS = 256;

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

export function encodeFaultDetail(detail: CwmpFaultDetail, w: XmlWriter, path: string): void {
  cwmpFaultDetail.encodeChildren(detail, w, path);
}

const spelling = (names: readonly string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));
const DETAIL_FIELDS = spelling(['FaultCode', 'FaultString', 'SetParameterValuesFault']);
const ENTRY_FIELDS = spelling(['ParameterName', 'FaultCode', 'FaultString']);

/** The cwmp:Fault detail of a soap:Fault element, or undefined when it carries no code at all. */
export function decodeFaultDetail(
  soapFault: XmlElement,
  texts: { readonly faultcode: string | undefined; readonly faultstring: string | undefined },
  ctx: DecodeContext,
): CwmpFaultDetail | undefined {
  const found = findHolder(soapFault);
  let detail: CwmpFaultDetail | undefined;
  if (found !== undefined) {
    const { el, renamed } = canonical(found.el, DETAIL_FIELDS, ENTRY_FIELDS);
    detail = cwmpFaultDetail.decode(el, ctx, 'Fault/detail/Fault');
    if (renamed || found.path !== 'Fault/detail/Fault')
      warn(ctx, 'FAULT_DETAIL_MISPLACED', found.path, 'the cwmp:Fault detail was read where it was found');
  }
  if (detail !== undefined && detail.faultCode !== 0) return detail;
  // No usable FaultCode: a code written as faultcode or at the start of faultstring is the CPE's.
  const code = codeOfFaultcode(texts.faultcode) ?? codeOfFaultstring(texts.faultstring);
  if (code !== undefined) {
    warn(ctx, 'FAULT_DETAIL_MISPLACED', 'Fault', `fault code ${code} read from faultcode or faultstring`);
    return { faultString: texts.faultstring, setParameterValuesFault: [], ...detail, faultCode: code };
  }
  if (detail === undefined)
    warn(ctx, 'MISSING_ELEMENT', 'Fault/detail/Fault', 'no cwmp:Fault in the SOAP fault');
  return detail;
}

/**
 * The shallowest element below soap:Fault with a FaultCode child (any case): cwmp:Fault, or a detail
 * holding its fields directly. Breadth first and bounded, so a deep or wide document costs little.
 */
function findHolder(soapFault: XmlElement): { el: XmlElement; path: string } | undefined {
  let level: { el: XmlElement; path: string }[] = [{ el: soapFault, path: 'Fault' }];
  let seen = 0;
  for (let depth = 1; depth <= FAULT_SEARCH_DEPTH && level.length > 0; depth++) {
    const next: { el: XmlElement; path: string }[] = [];
    for (const parent of level) {
      for (const el of parent.el.children) {
        if (++seen > FAULT_SEARCH_ELEMENTS) return undefined;
        const path = `${parent.path}/${el.name}`;
        if (el.children.some((c) => c.name.toLowerCase() === 'faultcode')) return { el, path };
        next.push({ el, path });
      }
    }
    level = next;
  }
  return undefined;
}

/** A copy whose known fields carry their schema spelling and no foreign namespace. */
function canonical(
  el: XmlElement,
  fields: ReadonlyMap<string, string>,
  entryFields: ReadonlyMap<string, string> | undefined,
): { el: XmlElement; renamed: boolean } {
  let renamed = false;
  const children = el.children.map((child) => {
    const name = fields.get(child.name.toLowerCase());
    if (name === undefined) return child;
    let out = child;
    if (name === 'SetParameterValuesFault' && entryFields !== undefined) {
      const inner = canonical(child, entryFields, undefined);
      renamed ||= inner.renamed;
      out = inner.el;
    }
    if (name === child.name && isCwmpChildNamespace(child.ns)) return out;
    renamed = true;
    return { ...out, name, ns: '' };
  });
  return { el: { ...el, children }, renamed };
}

function cwmpCode(text: string): number | undefined {
  const code = Number(text);
  return classifyFaultCode(code) === 'invalid' ? undefined : code;
}

/** `9005` or `soap:9005` as faultcode (a QName in SOAP 1.1, hence the prefix). */
function codeOfFaultcode(text: string | undefined): number | undefined {
  const local = text?.trim().split(':').pop() ?? '';
  return /^\d{4}$/.test(local) ? cwmpCode(local) : undefined;
}

/** `9005 Invalid parameter name`: a code only as the first word, never a number inside the text. */
function codeOfFaultstring(text: string | undefined): number | undefined {
  const m = /^\s*(\d{4})(?![\d.])/.exec(text?.slice(0, 256) ?? '');
  return m?.[1] === undefined ? undefined : cwmpCode(m[1]);
}
