import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '../task-definitions/task-definition.js';
import type { TaskRecord } from './task-record.js';
import { RETAINED_INPUTS_PER_KEY, RETAINED_INPUTS_TOTAL, TaskTable } from './task-table.js';

const definition = { name: 'test' } as TaskDefinition;
let n = 0;
function ended(owner: string): TaskRecord {
  return { id: `id-${++n}`, definition, owner: owner, input: { n }, timeoutMs: 1000, baseUrl: '', status: 'failed', createdAt: Date.now() };
}

describe('TaskTable: inputs kept for task:retry', () => {
  it(`keeps the latest ${RETAINED_INPUTS_PER_KEY} per key and ${RETAINED_INPUTS_TOTAL} in all, dropping the oldest`, () => {
    const table = new TaskTable();
    const a = Array.from({ length: RETAINED_INPUTS_PER_KEY + 2 }, () => ended('a'));
    for (const r of a) {
      table.add(r);
      table.retainInput(r);
    }
    expect(a.map((r) => r.input !== undefined)).toEqual([false, false, ...Array<boolean>(RETAINED_INPUTS_PER_KEY).fill(true)]);

    const others = Array.from({ length: RETAINED_INPUTS_TOTAL }, (_, i) => ended(`k${i % 5}`));
    for (const r of others) {
      table.add(r);
      table.retainInput(r);
    }
    const held = [...a, ...others].filter((r) => r.input !== undefined);
    expect(held).toHaveLength(RETAINED_INPUTS_TOTAL);
    // The newest are the ones kept (four per key here), and no key holds more than its share.
    expect(held).toEqual(others);
    for (const key of ['a', 'k0', 'k1', 'k2', 'k3', 'k4']) {
      expect(held.filter((r) => r.owner === key).length).toBeLessThanOrEqual(RETAINED_INPUTS_PER_KEY);
    }
  });
});
