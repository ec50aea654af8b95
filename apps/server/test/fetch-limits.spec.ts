// The binary-input fetch's bounds against a real origin on loopback: size (declared and chunked),
// time (headers and a body that never ends), redirects and schemes. The server under test allows
// private targets for this only; the SSRF refusals themselves are in security.spec.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connected, runTask, startTestServer, type Client, type TestServer } from './harness.js';
import { metric } from './reliability.js';

describe('binary-input fetch limits (private targets allowed for the test server only)', () => {
  let server: TestServer;
  let client: Client;
  let origin: Server;
  let base: string;
  const seen: Array<{ url?: string; auth?: string }> = [];

  beforeAll(async () => {
    origin = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      switch (req.url) {
        case '/ok':
          res.end('template bytes');
          break;
        case '/big':
          res.end(Buffer.alloc(10_000));
          break;
        case '/big-chunked':
          for (let i = 0; i < 10; i++) {
            res.write(Buffer.alloc(1_000));
          }
          res.end();
          break;
        case '/slow-headers':
          setTimeout(() => res.end('late'), 20_000).unref();
          break;
        case '/drip': {
          // Sends a byte every 50 ms forever: only an overall time limit stops it.
          res.writeHead(200);
          const t = setInterval(() => res.write('x'), 50);
          res.on('close', () => clearInterval(t));
          break;
        }
        case '/loop':
          res.writeHead(302, { location: '/loop' }).end();
          break;
        case '/to-file':
          res.writeHead(302, { location: 'file:///etc/passwd' }).end();
          break;
        default:
          res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    server = await startTestServer({ JPSP_FETCH_ALLOW_PRIVATE: 'true', JPSP_FETCH_MAX_BYTES: '4096', JPSP_FETCH_TIMEOUT_MS: '700' });
    client = await connected(connect(server.url));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
    origin?.closeAllConnections();
    await new Promise<void>((r) => origin?.close(() => r()));
  });

  it('fetches within the limits, passing the given headers (control)', async () => {
    const snap = await runTask(client, 'test-fetch', { url: `${base}/ok`, headers: { authorization: 'Bearer indico-token' } });
    expect(snap).toMatchObject({ status: 'completed', result: { data: { bytes: 14 } } });
    expect(seen.at(-1)).toEqual({ url: '/ok', auth: 'Bearer indico-token' });
  });

  it.each([
    ['/big', /more than the limit of 4096/],
    ['/big-chunked', /larger than the limit of 4096/],
    ['/slow-headers', /timed out/],
    ['/drip', /timed out|aborted/],
    ['/loop', /too many redirects/],
    ['/to-file', /only http and https/],
    ['/missing', /HTTP 404/],
  ])('%s fails the task with TASK_FAILED (%s), well within the task timeout', async (path, message) => {
    const snap = await runTask(client, 'test-fetch', { url: `${base}${path}` });
    expect(snap).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED' } });
    expect(snap.error?.message).toMatch(message);
    expect(await metric(server, 'jpsp_tasks_running')).toBe(0);
  });
});
