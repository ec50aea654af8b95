import { describe, expect, it } from 'vitest';
import { TaskRoomsAdapter } from './task-rooms.adapter.js';

describe(TaskRoomsAdapter.name, () => {
  const adapter = () => new TaskRoomsAdapter({ server: { encoder: {} } });

  it('does not put a socket in a room named after itself', () => {
    const sut = adapter();
    sut.addAll('sock-1', new Set(['sock-1']));
    expect(sut.rooms.size).toBe(0);
    expect(sut.sids.size).toBe(0);
  });

  it('keeps the task rooms, and leaves them all when the socket goes', () => {
    const sut = adapter();
    sut.addAll('sock-1', new Set(['sock-1']));
    sut.addAll('sock-1', new Set(['task:a']));
    sut.addAll('sock-2', new Set(['task:a', 'sock-2', 'task:b']));
    expect([...sut.rooms.keys()].sort()).toEqual(['task:a', 'task:b']);
    expect([...(sut.rooms.get('task:a') ?? [])].sort()).toEqual(['sock-1', 'sock-2']);
    expect([...(sut.sids.get('sock-2') ?? [])].sort()).toEqual(['task:a', 'task:b']);
    sut.delAll('sock-1');
    sut.delAll('sock-2');
    expect(sut.rooms.size).toBe(0);
    expect(sut.sids.size).toBe(0);
  });
});
