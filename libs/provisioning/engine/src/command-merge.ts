import type { ConsumedRecord } from '@headend/ports';

/**
 * Puts a device's commands back among its events in the order they happened, for the rebuild.
 *
 * Live, provisioning folds a command when it arrives, and every event it causes (the RpcSent of the
 * task's Download, the TransferComplete) is appended later. The rebuild reads two topics, and the log
 * does not say how their records interleaved: a device's TransferComplete could be folded before the
 * command that created its task, and the task would stay pending. So the rebuild first reads the
 * commands topic whole (commands are few next to device events), and before it folds a device's event
 * it folds that device's commands stamped no later than the event.
 */
export class CommandMerge {
  // A Map, not an object: keys are device ids.
  private readonly waiting = new Map<string, ConsumedRecord[]>();

  add(command: ConsumedRecord): void {
    const queue = this.waiting.get(command.key);
    if (queue === undefined) this.waiting.set(command.key, [command]);
    else queue.push(command);
  }

  /** The device's commands stamped at or before the timestamp, in log order; they leave the merge. */
  takeUntil(key: string, timestamp: number): ConsumedRecord[] {
    const queue = this.waiting.get(key);
    if (queue === undefined) return [];
    let count = 0;
    while (count < queue.length && queue[count]!.timestamp <= timestamp) count += 1;
    if (count === 0) return [];
    if (count === queue.length) this.waiting.delete(key);
    return queue.splice(0, count);
  }

  /** Every command not taken yet (devices whose last events came before them), device by device. */
  takeRest(): ConsumedRecord[] {
    const rest = [...this.waiting.values()].flat();
    this.waiting.clear();
    return rest;
  }

  get size(): number {
    let size = 0;
    for (const queue of this.waiting.values()) size += queue.length;
    return size;
  }
}
