import type { CwmpNamespace } from '@headend/cwmp-codec';
import { parseDeviceCsv } from './csv.js';
import type { DeviceIdentity } from './identity.js';
import type { BaseTree } from './tree.js';
import { buildBaseTree } from './tree.js';

/** A device model: its shared parameter tree and the identity of the device it was read from. */
export interface CpeModel {
  readonly name: string;
  readonly base: BaseTree;
  readonly identity: DeviceIdentity;
  /** The cwmp namespace devices of this model speak. */
  readonly namespace: CwmpNamespace;
}

export interface BundledModel {
  readonly name: string;
  readonly file: string;
  readonly namespace: CwmpNamespace;
}

/** The real device dumps in models/ (see models/ORIGIN.md). */
export const BUNDLED_MODELS: readonly BundledModel[] = [
  {
    name: 'huawei-eg8145v5',
    file: 'huawei-eg8145v5_tr098_640-params.csv',
    namespace: 'urn:dslforum-org:cwmp-1-0',
  },
  { name: 'bm632w', file: 'bm632w_tr098_1000-params.csv', namespace: 'urn:dslforum-org:cwmp-1-0' },
  {
    name: 'tplink-ec220-g5',
    file: 'tplink-ec220-g5_tr181_940-params.csv',
    namespace: 'urn:dslforum-org:cwmp-1-2',
  },
  {
    name: 'tplink-xx230v',
    file: 'tplink-xx230v_tr181_6400-params.csv',
    namespace: 'urn:dslforum-org:cwmp-1-2',
  },
];

/** Where the bundled CSVs are; the library reads no files itself, its callers do. */
export const MODELS_DIRECTORY: URL = new URL('../models/', import.meta.url);

/** Builds a model from a dump's text. */
export function modelFromCsv(
  name: string,
  csvText: string,
  namespace: CwmpNamespace = 'urn:dslforum-org:cwmp-1-0',
): CpeModel {
  const dump = parseDeviceCsv(csvText);
  return { name, base: buildBaseTree(dump.rows), identity: dump.identity, namespace };
}
