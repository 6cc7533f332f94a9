import { isXsdNamespace, isXsiNamespace, SOAP_ENC_NS } from '../soap/namespaces.js';
import type { ParameterValueStruct } from '../messages/structs.js';
import type { XmlElement } from '../xml/types.js';
import { resolvePrefix } from '../xml/types.js';
import { escapeAttribute } from '../xml/writer.js';
import type { DecodeContext, FieldCodec } from './fields.js';
import { checkArray, checkArrayType, invalid, warn } from './fields.js';

/**
 * ParameterValueStruct lists: the hot path (an Inform carries ~10, a full GetParameterValuesResponse
 * thousands), so this is written out by hand instead of composed from the generic struct codec.
 */

const XSI_TYPE = /^(?:xsd|soap-enc):[A-Za-z][A-Za-z0-9]*$/;

/** The xsi:type of a Value as 'xsd:<local>' when its prefix is bound to XML Schema. */
function valueType(value: XmlElement, ctx: DecodeContext, path: string): string | undefined {
  for (const a of value.attributes) {
    if (a.name !== 'type' || !isXsiNamespace(a.ns)) continue;
    const raw = a.value.trim();
    const colon = raw.indexOf(':');
    if (colon === -1) return raw;
    const prefix = raw.slice(0, colon);
    const ns = resolvePrefix(value.scope, prefix);
    if (ns !== undefined && isXsdNamespace(ns)) return `xsd:${raw.slice(colon + 1)}`;
    if (ns === SOAP_ENC_NS) return `soap-enc:${raw.slice(colon + 1)}`;
    if (ns === undefined)
      warn(
        ctx,
        'UNRESOLVED_XSI_TYPE',
        path,
        `prefix "${prefix.slice(0, 40)}" of xsi:type "${raw.slice(0, 80)}" is not bound`,
      );
    return raw;
  }
  return undefined;
}

function decodeParameterValue(
  el: XmlElement,
  index: number,
  ctx: DecodeContext,
  listPath: string,
): ParameterValueStruct {
  let name: XmlElement | undefined;
  let value: XmlElement | undefined;
  for (const child of el.children) {
    if (child.name === 'Name' && name === undefined) name = child;
    else if (child.name === 'Value' && value === undefined) value = child;
    else
      warn(
        ctx,
        'UNKNOWN_ELEMENT',
        `${listPath}/${el.name}[${index}]/${child.name}`,
        `<${child.name}> ignored`,
      );
  }
  if (name === undefined)
    warn(ctx, 'MISSING_ELEMENT', `${listPath}/${el.name}[${index}]/Name`, '<Name> is missing');
  if (value === undefined) {
    warn(ctx, 'MISSING_ELEMENT', `${listPath}/${el.name}[${index}]/Value`, '<Value> is missing');
    return { name: name?.text ?? '', value: '', type: undefined };
  }
  return {
    name: name?.text ?? '',
    value: value.text,
    type: valueType(value, ctx, `${listPath}/${el.name}[${index}]/Value`),
  };
}

export function parameterValueList(element: string): FieldCodec<readonly ParameterValueStruct[]> {
  return {
    element,
    decode(el, ctx, parent) {
      const path = `${parent}/${element}`;
      if (el === undefined) {
        warn(ctx, 'MISSING_ELEMENT', path, `<${element}> is missing`);
        return [];
      }
      const children = el.children;
      const out: ParameterValueStruct[] = new Array<ParameterValueStruct>(children.length);
      const seen = new Set<string>();
      for (let i = 0; i < children.length; i++) {
        const pv = decodeParameterValue(children[i] as XmlElement, i, ctx, path);
        if (seen.has(pv.name))
          warn(
            ctx,
            'DUPLICATE_PARAMETER',
            `${path}[${i}]`,
            `"${pv.name.slice(0, 256)}" is listed more than once`,
          );
        else seen.add(pv.name);
        out[i] = pv;
      }
      checkArrayType(el, out.length, ctx, path);
      return out;
    },
    encode(list, w, parent) {
      const path = `${parent}/${element}`;
      checkArray(list, path);
      w.open(
        element,
        ` ${w.prefixes.enc}:arrayType="${w.prefixes.cwmp}:ParameterValueStruct[${list.length}]"`,
      );
      for (const pv of list) {
        if (typeof pv.name !== 'string' || typeof pv.value !== 'string')
          throw invalid(path, 'Name and Value must be strings');
        w.open('ParameterValueStruct');
        w.leaf('Name', pv.name, path);
        if (pv.type === undefined) {
          w.leaf('Value', pv.value, path);
        } else {
          if (!XSI_TYPE.test(pv.type))
            throw invalid(
              `${path}/Value`,
              `xsi:type "${pv.type.slice(0, 40)}" is not an xsd: or soap-enc: type`,
            );
          const type = pv.type.startsWith('soap-enc:') ? `${w.prefixes.enc}${pv.type.slice(8)}` : pv.type;
          w.open('Value', ` xsi:type="${escapeAttribute(type, path)}"`);
          w.text(pv.value, path);
          w.close('Value');
        }
        w.close('ParameterValueStruct');
      }
      w.close(element);
    },
  };
}
