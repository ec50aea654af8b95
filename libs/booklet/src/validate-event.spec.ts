import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateEvent } from './validate-event.js';

const fel = JSON.parse(readFileSync(new URL('../test/fixtures/jacow-fel2022-event-44-detail-sessions.json', import.meta.url), 'utf8')) as { results: Record<string, unknown>[] };

describe('validateEvent', () => {
  it('accepts the export wrapper and the bare event', () => {
    const wrapped = validateEvent(fel);
    expect(wrapped.errors).toEqual([]);
    expect(wrapped.event?.title).toBe('FEL2022');
    const bare = validateEvent(fel.results[0]);
    expect(bare.errors).toEqual([]);
    expect(bare.event).toBe(fel.results[0]);
  });

  it.each([
    ['a string', 'hello', '(root)', /object/],
    ['a list', [1, 2], '(root)', /object/],
    ['null', null, '(root)', /object/],
    ['results not a list', { results: {} }, 'results', /list of events/],
    ['empty results', { count: 0, results: [] }, 'results', /no event/],
    ['results[0] not an object', { results: ['x'] }, 'results[0]', /event object/],
    ['not an event', { foo: 1, bar: 2 }, '(root)', /not an Indico event/],
  ])('refuses %s', (_name, payload, path, reason) => {
    const { event, errors } = validateEvent(payload);
    expect(event).toBeUndefined();
    expect(errors[0].path).toBe(path);
    expect(errors[0].reason).toMatch(reason);
  });

  it('gives the path of a field of the wrong type', () => {
    const bad = structuredClone(fel);
    bad.results[0].title = 42;
    (bad.results[0].sessions as Record<string, unknown>[])[3].contributions = 'nope';
    const c = ((bad.results[0].sessions as Record<string, unknown>[])[5].contributions as Record<string, unknown>[])[1];
    c.title = { en: 'x' };
    (c.speakers as Record<string, unknown>[])[0].last_name = ['x'];
    c.startDate = { date: '22/08/2022', time: '09:00' };
    const { event, errors } = validateEvent(bad);
    expect(event).toBeUndefined();
    expect(errors).toEqual([
      { path: 'results[0].title', reason: 'must be a string, got a number' },
      { path: 'results[0].sessions[3].contributions', reason: 'must be a list of contributions, got a string' },
      { path: 'results[0].sessions[5].contributions[1].title', reason: 'must be a string, got an object' },
      { path: 'results[0].sessions[5].contributions[1].startDate.date', reason: 'must be a date "YYYY-MM-DD"' },
      { path: 'results[0].sessions[5].contributions[1].speakers[0].last_name', reason: 'must be a string, got a list' },
    ]);
  });

  it('refuses an unknown timezone and sessions that are not a list', () => {
    expect(validateEvent({ title: 'x', timezone: 'Mars/Olympus' }).errors).toEqual([{ path: 'timezone', reason: 'is not a known IANA timezone: "Mars/Olympus"' }]);
    expect(validateEvent({ title: 'x', sessions: {} }).errors).toEqual([{ path: 'sessions', reason: 'must be a list of session blocks, got an object' }]);
    expect(validateEvent({ title: 'x', contributions: [null] }).errors).toEqual([{ path: 'contributions[0]', reason: 'must be a contribution (an object), got null' }]);
  });

  it('bounds the number of errors on a hostile payload', () => {
    const contributions = Array.from({ length: 10_000 }, () => ({ title: 1 }));
    const { errors } = validateEvent({ title: 'x', contributions });
    expect(errors).toHaveLength(50);
  });

  it('tolerates nulls, numbers for ids and board numbers, and unknown fields', () => {
    const { errors } = validateEvent({
      title: 'x',
      id: 12,
      somethingNew: { a: 1 },
      sessions: [{ title: null, code: null, startDate: null, contributions: [{ title: 't', board_number: 12, id: 5, type: { name: 'Poster' }, speakers: null, extra: [] }] }],
    });
    expect(errors).toEqual([]);
  });
});
