/** A min-heap of items by time: the learning cards waiting for their next step within a session. */
export class TimeQueue<T> {
  private readonly times: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.times.length;
  }

  /** Time of the earliest item; Infinity when empty. */
  peekTime(): number {
    return this.times.length > 0 ? (this.times[0] as number) : Infinity;
  }

  push(time: number, item: T): void {
    let i = this.times.length;
    this.times.push(time);
    this.items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.times[parent] as number) <= time) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): T | undefined {
    if (this.times.length === 0) return undefined;
    const top = this.items[0];
    const lastTime = this.times.pop() as number;
    const lastItem = this.items.pop() as T;
    if (this.times.length > 0) {
      this.times[0] = lastTime;
      this.items[0] = lastItem;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.times.length && (this.times[l] as number) < (this.times[m] as number)) m = l;
        if (r < this.times.length && (this.times[r] as number) < (this.times[m] as number)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  /** Empties the queue, returning what was left in time order. */
  drain(): T[] {
    const out: T[] = [];
    while (this.size > 0) out.push(this.pop() as T);
    return out;
  }

  private swap(a: number, b: number): void {
    const t = this.times[a] as number;
    this.times[a] = this.times[b] as number;
    this.times[b] = t;
    const it = this.items[a] as T;
    this.items[a] = this.items[b] as T;
    this.items[b] = it;
  }
}
