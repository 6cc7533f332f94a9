/**
 * @headend/cpe-model: a simulated CPE as pure logic. Parameter trees from real device dumps, one
 * handler per ACS RPC, the Inform builder, the session lifecycle and the TR-069 retry back-off.
 * Time (`now`, ms) and randomness (`random`) are arguments, so every run is replayable.
 *
 *   const model = modelFromCsv('bm632w', csvText);
 *   let cpe = createCpe({ base: model.base, identity: model.identity, now });
 *   const inform = buildInform(cpe, now);
 *   const { state, response } = handleAcsRequest(cpe, request, { now, random });
 */
export { DeviceCsvError, parseCsvRecords, parseDeviceCsv } from './csv.js';
export type { DeviceDump, DumpIdentity, DumpRow } from './csv.js';
export type { BaseTree, DeviceTree, ParamNode, TreeEdit } from './tree.js';
export {
  buildBaseTree,
  childrenOf,
  deviceTreeOf,
  editTree,
  nodeAt,
  parentPath,
  subtree,
  valueAt,
  withValues,
} from './tree.js';
export type { RandomSource } from './random.js';
export { childSeed, randomInt, seededRandom } from './random.js';
export type { DeviceIdentity } from './identity.js';
export { generateSerialNumber, randomHex, randomUuid } from './identity.js';
export { BUNDLED_MODELS, MODELS_DIRECTORY, modelFromBundledText, modelFromCsv } from './models.js';
export { dataModelRows, formatDataModelCsv, modelFromDataModel, parseDataModelCsv } from './datamodel.js';
export type { DataModelEntry, DataModelOptions } from './datamodel.js';
export type { BundledModel, CpeModel } from './models.js';
export {
  ACS_RPC_NAMES,
  CONFIG_FILE_TYPE,
  DEFAULT_CPE_CONFIG,
  DEFAULT_SUPPORTED_RPCS,
  FIRMWARE_FILE_TYPE,
  NO_QUIRKS,
  withEvent,
} from './state.js';
export type {
  AcsRpcName,
  CpeConfig,
  CpeQuirks,
  CpeState,
  DeploymentUnit,
  DuChangeResult,
  InitiatedMessage,
  InitiatedRequest,
  InjectedFault,
  Transfer,
  TransferResult,
} from './state.js';
export type { HandlerContext, HandlerResult } from './handlers/context.js';
export { handleAcsRequest, isAcsRequest } from './handlers/dispatch.js';
export { injectedFault, namesOf, touches } from './handlers/injected.js';
export { INITIATED_EVENT_CODES, INITIATED_REQUEST_TYPES, initiateRequest } from './initiated.js';
export type { InitiatedRequestType } from './initiated.js';
export type { AcsRequest } from './handlers/dispatch.js';
export { buildInform, changeValueLocally, forcedInformPaths } from './inform.js';
export {
  advance,
  createCpe,
  firmwareVersionOf,
  informAccepted,
  isBooting,
  nextDueAt,
  pendingCpeRequests,
  periodicInformInterval,
  requestDelivered,
  sessionFailed,
  sessionSucceeded,
  wantsSession,
  withSessionEvent,
} from './lifecycle.js';
export type { CpeRequest, CreateCpeOptions } from './lifecycle.js';
export { DEFAULT_RETRY_POLICY, retryWaitRange, retryWaitSeconds } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { decodeAtCpe, encodeAtCpe } from './wire.js';
export type { InboundMessage } from './wire.js';
export { UNKNOWN_TIME } from './values.js';
