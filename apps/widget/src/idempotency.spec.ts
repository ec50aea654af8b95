import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { idempotencyKey } from './idempotency.js';

describe(idempotencyKey.name, () => {
  it('is booklet:<event id>:<sha256 of the event JSON, the task and the options>', async () => {
    const json = '{"results":[{"id":"44"}]}';
    const expected = createHash('sha256').update(`${json}\n{"task":"abstract-booklet","options":null}`).digest('hex');
    await expect(idempotencyKey('44', json, 'abstract-booklet', undefined)).resolves.toBe(`booklet:44:${expected}`);
  });

  it('changes with the data and the options, not between two calls on the same input', async () => {
    const a = await idempotencyKey('44', '{"a":1}', 'abstract-booklet', { lang: 'en' });
    expect(await idempotencyKey('44', '{"a":1}', 'abstract-booklet', { lang: 'en' })).toBe(a);
    expect(await idempotencyKey('44', '{"a":2}', 'abstract-booklet', { lang: 'en' })).not.toBe(a);
    expect(await idempotencyKey('44', '{"a":1}', 'abstract-booklet', { lang: 'it' })).not.toBe(a);
  });

  it('stays printable ASCII without spaces (the server refuses anything else)', async () => {
    expect(await idempotencyKey('ev 4 é', '{}', 't', undefined)).toMatch(/^[\x21-\x7e]+$/);
  });
});
