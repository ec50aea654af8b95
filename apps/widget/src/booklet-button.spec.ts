import type { TaskSnapshot } from '@jpsp/contracts';
import { describe, expect, it } from 'vitest';
import { ago, duration, statusOf } from './booklet-button.js';
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

describe('time left and time since', () => {
  it('adds the estimate to the running line once the server sends one', () => {
    expect(statusOf(running({ percent: 40, phase: 'odt', message: 'writing sessions', etaMs: 95_000 }), t).line).toBe('40% · writing sessions · about 2 min left');
    expect(statusOf(running({ percent: 40, phase: 'odt', etaMs: 12_400 }), translator('it')).line).toBe('40% · odt · circa 12 s rimanenti');
  });

  it('rounds durations as a person would say them', () => {
    expect([duration(300), duration(44_600), duration(90_000), duration(3_600_000), duration(4_800_000)]).toEqual(['1 s', '45 s', '2 min', '1 h', '1 h 20 min']);
  });

  it('says how long ago, in the widget language', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(ago('2026-12-03T09:50:00Z', 'en', now)).toBe('10 minutes ago');
    expect(ago('2026-12-03T07:00:00Z', 'it', now)).toBe('3 ore fa');
  });
});
