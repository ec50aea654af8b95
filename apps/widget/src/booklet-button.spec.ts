import type { TaskSnapshot } from '@jpsp/contracts';
import { describe, expect, it } from 'vitest';
import { statusOf } from './booklet-button.js';
import { translator } from './i18n.js';

const t = translator('en');
const running = (progress: TaskSnapshot['progress'], status: TaskSnapshot['status'] = 'running') => ({
  kind: 'running' as const,
  reconnecting: false,
  cancelling: false,
  snapshot: { taskId: 'x', task: 'abstract-booklet', status, createdAt: '', progress, queuePosition: 3 },
});

describe(statusOf.name, () => {
  it('shows the percentage and the phase, and announces in steps of 10 %', () => {
    const s = statusOf(running({ percent: 47.6, phase: 'odt', message: 'writing sessions' }), t);
    expect(s).toEqual({ line: '48% · writing sessions', announce: '40% · ', percent: 48 });
  });

  it('shows the queue position and the steps before the task exists', () => {
    expect(statusOf(running(undefined, 'queued'), t).line).toBe('Queued (position 3)…');
    expect(statusOf({ kind: 'preparing', step: 'fetching' }, t).line).toBe('Reading the event data…');
  });
});
