import { fromRecord, toRecord, TOPICS } from '@headend/events';
import type { EventLog } from '@headend/ports';

/**
 * Deletes the presets whose ids match `pattern` and that are still saved: those of earlier runs that
 * were killed before their clean-up. The config topic is compacted and shared by everything that runs
 * on this machine's Kafka, so a test's or a benchmark's presets would otherwise apply to later runs.
 * (No vitest here: benchmarks use it too.)
 */
export async function deleteLeftoverPresets(log: EventLog, pattern: RegExp): Promise<void> {
  const latest = new Map<string, { revision: number; deleted: boolean }>();
  const ends = await log.endOffsets(TOPICS.configEvents);
  const remaining = new Set(ends.filter((e) => e.offset !== '0').map((e) => e.partition));
  let done: () => void = () => undefined;
  const caughtUp = new Promise<void>((r) => (done = r));
  if (remaining.size === 0) done();
  const reader = await log.subscribe({
    groupId: `leftover-presets-${Date.now().toString(36)}-${process.pid}`,
    topics: [TOPICS.configEvents],
    fromBeginning: true,
    handler: (record) => {
      const decoded = fromRecord(record);
      if (decoded.ok && (decoded.event.type === 'PresetSaved' || decoded.event.type === 'PresetDeleted')) {
        const { presetId, revision } = decoded.event.data;
        latest.set(presetId, { revision, deleted: decoded.event.type === 'PresetDeleted' });
      }
      const end = ends.find((e) => e.partition === record.partition);
      if (end && BigInt(record.offset) >= BigInt(end.offset) - 1n) remaining.delete(record.partition);
      if (remaining.size === 0) done();
      return Promise.resolve();
    },
  });
  await caughtUp;
  await reader.stop();
  const leftovers = [...latest].filter(([id, p]) => !p.deleted && pattern.test(id));
  if (leftovers.length === 0) return;
  const time = new Date().toISOString();
  await log.append(
    leftovers.map(([presetId, p]) =>
      toRecord({ type: 'PresetDeleted', version: 1, data: { presetId, revision: p.revision + 1 } }, { time }),
    ),
  );
}
