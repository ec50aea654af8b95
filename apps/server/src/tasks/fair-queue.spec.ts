import { describe, expect, it } from 'vitest';
import { FairQueue } from './fair-queue.js';

const item = (id: string) => ({ id });

function drain(queue: FairQueue<{ id: string }>): string[] {
  const out: string[] = [];
  for (let next = queue.shift(); next; next = queue.shift()) {
    out.push(next.id);
  }
  return out;
}

describe(FairQueue.name, () => {
  it('serves lanes round-robin, FIFO inside a lane', () => {
    const queue = new FairQueue<{ id: string }>();
    for (let i = 1; i <= 4; i++) {
      queue.push('a', item(`a${i}`));
    }
    queue.push('b', item('b1'));
    queue.push('c', item('c1'));
    queue.push('b', item('b2'));
    expect([...queue.ordered()].map((x) => x.id)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(drain(queue)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(queue.size).toBe(0);
  });

  it('puts a lone task of a new key right after the current turn, not behind a backlog of 100', () => {
    const queue = new FairQueue<{ id: string }>();
    for (let i = 0; i < 100; i++) {
      queue.push('busy', item(`busy${i}`));
    }
    expect(queue.shift()?.id).toBe('busy0');
    queue.push('other', item('one'));
    expect(queue.positionOf('one')).toBe(2);
    expect(queue.shift()?.id).toBe('busy1');
    expect(queue.shift()?.id).toBe('one');
  });

  it('removes by id from any place and reports positions in dequeue order', () => {
    const queue = new FairQueue<{ id: string }>();
    queue.push('a', item('a1'));
    queue.push('a', item('a2'));
    queue.push('b', item('b1'));
    expect(queue.positionOf('a2')).toBe(3);
    expect(queue.delete('b1')).toBe(true);
    expect(queue.delete('b1')).toBe(false);
    expect(queue.positionOf('a2')).toBe(2);
    expect(queue.positionOf('b1')).toBeUndefined();
    expect(queue.has('a1')).toBe(true);
    expect(drain(queue)).toEqual(['a1', 'a2']);
  });
});
