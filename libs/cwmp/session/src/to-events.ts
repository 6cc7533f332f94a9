/**
 * The pure mapping from CWMP codec messages to the event payloads of @headend/events: InformReceived,
 * the *Received events of the requests a CPE makes, and the request and response carried by RpcSent,
 * RpcResponded and RpcFaulted. The rules, in short (details beside each function):
 *
 * - dateTimes become DeviceTime `{ raw, iso }`; iso is the UTC instant, null for invalid text, TR-106's
 *   unknown time (0001-01-01T00:00:00Z) and other year-1 (since-boot) values; a value without time zone
 *   is read as UTC (events/values.ts).
 * - Nullable catalogue strings are null when the message has the field absent or empty; all other
 *   strings keep '' as sent. FaultCode 0 in a FaultStruct is no fault: null.
 * - What the ACS sent is recorded exactly (passwords never); what a CPE sent is fitted into the
 *   catalogue's caps, so a device that breaks TR-069 still gets its session recorded.
 */
export type { AcsRequest, CpeResponse, EventPlace, RecordedCpeRequest } from './events/types.js';
export { cpeRequestReceived, informReceived, rpcFaulted } from './events/device-events.js';
export { rpcRequest } from './events/rpc-request.js';
export { rpcResponse } from './events/rpc-response.js';
