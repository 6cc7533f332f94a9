/**
 * @headend/cwmp-codec: decode and encode every TR-069 (CWMP 1.0-1.4) message, safely.
 *
 *   const r = decodeCwmp(body);                      // never throws
 *   if (r.ok && r.kind === 'message' && r.envelope.body.type === 'Inform') {
 *     const xml = encodeCwmp(replyTo(r.envelope, { type: 'InformResponse', maxEnvelopes: 1 }));
 *   }
 */
export { decodeCwmp } from './decode.js';
export type { DecodeOptions, DecodeResult } from './decode.js';
export { encodeCwmp, replyTo } from './encode.js';
export type { CwmpEnvelopeInput, EncodeOptions } from './encode.js';
export type { CwmpEnvelope } from './soap/envelope.js';
export type { CwmpHeader, EnvelopeHeaderInfo } from './soap/header.js';
export {
  CWMP_NAMESPACES,
  cwmpVersionOf,
  isCwmpNamespace,
  SOAP_ENC_NS,
  SOAP_ENV_NS,
  XSD_NS,
  XSI_NS,
} from './soap/namespaces.js';
export type { CwmpNamespace, CwmpVersion } from './soap/namespaces.js';

export type * from './messages/structs.js';
export type * from './messages/cpe-to-acs.js';
export type * from './messages/acs-to-cpe.js';
export type { CwmpFaultDetail, Fault, SetParameterValuesFault } from './messages/fault.js';
export type { CwmpMessage, CwmpMessageType, MessageOf } from './messages/message.js';
export { MESSAGE_TYPES } from './codecs/table.js';

export { classifyFaultCode, cwmpFault, FAULT_CODE_RANGES, FAULT_CODES, faultDefinition } from './faults.js';
export type { FaultCodeClass, FaultDefinition } from './faults.js';
export { CwmpEncodeError, DECODE_ERROR_CODES, faultCodeFor } from './errors.js';
export type { DecodeError, DecodeErrorCode, DecodeRole } from './errors.js';
export { WARNING_CODES } from './warnings.js';
export type { CwmpWarning, WarningCode } from './warnings.js';

export {
  formatDateTime,
  readBase64,
  readBoolean,
  readDateTime,
  readHexBinary,
  readInt,
  readLong,
  readTypedValue,
  readUnsignedInt,
  readUnsignedLong,
} from './values.js';
export type { CwmpDateTime, TypedValue, ValueResult } from './values.js';

export { DEFAULT_XML_LIMITS } from './xml/limits.js';
export type { XmlLimits } from './xml/types.js';
