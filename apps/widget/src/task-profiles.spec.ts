import { describe, expect, it } from 'vitest';
import { idempotencyKey } from './idempotency.js';
import { profileOf } from './task-profiles.js';

const papersJson = (exp: number, code = 'MOP01') => ({ papers: [{ id: '1', code, url: `https://indico.example.org/event/4/manage/jpsp/papers/1/9/a.pdf?exp=${exp}&user_token=1_sig${exp}` }] });

describe('task profiles', () => {
  it('booklet: the event is sent with the options; the key hashes the JSON as fetched', () => {
    const p = profileOf('abstract-booklet');
    expect(p.input({ id: 4 }, { bookletOptions: { pageSize: 'A5' } } as never)).toEqual({ event: { id: 4 }, options: { pageSize: 'A5' } });
    expect(p.fingerprint('{"id":4}', { id: 4 })).toBe('{"id":4}');
    expect(p.autoDownload).toBe(true);
  });

  it('papers-check: the JSON is the input; the same papers with fresh signatures are the same run, a new file is not', async () => {
    const p = profileOf('papers-check');
    const a = papersJson(1000);
    expect(p.input(a, {} as never)).toBe(a);
    expect(p.autoDownload).toBe(false);
    const key = async (d: unknown) => idempotencyKey('4', p.fingerprint(JSON.stringify(d), d), 'papers-check', undefined, p.keyPrefix);
    expect(await key(a)).toMatch(/^papers:4:[0-9a-f]{64}$/);
    expect(await key(papersJson(2000))).toBe(await key(a));
    expect(await key(papersJson(1000, 'MOP02'))).not.toBe(await key(a));
  });
});
