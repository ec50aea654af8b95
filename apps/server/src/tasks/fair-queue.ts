/**
 * The waiting tasks, one FIFO lane per API key, served round-robin: each dequeue takes the head
 * of the lane whose turn it is and sends that lane to the back of the rotation. A key with 100
 * waiting tasks therefore delays a key with one by at most one task per free worker, never by its
 * whole backlog.
 *
 * Hand-written (≈80 lines) because no maintained package offers per-key round-robin with
 * O(1) removal by id and a position query; `p-queue` and BullMQ's group feature are FIFO or
 * priority queues (BullMQ groups are a Pro feature).
 */
export class FairQueue<T extends { id: string }> {
  /** Lane key → its tasks in arrival order. Map order is the rotation: the first lane is served next. */
  private readonly lanes = new Map<string, Map<string, T>>();
  private readonly laneOf = new Map<string, string>();

  get size(): number {
    return this.laneOf.size;
  }

  has(id: string): boolean {
    return this.laneOf.has(id);
  }

  push(lane: string, item: T): void {
    let queue = this.lanes.get(lane);
    if (!queue) {
      queue = new Map();
      this.lanes.set(lane, queue);
    }
    queue.set(item.id, item);
    this.laneOf.set(item.id, lane);
  }

  delete(id: string): boolean {
    const lane = this.laneOf.get(id);
    if (lane === undefined) {
      return false;
    }
    this.laneOf.delete(id);
    const queue = this.lanes.get(lane);
    queue?.delete(id);
    if (queue?.size === 0) {
      this.lanes.delete(lane);
    }
    return true;
  }

  /** The next task in the rotation, removed; its lane goes to the back. */
  shift(): T | undefined {
    const first = this.lanes.entries().next();
    if (first.done) {
      return undefined;
    }
    const [lane, queue] = first.value;
    return this.take(lane, queue, queue.values().next().value as T);
  }

  /**
   * The first task in the rotation that `eligible` accepts (a lane's later task when its head is
   * not eligible), removed; its lane goes to the back. Used for tasks waiting for a lock.
   */
  shiftWhere(eligible: (item: T) => boolean): T | undefined {
    for (const [lane, queue] of this.lanes) {
      for (const item of queue.values()) {
        if (eligible(item)) {
          return this.take(lane, queue, item);
        }
      }
    }
    return undefined;
  }

  /** Removes `item` from its lane and sends the lane to the back of the rotation. */
  private take(lane: string, queue: Map<string, T>, item: T): T {
    queue.delete(item.id);
    this.laneOf.delete(item.id);
    this.lanes.delete(lane);
    if (queue.size > 0) {
      this.lanes.set(lane, queue); // to the back of the rotation
    }
    return item;
  }

  /** Every waiting task in the order `shift` would return them. */
  *ordered(): Generator<T> {
    const cursors = [...this.lanes.values()].map((queue) => queue.values());
    let live = cursors;
    while (live.length > 0) {
      const next: typeof live = [];
      for (const cursor of live) {
        const step = cursor.next();
        if (!step.done) {
          yield step.value;
          next.push(cursor);
        }
      }
      live = next;
    }
  }

  /** 1-based place in the dequeue order, or undefined when not waiting. */
  positionOf(id: string): number | undefined {
    const lane = this.laneOf.get(id);
    if (lane === undefined) {
      return undefined;
    }
    let i = 0;
    if (this.lanes.size === 1) {
      // One key waiting (the common case): its lane order is the dequeue order.
      for (const key of (this.lanes.get(lane) as Map<string, T>).keys()) {
        i++;
        if (key === id) {
          return i;
        }
      }
      return undefined;
    }
    for (const item of this.ordered()) {
      i++;
      if (item.id === id) {
        return i;
      }
    }
    return undefined;
  }
}
