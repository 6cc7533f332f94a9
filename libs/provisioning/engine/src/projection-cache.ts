import type { DeviceProjection, Position } from '@headend/provisioning-planner';

/**
 * The projections this process folded last, so a device's next record needs no read from the
 * document store. Sound because one process folds a device at a time (its partition is assigned to
 * one group member), and checked with the log itself: each partition's records come in offset order,
 * so as long as a partition's next record is the one right after the last this process folded, no
 * one else folded a record of its devices meanwhile. Any other offset (the partition was handed to
 * another process and back, a record is delivered again, the group rewound) and the cache forgets
 * everything; loading again from the store is always correct, only slower.
 */
export class ProjectionCache {
  // Maps, not objects: keys are device ids and topic names. In use order, oldest first.
  private readonly entries = new Map<string, DeviceProjection>();
  private readonly expected = new Map<string, bigint>();

  constructor(private readonly capacity: number) {}

  /** Notes a record about to be folded; forgets every projection when it is not the one expected. */
  admit(position: Position): void {
    const partition = `${position.partition}@${position.topic}`;
    const expected = this.expected.get(partition);
    if (expected !== undefined && expected !== BigInt(position.offset)) {
      this.entries.clear();
      this.expected.clear();
    }
  }

  get(deviceId: string): DeviceProjection | undefined {
    const projection = this.entries.get(deviceId);
    if (projection !== undefined) {
      this.entries.delete(deviceId);
      this.entries.set(deviceId, projection);
    }
    return projection;
  }

  /** The record at `position` is folded and its projection (null: none) is stored. */
  folded(position: Position, deviceId: string, projection: DeviceProjection | null): void {
    this.expected.set(`${position.partition}@${position.topic}`, BigInt(position.offset) + 1n);
    if (this.capacity === 0 || projection === null) return;
    this.entries.delete(deviceId);
    this.entries.set(deviceId, projection);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** The record could not be folded: what is cached for the device may be ahead of the store. */
  failed(deviceId: string): void {
    this.entries.delete(deviceId);
  }

  get size(): number {
    return this.entries.size;
  }
}
