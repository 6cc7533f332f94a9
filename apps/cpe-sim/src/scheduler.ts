/**
 * One timer for the whole fleet: a min-heap of (time, key) wake-ups. Thousands of devices would
 * otherwise mean thousands of live timers. A key has at most one pending wake-up; scheduling it
 * again replaces the old one (stale heap entries are skipped by generation).
 */
export class WakeScheduler<K> {
  private readonly heap: { at: number; key: K; gen: number }[] = [];
  private readonly generation = new Map<K, number>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private stopped = false;

  constructor(
    private readonly onWake: (key: K) => void,
    private readonly now: () => number,
  ) {}

  schedule(key: K, at: number): void {
    if (this.stopped) return;
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    this.push({ at, key, gen });
    if (at < this.armedFor) this.arm();
  }

  cancel(key: K): void {
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const top = this.heap[0];
    if (top === undefined || this.stopped) {
      this.timer = undefined;
      this.armedFor = Infinity;
      return;
    }
    this.armedFor = top.at;
    // setTimeout caps at 2^31-1 ms; a later wake-up simply re-arms.
    this.timer = setTimeout(() => this.fire(), Math.min(Math.max(0, top.at - this.now()), 2 ** 31 - 1));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.now();
    const due: K[] = [];
    while (this.heap.length > 0 && (this.heap[0]?.at ?? Infinity) <= now) {
      const entry = this.pop();
      if (entry !== undefined && this.generation.get(entry.key) === entry.gen) {
        this.generation.delete(entry.key);
        due.push(entry.key);
      }
    }
    this.arm();
    for (const key of due) this.onWake(key);
  }

  private push(entry: { at: number; key: K; gen: number }): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as typeof entry).at <= entry.at) break;
      h[i] = h[parent] as typeof entry;
      i = parent;
    }
    h[i] = entry;
  }

  private pop(): { at: number; key: K; gen: number } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      const atOf = (j: number): number => (j === i ? last.at : (h[j]?.at ?? Infinity));
      if (l < h.length && atOf(l) < atOf(m)) m = l;
      if (r < h.length && atOf(r) < atOf(m)) m = r;
      if (m === i) break;
      h[i] = h[m] as typeof last;
      i = m;
    }
    h[i] = last;
    return top;
  }
}
