import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connected, runTask, startTestServer, type Client, type TestServer } from './harness.js';

const run = promisify(execFile);

describe('downloads: ranges past the end (curl -C -)', () => {
  let server: TestServer;
  let client: Client;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer({});
    client = await connected(connect(server.url));
    dir = mkdtempSync(join(tmpdir(), 'jpsp-dl-'));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 416 with Content-Range bytes */size and a JSON body, so resuming a complete download leaves it intact', async () => {
    const snap = await runTask(client, 'test-bigfile', { bytes: 300_000 });
    const file = snap.result!.files[0];

    const past = await fetch(file.url, { headers: { range: `bytes=${file.size}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${file.size}`);
    expect(past.headers.get('content-type')).toMatch(/^application\/json/);
    expect(past.headers.get('content-disposition')).toBeNull();
    expect(await past.json()).toMatchObject({ error: { code: 'RANGE_NOT_SATISFIABLE', details: { size: file.size } } });

    // A satisfiable range still works, and so does a range that runs past the end (clipped).
    const tail = await fetch(file.url, { headers: { range: `bytes=${file.size - 10}-${file.size + 100}` } });
    expect(tail.status).toBe(206);
    expect((await tail.arrayBuffer()).byteLength).toBe(10);

    // curl -C - on a complete file: curl stops cleanly (416 is "already complete" to it) and the
    // file is unchanged, byte for byte.
    const out = join(dir, 'result.bin');
    await run('curl', ['-sS', '-o', out, file.url]);
    const whole = readFileSync(out);
    expect(createHash('sha256').update(whole).digest('hex')).toBe(file.sha256);
    await run('curl', ['-sS', '-C', '-', '-o', out, file.url]);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(file.sha256);

    // A partial file resumes to the whole.
    writeFileSync(out, whole.subarray(0, 1000));
    await run('curl', ['-sS', '-C', '-', '-o', out, file.url]);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(file.sha256);

    // Other errors on /files are JSON too, never labelled as a file.
    const missing = await fetch(`${file.url}x`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
  }, 30_000);
});
