import type { CwmpNamespace } from '@headend/cwmp-codec';
import { parseDeviceCsv } from './csv.js';
import { modelFromDataModel } from './datamodel.js';
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

/** A model in models/: a real device's dump, or a data model definition with a made-up identity. */
export type BundledModel =
  | {
      readonly source: 'dump';
      readonly name: string;
      readonly file: string;
      readonly namespace: CwmpNamespace;
    }
  | {
      readonly source: 'datamodel';
      readonly name: string;
      readonly file: string;
      readonly namespace: CwmpNamespace;
      readonly identity: DeviceIdentity;
      /** What the data model leaves to the device: versions, a periodic Inform. */
      readonly values: Readonly<Record<string, string>>;
    };

const GENERIC_MANUFACTURER = 'Headend cpe-sim';
/** Not a real vendor's OUI: the data-model devices belong to no manufacturer. */
const GENERIC_OUI = '000000';

/** The real device dumps and the data models in models/ (see models/ORIGIN.md). */
export const BUNDLED_MODELS: readonly BundledModel[] = [
  {
    source: 'dump',
    name: 'huawei-eg8145v5',
    file: 'huawei-eg8145v5_tr098_640-params.csv',
    namespace: 'urn:dslforum-org:cwmp-1-0',
  },
  {
    source: 'dump',
    name: 'bm632w',
    file: 'bm632w_tr098_1000-params.csv',
    namespace: 'urn:dslforum-org:cwmp-1-0',
  },
  {
    source: 'dump',
    name: 'tplink-ec220-g5',
    file: 'tplink-ec220-g5_tr181_940-params.csv',
    namespace: 'urn:dslforum-org:cwmp-1-2',
  },
  {
    source: 'dump',
    name: 'tplink-xx230v',
    file: 'tplink-xx230v_tr181_6400-params.csv',
    namespace: 'urn:dslforum-org:cwmp-1-2',
  },
  {
    source: 'datamodel',
    name: 'tr181-generic',
    file: 'tr-181-2-17-0_device-2-17_datamodel.csv',
    namespace: 'urn:dslforum-org:cwmp-1-2',
    identity: {
      manufacturer: GENERIC_MANUFACTURER,
      oui: GENERIC_OUI,
      productClass: 'TR181-Generic',
      serialNumber: 'HE181G000000001',
    },
    values: {
      'Device.RootDataModelVersion': '2.17',
      'Device.DeviceInfo.ModelName': 'TR-181 Device:2.17 generic',
      'Device.DeviceInfo.HardwareVersion': 'HW1.0',
      'Device.DeviceInfo.SoftwareVersion': 'SW2.17.0',
      'Device.ManagementServer.PeriodicInformEnable': 'true',
      'Device.ManagementServer.PeriodicInformInterval': '3600',
    },
  },
  {
    source: 'datamodel',
    name: 'tr098-generic',
    file: 'tr-098-1-8-0_igd-1-14_datamodel.csv',
    namespace: 'urn:dslforum-org:cwmp-1-0',
    identity: {
      manufacturer: GENERIC_MANUFACTURER,
      oui: GENERIC_OUI,
      productClass: 'TR098-Generic',
      serialNumber: 'HE098G000000001',
    },
    values: {
      'InternetGatewayDevice.DeviceSummary': 'InternetGatewayDevice:1.14[](Baseline:1)',
      'InternetGatewayDevice.DeviceInfo.SpecVersion': '1.0',
      'InternetGatewayDevice.DeviceInfo.ModelName': 'TR-098 InternetGatewayDevice:1.14 generic',
      'InternetGatewayDevice.DeviceInfo.HardwareVersion': 'HW1.0',
      'InternetGatewayDevice.DeviceInfo.SoftwareVersion': 'SW1.14.0',
      'InternetGatewayDevice.ManagementServer.PeriodicInformEnable': 'true',
      'InternetGatewayDevice.ManagementServer.PeriodicInformInterval': '3600',
    },
  },
];

/** Where the bundled files are; the library reads no files itself, its callers do. */
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

/** Builds a bundled model from its file's text, whichever kind it is. */
export function modelFromBundledText(entry: BundledModel, text: string): CpeModel {
  switch (entry.source) {
    case 'dump':
      return modelFromCsv(entry.name, text, entry.namespace);
    case 'datamodel':
      return modelFromDataModel(entry.name, text, {
        namespace: entry.namespace,
        identity: entry.identity,
        values: new Map(Object.entries(entry.values)),
      });
    default: {
      const never: never = entry;
      return never;
    }
  }
}
