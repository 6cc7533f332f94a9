/** Just enough CSV (RFC 4180 quoting) to read the device-tree fixtures. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

export interface DeviceParameter {
  readonly name: string;
  readonly value: string;
  readonly type: string;
}

/** Leaf parameters of a genieacs-sim device CSV (objects and the exporter's DeviceID./Events. rows left out). */
export function deviceParameters(csv: string): DeviceParameter[] {
  const [header, ...rows] = parseCsv(csv);
  const col = (name: string): number => header?.indexOf(name) ?? -1;
  const [p, o, v, t] = [col('Parameter'), col('Object'), col('Value'), col('Value type')];
  return rows
    .filter((r) => r[o] === 'false' && !/^(DeviceID|Events)\./.test(r[p] ?? ''))
    .map((r) => ({ name: r[p] ?? '', value: r[v] ?? '', type: r[t] || 'xsd:string' }));
}
