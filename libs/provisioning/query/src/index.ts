/**
 * The device query language: preset preconditions and operator device searches. Pure; README.md
 * has the full reference. In short:
 *
 * - A query is a JSON object, MongoDB-like. Its keys are field references, ANDed; `$and`, `$or`,
 *   `$nor` take non-empty arrays of queries, `$not` one query. `{}` matches every device.
 * - Fields: parameter paths (`Device.WiFi.SSID.1.SSID`, or with `*` instance segments), and the
 *   reserved `DeviceID.ID|OUI|ProductClass|SerialNumber|Manufacturer`, `Tags`, `Events`.
 * - Conditions: a bare string, number or boolean (equality), or `$eq $ne $gt $gte $lt $lte $in $nin
 *   $exists $prefix $suffix $contains`. No regular expressions, so no ReDoS.
 * - The operand's type chooses the comparison, not the device's xsi type: a number compares
 *   numerically with a value that is a finite decimal literal (otherwise the condition is false); a
 *   boolean with a TR-069 boolean (`1 0 true false`, any case); a string ordinally.
 * - Multi-valued fields (wildcard paths, Tags, Events) follow MongoDB's array semantics: a positive
 *   condition holds when it holds for ANY value; `$ne`, `$nin`, `$exists: false` hold when their
 *   positive form (`$eq`, `$in`, `$exists: true`) holds for NONE.
 * - Three-valued (Kleene) logic: a parameter the ACS does not know, or a wildcard it cannot expand,
 *   makes a condition `'unknown'`, and the planner reads `referencedPaths(query)` before deciding.
 */
export type { Condition, Field, IdentityField, Operator, Query, QueryTarget, Scalar, Truth } from './ast.js';
export { IDENTITY_FIELDS, referencedPaths } from './ast.js';
export { deviceBoolean, deviceNumber } from './compare.js';
export { evaluate, not } from './evaluate.js';
export { QUERY_LIMITS, parseQuery } from './parse.js';
export type { ParseQueryResult } from './parse.js';
