import type { TaskSnapshot } from '@jpsp/contracts';
import { ERROR_CODES } from '@jpsp/contracts';
import { describe, expect, it } from 'vitest';
import { failureFromError, INITIAL_STATE, isBusy, pickMainFile, reducer, type WidgetState } from './task-state.js';

const snap = (over: Partial<TaskSnapshot>): TaskSnapshot => ({
  taskId: '6d1f4a0e-1111-4222-8333-444455556666',
  task: 'abstract-booklet',
  status: 'running',
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});
const file = (name: string, mediaType: string) => ({ name, mediaType, size: 1, sha256: 'x', url: `http://s/files/t/${name}`, expiresAt: '2026-01-01T01:00:00Z' });

describe('reducer', () => {
  it('goes idle → preparing → running → done, busy only while preparing or running', () => {
    let s: WidgetState = INITIAL_STATE;
    expect(isBusy(s)).toBe(false);
    s = reducer(s, { type: 'step', step: 'fetching' });
    expect(s).toEqual({ kind: 'preparing', step: 'fetching' });
    expect(isBusy(s)).toBe(true);
    s = reducer(s, { type: 'snapshot', snapshot: snap({ status: 'queued', queuePosition: 2 }) });
    expect(s.kind).toBe('running');
    s = reducer(s, { type: 'snapshot', snapshot: snap({ progress: { percent: 40, phase: 'odt' } }) });
    expect(s.kind === 'running' && s.snapshot.progress?.percent).toBe(40);
    const odt = file('booklet.odt', 'application/vnd.oasis.opendocument.text');
    const docx = file('booklet.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    s = reducer(s, { type: 'snapshot', snapshot: snap({ status: 'completed', result: { files: [docx, odt], warnings: [] } }) });
    expect(s).toMatchObject({ kind: 'done', main: odt, others: [docx] });
    expect(isBusy(s)).toBe(false);
  });

  it('keeps "cancelling" across progress snapshots of the same task, then ends cancelled', () => {
    let s = reducer(INITIAL_STATE, { type: 'snapshot', snapshot: snap({}) });
    s = reducer(s, { type: 'cancelRequested' });
    s = reducer(s, { type: 'snapshot', snapshot: snap({ progress: { percent: 50, phase: 'odt' } }) });
    expect(s.kind === 'running' && s.cancelling).toBe(true);
    s = reducer(s, { type: 'snapshot', snapshot: snap({ status: 'cancelled' }) });
    expect(s).toEqual({ kind: 'cancelled' });
  });

  it('marks a dropped connection while running and clears it on the next snapshot', () => {
    let s = reducer(INITIAL_STATE, { type: 'snapshot', snapshot: snap({}) });
    s = reducer(s, { type: 'connection', up: false });
    expect(s.kind === 'running' && s.reconnecting).toBe(true);
    s = reducer(s, { type: 'snapshot', snapshot: snap({}) });
    expect(s.kind === 'running' && s.reconnecting).toBe(false);
    expect(reducer(INITIAL_STATE, { type: 'connection', up: false })).toBe(INITIAL_STATE);
  });

  it('turns a failed snapshot into the matching human failure', () => {
    const timeout = reducer(INITIAL_STATE, { type: 'snapshot', snapshot: snap({ status: 'failed', error: { code: 'TIMEOUT', message: 'too slow' } }) });
    expect(timeout).toEqual({ kind: 'error', failure: { kind: 'timeout' } });
    const crash = reducer(INITIAL_STATE, { type: 'snapshot', snapshot: snap({ status: 'failed', error: { code: 'WORKER_CRASHED', message: 'oom' } }) });
    expect(crash).toEqual({ kind: 'error', failure: { kind: 'failed', detail: 'WORKER_CRASHED: oom' } });
  });

  it('resets to idle', () => {
    expect(reducer({ kind: 'cancelled' }, { type: 'reset' })).toEqual(INITIAL_STATE);
  });
});

describe(failureFromError.name, () => {
  it('maps every error code of the contract to a failure kind', () => {
    const kinds = new Set(['event', 'server', 'auth', 'validation', 'failed', 'timeout', 'busy']);
    for (const code of ERROR_CODES) {
      expect(kinds.has(failureFromError({ code, message: 'm' }).kind)).toBe(true);
    }
  });

  it('keeps the field list of a validation error', () => {
    const details = [{ path: 'input.event', reason: 'must be an object' }];
    expect(failureFromError({ code: 'VALIDATION_FAILED', message: 'bad', details })).toEqual({ kind: 'validation', detail: 'bad', fields: details });
    expect(failureFromError({ code: 'UNAUTHORIZED', message: '' })).toEqual({ kind: 'auth' });
    expect(failureFromError({ code: 'QUEUE_FULL', message: 'full' }).kind).toBe('busy');
    expect(failureFromError(undefined).kind).toBe('failed');
  });
});

describe(pickMainFile.name, () => {
  it('prefers the ODT, else the first file', () => {
    const pdf = file('b.pdf', 'application/pdf');
    expect(pickMainFile([pdf, file('b.ODT', 'application/octet-stream')])?.name).toBe('b.ODT');
    expect(pickMainFile([pdf])).toBe(pdf);
    expect(pickMainFile([])).toBeUndefined();
  });
});
