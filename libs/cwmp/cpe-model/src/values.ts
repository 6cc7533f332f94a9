import {
  readBase64,
  readBoolean,
  readDateTime,
  readHexBinary,
  readInt,
  readLong,
  readUnsignedInt,
  readUnsignedLong,
} from '@headend/cwmp-codec';

/** TR-106's "unknown time", what a device reports for a time it does not have. */
export const UNKNOWN_TIME = '0001-01-01T00:00:00Z';

/** The xsi:type a leaf is reported with; dumps that did not record one are read as strings. */
export function reportedType(type: string): string {
  return type === '' ? 'xsd:string' : type;
}

/** Why a value does not fit its type, or undefined when it fits (or the type is not checked). */
export function invalidValueReason(type: string, value: string): string | undefined {
  const check = (r: { ok: boolean; reason?: string }): string | undefined =>
    r.ok ? undefined : (r.reason ?? `"${value.slice(0, 40)}" is not a valid ${type}`);
  switch (type) {
    case 'xsd:boolean':
      return check(readBoolean(value));
    case 'xsd:int':
      return check(readInt(value));
    case 'xsd:unsignedInt':
      return check(readUnsignedInt(value));
    case 'xsd:long':
      return check(readLong(value));
    case 'xsd:unsignedLong':
      return check(readUnsignedLong(value));
    case 'xsd:dateTime':
      return check(readDateTime(value));
    case 'xsd:base64':
      return check(readBase64(value));
    case 'xsd:hexBinary':
      return check(readHexBinary(value));
    default:
      return undefined;
  }
}

/** The value a freshly created instance starts with (AddObject). */
export function defaultValue(type: string): string {
  switch (type) {
    case 'xsd:boolean':
      return 'false';
    case 'xsd:int':
    case 'xsd:unsignedInt':
    case 'xsd:long':
    case 'xsd:unsignedLong':
      return '0';
    case 'xsd:dateTime':
      return UNKNOWN_TIME;
    default:
      return '';
  }
}
