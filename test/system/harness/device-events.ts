import { expect } from 'vitest';
import { eventually } from '@headend/contract-tests';
import type { DeviceEvent } from '@headend/events';
import { fromRecord, TOPICS } from '@headend/events';
import type { EventLog, Subscription } from '@headend/ports';

export interface DeviceEventTap {
  /** The device's events so far, in log order, with their ce_id. */
  of(deviceId: string): { id: string; event: DeviceEvent }[];
  /** Every event read so far, of every device. */
  all(): DeviceEvent[];
  /** Records on the topic that failed to decode. */
  readonly undecodable: string[];
  stop(): Promise<void>;
}

/**
 * Reads cwmp.device-events.v1 with a fresh group, from the log's end when it subscribes: every
 * event appended after this resolves is seen, and the topic's history (which grows on a machine
 * that keeps its Kafka between runs, benchmarks included) is not read first.
 */
export async function tapDeviceEvents(log: EventLog, groupId: string): Promise<DeviceEventTap> {
  const byDevice = new Map<string, { id: string; event: DeviceEvent }[]>();
  const undecodable: string[] = [];
  const subscription: Subscription = await log.subscribe({
    groupId,
    topics: [TOPICS.deviceEvents],
    fromBeginning: false,
    handler: (record) => {
      const decoded = fromRecord(record);
      if (!decoded.ok) {
        undecodable.push(`${decoded.error.code}: ${decoded.error.detail}`);
        return Promise.resolve();
      }
      const list = byDevice.get(record.key) ?? [];
      list.push({ id: decoded.meta.id, event: decoded.event as DeviceEvent });
      byDevice.set(record.key, list);
      return Promise.resolve();
    },
  });
  return {
    of: (deviceId) => [...(byDevice.get(deviceId) ?? [])],
    all: () => [...byDevice.values()].flat().map((entry) => entry.event),
    undecodable,
    stop: () => subscription.stop(),
  };
}

/**
 * Waits until the device's sessions have all ended, then checks each was SessionStarted,
 * InformReceived, SessionEnded with the given outcome, in order. Returns the events.
 */
export async function expectInformOnlySessions(
  tap: DeviceEventTap,
  deviceId: string,
  outcomes: readonly string[],
): Promise<DeviceEvent[]> {
  try {
    await eventually(
      `${outcomes.length} ended sessions`,
      () => tap.of(deviceId).filter((e) => e.event.type === 'SessionEnded').length === outcomes.length,
    );
  } catch (error) {
    const seen = tap.of(deviceId).map((e) => `${e.id} ${e.event.type}`);
    throw new Error(`${String(error)}; the device's events so far: ${seen.join(', ') || 'none'}`);
  }
  const events = tap.of(deviceId).map((e) => e.event);
  expect(events.map((e) => e.type)).toEqual(
    outcomes.flatMap(() => ['SessionStarted', 'InformReceived', 'SessionEnded']),
  );
  expect(events.filter((e) => e.type === 'SessionEnded').map((e) => e.data.outcome)).toEqual(outcomes);
  return events;
}
