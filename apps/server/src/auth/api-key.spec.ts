import { describe, expect, it } from 'vitest';
import { ApiKeyVerifier, keyFromHeaders } from './api-key.js';

describe(ApiKeyVerifier.name, () => {
  const sut = new ApiKeyVerifier(['alpha-key-0123456789', 'beta-key-0123456789']);

  it('maps each valid key to a stable tenant id that is not the key', () => {
    const a = sut.verify('alpha-key-0123456789');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(sut.verify('alpha-key-0123456789')).toBe(a);
    expect(sut.verify('beta-key-0123456789')).not.toBe(a);
  });

  it.each([undefined, null, 42, '', 'alpha-key-012345678', 'x'.repeat(5000), { key: 'alpha-key-0123456789' }])('refuses %s', (candidate) => {
    expect(sut.verify(candidate)).toBeUndefined();
  });

  it('reads Bearer and X-Api-Key headers', () => {
    expect(keyFromHeaders({ authorization: 'Bearer abc' })).toBe('abc');
    expect(keyFromHeaders({ authorization: 'bearer  abc ' })).toBe('abc');
    expect(keyFromHeaders({ 'x-api-key': 'xyz' })).toBe('xyz');
    expect(keyFromHeaders({ authorization: 'Basic abc' })).toBeUndefined();
  });
});
