import type {
  InstallOpStruct,
  OperationStruct,
  UninstallOpStruct,
  UpdateOpStruct,
} from '../messages/structs.js';
import { isXsiNamespace } from '../soap/namespaces.js';
import type { XmlElement } from '../xml/types.js';
import type { DecodeContext, RepeatedFieldCodec, StructCodec } from './fields.js';
import { checkArray, invalid, optional, stringField, struct, warn } from './fields.js';

/**
 * ChangeDUState's Operations and DUStateChangeComplete's Results. cwmp-1-2.xsd makes them repeated
 * elements (`<Operations xsi:type="cwmp:InstallOpStruct">`, `<Results>`); some CPEs and ACSs wrap them
 * as an array instead (`<Operations><InstallOpStruct>...`). Both are decoded; the schema form is written.
 */

const install = struct<Omit<InstallOpStruct, 'operation'>>({
  url: stringField('URL'),
  uuid: optional(stringField('UUID')),
  username: optional(stringField('Username')),
  password: optional(stringField('Password')),
  executionEnvRef: optional(stringField('ExecutionEnvRef')),
});

const update = struct<Omit<UpdateOpStruct, 'operation'>>({
  uuid: optional(stringField('UUID')),
  version: optional(stringField('Version')),
  url: optional(stringField('URL')),
  username: optional(stringField('Username')),
  password: optional(stringField('Password')),
});

const uninstall = struct<Omit<UninstallOpStruct, 'operation'>>({
  uuid: stringField('UUID'),
  version: optional(stringField('Version')),
  executionEnvRef: optional(stringField('ExecutionEnvRef')),
});

const OPERATION_TYPES = new Map<string, OperationStruct['operation']>([
  ['InstallOpStruct', 'Install'],
  ['UpdateOpStruct', 'Update'],
  ['UninstallOpStruct', 'Uninstall'],
]);

function xsiTypeLocalName(el: XmlElement): string | undefined {
  for (const a of el.attributes) {
    if (a.name === 'type' && isXsiNamespace(a.ns)) return a.value.slice(a.value.indexOf(':') + 1).trim();
  }
  return undefined;
}

function decodeOperation(
  el: XmlElement,
  kind: OperationStruct['operation'],
  ctx: DecodeContext,
  path: string,
): OperationStruct {
  switch (kind) {
    case 'Install':
      return { operation: kind, ...install.decode(el, ctx, path) };
    case 'Update':
      return { operation: kind, ...update.decode(el, ctx, path) };
    case 'Uninstall':
      return { operation: kind, ...uninstall.decode(el, ctx, path) };
  }
}

export function operationsField(element: string): RepeatedFieldCodec<readonly OperationStruct[]> {
  return {
    element,
    repeated: true,
    decodeAll(els, ctx, parent) {
      const path = `${parent}/${element}`;
      const out: OperationStruct[] = [];
      for (const el of els) {
        const kind = OPERATION_TYPES.get(xsiTypeLocalName(el) ?? '');
        if (kind !== undefined) {
          out.push(decodeOperation(el, kind, ctx, path));
          continue;
        }
        const wrapped = el.children.filter((c) => OPERATION_TYPES.has(c.name));
        if (wrapped.length === 0)
          warn(
            ctx,
            'INVALID_VALUE',
            path,
            'an operation without xsi:type InstallOpStruct, UpdateOpStruct or UninstallOpStruct; ignored',
          );
        for (const c of wrapped)
          out.push(decodeOperation(c, OPERATION_TYPES.get(c.name) ?? 'Install', ctx, `${path}/${c.name}`));
      }
      if (els.length === 0) warn(ctx, 'MISSING_ELEMENT', path, `<${element}> is missing`);
      return out;
    },
    encode(ops, w, parent) {
      const path = `${parent}/${element}`;
      checkArray(ops, path);
      for (const op of ops) {
        w.open(element, ` xsi:type="${w.prefixes.cwmp}:${op.operation}OpStruct"`);
        switch (op.operation) {
          case 'Install':
            install.encodeChildren(op, w, path);
            break;
          case 'Update':
            update.encodeChildren(op, w, path);
            break;
          case 'Uninstall':
            uninstall.encodeChildren(op, w, path);
            break;
          default:
            throw invalid(path, `unknown operation ${String((op as { operation: unknown }).operation)}`);
        }
        w.close(element);
      }
    },
  };
}

/** Repeated result elements; `arrayItemNames` are the item names of the array form some peers send. */
export function resultsField<T>(
  element: string,
  codec: StructCodec<T>,
  arrayItemNames: readonly string[],
): RepeatedFieldCodec<readonly T[]> {
  return {
    element,
    repeated: true,
    decodeAll(els, ctx, parent) {
      const path = `${parent}/${element}`;
      const out: T[] = [];
      for (const el of els) {
        const wrapped = el.children.filter((c) => arrayItemNames.includes(c.name));
        if (wrapped.length > 0) for (const c of wrapped) out.push(codec.decode(c, ctx, `${path}/${c.name}`));
        else out.push(codec.decode(el, ctx, path));
      }
      if (els.length === 0) warn(ctx, 'MISSING_ELEMENT', path, `<${element}> is missing`);
      return out;
    },
    encode(results, w, parent) {
      const path = `${parent}/${element}`;
      checkArray(results, path);
      for (const r of results) {
        w.open(element);
        codec.encodeChildren(r, w, path);
        w.close(element);
      }
    },
  };
}
