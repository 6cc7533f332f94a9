import { z } from 'zod';
import { OpaqueId, Text, Timestamp, eventSchema } from './common.js';
import { Principal } from './command-events.js';

/** Events on acs.audit.v1, written by admin-api, keyed by principal. Id: `audit:<callId>`. */

export const AuditOutcome = z.enum(['succeeded', 'denied', 'invalid', 'failed']);

export const AdminCallAudited = eventSchema(
  'AdminCallAudited',
  1,
  z.object({
    callId: OpaqueId,
    principal: Principal,
    /** The gRPC method, e.g. `/headend.admin.v1.Tasks/RequestTask`. */
    method: z.string().min(1).max(256),
    /** What the call acted on (`device:<id>`, `preset:<id>`), null when nothing in particular. */
    target: Text.nullable(),
    outcome: AuditOutcome,
    at: Timestamp,
  }),
);

export const AuditEvent = z.discriminatedUnion('type', [AdminCallAudited]);
export type AuditEvent = z.infer<typeof AuditEvent>;
