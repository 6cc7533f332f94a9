import type { DeviceEvent } from '@headend/events';
import { InvalidEventError, toRecord } from '@headend/events';
import type { OutgoingRecord } from '@headend/ports';
import { UnrecordableMessageError } from './refusals.js';

/**
 * Events the session machine builds from values already validated (the session's own ids and
 * counters; the device id was validated with the session's InformReceived, appended with its
 * SessionStarted): encoded without a second schema check. Everything carrying a CPE's input is checked.
 */
const TRUSTED: ReadonlySet<DeviceEvent['type']> = new Set(['SessionStarted', 'SessionEnded']);

/**
 * The Kafka records of a step's events, each checked against the catalogue (but those TRUSTED);
 * throws UnrecordableMessageError, naming the event path, when one is refused.
 */
export function buildRecords(
  events: readonly DeviceEvent[],
  now: number,
  traceparent: string | undefined,
): OutgoingRecord[] {
  const time = new Date(now).toISOString();
  return events.map((event) => {
    try {
      return toRecord(event, { time, traceparent, trustedWriter: TRUSTED.has(event.type) });
    } catch (error) {
      if (error instanceof InvalidEventError) throw new UnrecordableMessageError(error.message, error.path);
      throw error;
    }
  });
}
