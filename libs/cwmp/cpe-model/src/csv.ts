/**
 * The genieacs-sim device dumps (models/*.csv), in both of their column layouts:
 *   Parameter,Object,Writable,Value,Value type
 *   Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,
 *     Notification,Notification timestamp,Access list,Access list timestamp
 * Columns are found by header name, so either layout (or a reordering) reads the same.
 */

/** One device parameter or object as dumped; paths have no trailing '.' in the files. */
export interface DumpRow {
  readonly path: string;
  readonly object: boolean;
  readonly writable: boolean;
  readonly value: string;
  /** e.g. 'xsd:string'; '' when the exporter never read the value. */
  readonly type: string;
  readonly notification: number;
  readonly accessList: readonly string[];
}

/** What the device sends as Inform DeviceId, from the exporter's DeviceID.* rows. */
export interface DumpIdentity {
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
}

export interface DeviceDump {
  readonly identity: DumpIdentity;
  readonly rows: readonly DumpRow[];
}

export class DeviceCsvError extends Error {
  override readonly name = 'DeviceCsvError';
}

/** RFC 4180 records: quoted fields, "" inside quotes, CRLF or LF, newlines inside quotes. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const IDENTITY_FIELDS = new Map<string, keyof DumpIdentity>([
  ['DeviceID.Manufacturer', 'manufacturer'],
  ['DeviceID.OUI', 'oui'],
  ['DeviceID.ProductClass', 'productClass'],
  ['DeviceID.SerialNumber', 'serialNumber'],
]);

function column(header: readonly string[], name: string, required: boolean): number {
  const index = header.indexOf(name);
  if (index < 0 && required) throw new DeviceCsvError(`the CSV has no "${name}" column`);
  return index;
}

/** Parses a dump; throws DeviceCsvError when a required column or DeviceID row is missing. */
export function parseDeviceCsv(text: string): DeviceDump {
  const [header, ...records] = parseCsvRecords(text);
  if (header === undefined) throw new DeviceCsvError('the CSV is empty');
  const col = {
    path: column(header, 'Parameter', true),
    object: column(header, 'Object', true),
    writable: column(header, 'Writable', true),
    value: column(header, 'Value', true),
    type: column(header, 'Value type', true),
    notification: column(header, 'Notification', false),
    accessList: column(header, 'Access list', false),
  };
  const cell = (r: readonly string[], i: number): string => (i < 0 ? '' : (r[i] ?? ''));
  const identity = new Map<keyof DumpIdentity, string>();
  const rows: DumpRow[] = [];
  for (const r of records) {
    const path = cell(r, col.path);
    if (path === '') continue;
    if (path.startsWith('DeviceID.')) {
      const field = IDENTITY_FIELDS.get(path);
      if (field !== undefined) identity.set(field, cell(r, col.value));
      continue;
    }
    if (path.startsWith('Events.')) continue;
    const notification = Number.parseInt(cell(r, col.notification), 10);
    const access = cell(r, col.accessList);
    rows.push({
      path,
      object: cell(r, col.object) === 'true',
      writable: cell(r, col.writable) === 'true',
      value: cell(r, col.value),
      type: cell(r, col.type),
      notification: Number.isInteger(notification) ? notification : 0,
      accessList: access === '' ? [] : access.split(','),
    });
  }
  const get = (field: keyof DumpIdentity, required: boolean): string => {
    const v = identity.get(field);
    if (v === undefined && required) throw new DeviceCsvError(`the CSV has no DeviceID row for ${field}`);
    return v ?? '';
  };
  return {
    identity: {
      manufacturer: get('manufacturer', false),
      oui: get('oui', true),
      productClass: get('productClass', false),
      serialNumber: get('serialNumber', true),
    },
    rows,
  };
}
