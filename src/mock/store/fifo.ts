// Insertion-ordered queue of records with fixed lifetimes, for pruning from the oldest end.
// Iterating a Map from its start is not O(1) in V8: deleted entries stay as holes at the front until
// the table is rehashed, so "look at the oldest" via map.values().next() scans them every time. This
// queue keeps its own head index instead and compacts itself.
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Drops every item that fails the test (O(n); call it when stale items have piled up). */
  retain(keep: (item: T) => boolean): void {
    const kept: (T | undefined)[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i] as T;
      if (keep(item)) kept.push(item);
    }
    this.items = kept;
    this.head = 0;
  }

  get length(): number {
    return this.items.length - this.head;
  }
}
