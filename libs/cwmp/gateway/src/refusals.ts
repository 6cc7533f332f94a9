import type { CwmpEnvelope } from '@headend/cwmp-codec';
import type { SessionInput } from '@headend/cwmp-session';
import type { DeviceEvent } from '@headend/events';
import { CAPS } from '@headend/events';
import type { RefusalReason } from './types.js';

/**
 * Messages the gateway refuses (or records cut) because the event catalogue cannot hold them: the
 * errors, our reason codes, and the MessageRefused event that tells the operator.
 */

/** The longest cwmp:ID echoed; TR-069 sets none, real CPEs send counters or UUIDs. */
export const MAX_CWMP_ID = 256;
export const ID_TOO_LONG = `the cwmp:ID is longer than ${MAX_CWMP_ID} characters`;

export function overlongId(envelope: CwmpEnvelope): boolean {
  return (envelope.header.id?.length ?? 0) > MAX_CWMP_ID;
}

/** The event fields that name the device: an Inform refused for one of them names no usable device. */
export const IDENTITY_FIELD = /^data\.(deviceId|identity)\b/;

/** A CPE message whose values exceed what the event catalogue accepts (TR-069 length limits). */
export class UnrecordableMessageError extends Error {
  readonly code = 'HEADEND_UNRECORDABLE_MESSAGE';
  constructor(
    message: string,
    /** Where in the event, e.g. `data.identity.serialNumber`. */
    readonly field = '',
  ) {
    super(message);
  }
}

/** Why a message was refused; `reason` is one of our codes (a metric label), never device text. */
export class Refusal {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}

  reason(input: SessionInput): RefusalReason {
    return input.kind === 'message' && input.envelope.body.type.endsWith('Response')
      ? 'response'
      : input.kind === 'message' && input.envelope.body.type === 'Fault'
        ? 'response'
        : 'request';
  }
}

/** What a MessageRefused says (the device's text never: method, our codes, event paths). */
export interface RefusalNotice {
  readonly deviceId: string;
  readonly refusalId: string;
  readonly sessionId: string | null;
  readonly message: string;
  readonly action: 'refused' | 'truncated';
  readonly reason: RefusalReason;
  readonly fields: readonly { readonly field: string; readonly count: number }[];
  readonly detail: string;
}

export function messageRefused(notice: RefusalNotice): DeviceEvent {
  return {
    type: 'MessageRefused',
    version: 1,
    data: {
      ...notice,
      message: notice.message.slice(0, CAPS.token),
      fields: notice.fields
        .slice(0, CAPS.list)
        .map((f) => ({ field: f.field.slice(0, CAPS.token), count: f.count })),
      detail: notice.detail.slice(0, CAPS.text),
    },
  };
}
