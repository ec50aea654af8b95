import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORWARDER_SOURCE } from './upgrade-release.js';

describe('Engine.IO upgrade response', () => {
  it('is kept alive by the close forwarder the adapter recognises and removes (else ~0.4 KB per connection stays)', () => {
    // The Engine.IO that Socket.IO loads.
    const engineMain = createRequire(createRequire(import.meta.url).resolve('socket.io')).resolve('engine.io');
    const source = readFileSync(join(dirname(engineMain), 'server.js'), 'utf8');
    expect(source).toContain(`socket.once("close", ${FORWARDER_SOURCE});`);
  });
});
