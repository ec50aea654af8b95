// Security checks against the real server: the handshake gates every event, keys never reach the
// logs, tenants are isolated, download tokens leak nothing, the origin allowlist holds, and the
// binary-input fetch cannot be pointed at the machine behind the server (SSRF). Extends what
// socket.spec.ts and rest.spec.ts already cover.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { TaskSnapshot } from '@jpsp/contracts';
import { KEY_A, KEY_B, connect, connected, emitAck, okData, runTask, sleep, startTestServer, type Client, type TestServer } from './harness.js';
import { mapLimit, rawRequest } from './reliability.js';

const ORIGIN = 'https://indico.example.org';

/** A raw Engine.IO/Socket.IO v4 WebSocket client: sends frames as given, records every frame received. */
async function rawSocket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers });
  const frames: string[] = [];
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  ws.on('message', (data) => {
    const text = (data as Buffer).toString();
    frames.push(text);
    if (text === '2') {
      ws.send('3'); // answer engine pings
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed };
}

describe('security', () => {
  let server: TestServer;
  let a: Client;
  let b: Client;
  let target: Server;
  let targetUrl: string;
  const targetHits: string[] = [];

  beforeAll(async () => {
    // A local HTTP server the SSRF attempts aim at: any request it receives is a failure.
    target = createServer((req, res) => {
      targetHits.push(req.url ?? '');
      res.end('internal secret');
    });
    await new Promise<void>((r) => target.listen(0, '0.0.0.0', r));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    server = await startTestServer({ JPSP_ALLOWED_ORIGINS: ORIGIN, JPSP_LOG_LEVEL: 'trace' });
    a = await connected(connect(server.url, KEY_A));
    b = await connected(connect(server.url, KEY_B));
  });
  afterAll(async () => {
    a?.close();
    b?.close();
    await server?.stop();
    await new Promise<void>((r) => target?.close(() => r()));
  });

  describe('handshake gates every event', () => {
    const tasksSubmitted = () => server.logs.filter((l) => l.includes('"msg":"task queued"')).length;

    it('an event sent before any CONNECT packet is never handled: the connection is closed', async () => {
      const before = tasksSubmitted();
      const raw = await rawSocket(server.url);
      raw.ws.send('421["task:submit",{"task":"test-echo","input":{"text":"sneaky"}}]');
      raw.ws.send('422["task:catalog",{}]');
      await raw.closed;
      expect(raw.frames.filter((f) => f.startsWith('43'))).toEqual([]);
      expect(tasksSubmitted()).toBe(before);
    });

    it.each([
      ['a wrong key', { apiKey: 'wrong-key-0123456789abcdef' }],
      ['no key', {}],
      ['a key of the wrong type', { apiKey: { $ne: null } }],
      ['an overlong key', { apiKey: 'k'.repeat(100_000) }],
    ])('events pipelined right behind a CONNECT with %s are never handled', async (_label, auth) => {
      const before = tasksSubmitted();
      const raw = await rawSocket(server.url);
      // CONNECT and events in the same tick: the events must not overtake the key check.
      raw.ws.send(`40${JSON.stringify(auth)}`);
      raw.ws.send('421["task:submit",{"task":"test-echo","input":{"text":"sneaky"}}]');
      raw.ws.send('422["task:catalog",{}]');
      raw.ws.send('423["task:subscribe",{"taskId":"00000000-0000-4000-8000-000000000000"}]');
      // The server refuses the namespace connection (CONNECT_ERROR) or drops the whole connection
      // (events for a namespace not yet joined); either way nothing that follows is answered.
      let closed = false;
      void raw.closed.then(() => (closed = true));
      for (let i = 0; i < 600 && !closed && !raw.frames.some((f) => f.startsWith('44')); i++) {
        await sleep(50);
      }
      expect(closed || raw.frames.includes('44{"message":"UNAUTHORIZED"}')).toBe(true);
      // Positive control on another connection proves the server is processing packets meanwhile.
      expect(okData(await emitAck<unknown[]>(a, 'task:catalog', {})).length).toBeGreaterThan(0);
      raw.ws.close();
      await raw.closed;
      expect(raw.frames.filter((f) => f.startsWith('43'))).toEqual([]);
      expect(tasksSubmitted()).toBe(before);
    }, 60_000);

    it('the same pipelining with a valid key is answered (control)', async () => {
      const raw = await rawSocket(server.url);
      raw.ws.send(`40${JSON.stringify({ apiKey: KEY_A })}`);
      // A client must wait for the CONNECT answer before emitting (events for a namespace not yet
      // joined close the connection, see above).
      for (let i = 0; i < 600 && !raw.frames.some((f) => f.startsWith('40{"sid"')); i++) {
        await sleep(50);
      }
      raw.ws.send('422["task:catalog",{}]');
      for (let i = 0; i < 600 && !raw.frames.some((f) => f.startsWith('432')); i++) {
        await sleep(50);
      }
      expect(raw.frames.some((f) => f.startsWith('432[{"ok":true'))).toBe(true);
      raw.ws.close();
    }, 60_000);
  });

  describe('tenants', () => {
    it("another key cannot see, follow, cancel or shadow a task, queued, running or finished", async () => {
      const slow = okData(await emitAck(a, 'task:submit', { task: 'test-slow', input: { ms: 800, steps: 4 }, options: { idempotencyKey: 'shared-key' } }));
      for (const event of ['task:subscribe', 'task:cancel']) {
        expect(await emitAck(b, event, { taskId: slow.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No such task' } });
      }
      // Same answer as for a task that never existed: nothing distinguishes the two.
      const never = await emitAck(b, 'task:subscribe', { taskId: '00000000-0000-4000-8000-000000000000' });
      expect(await emitAck(b, 'task:subscribe', { taskId: slow.taskId })).toEqual(never);
      const rest = await rawRequest(server.url, 'GET', `/api/tasks/${slow.taskId}`, { 'x-api-key': KEY_B });
      const restNever = await rawRequest(server.url, 'GET', '/api/tasks/00000000-0000-4000-8000-000000000000', { 'x-api-key': KEY_B });
      expect([rest.status, rest.body.toString()]).toEqual([restNever.status, restNever.body.toString()]);
      // B's identical idempotency key starts B's own task.
      const mine = okData(await emitAck(b, 'task:submit', { task: 'test-slow', input: { ms: 10 }, options: { idempotencyKey: 'shared-key' } }));
      expect(mine.taskId).not.toBe(slow.taskId);
      const done = await runTask(a, 'test-echo', { text: 'a only' });
      expect(await emitAck(b, 'task:subscribe', { taskId: done.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });
  });

  describe('download tokens', () => {
    let echo: TaskSnapshot;
    let booklet: TaskSnapshot;
    let token: string;
    let missingBody: string;
    let missingEtag: string | undefined;

    beforeAll(async () => {
      echo = await runTask(a, 'test-echo', { text: 'secret text of A' });
      booklet = await runTask(b, 'test-booklet', { event: { title: 'B', sessions: [{ title: 'S', description: 'secret of B' }] } });
      token = new URL(echo.result!.files[0].url).pathname.split('/')[2];
      const missing = await rawRequest(server.url, 'GET', `/files/${'A'.repeat(43)}/echo.txt`);
      missingBody = missing.body.toString();
      missingEtag = missing.headers.etag;
    });

    /** A 404 that says nothing more than "not found" (same body as for a token that never existed). */
    async function expectBlind404(path: string) {
      const res = await rawRequest(server.url, 'GET', path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body.toString()).toBe(missingBody);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.headers.etag).toBe(missingEtag); // Express's hash of the same error body
    }

    it('2,000 random well-formed tokens are 404 (fast-check, fixed seed)', async () => {
      const guesses = fc.sample(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), minLength: 43, maxLength: 43 }), { seed: 43, numRuns: 2_000 });
      const statuses = await mapLimit(guesses, 32, async (g) => (await rawRequest(server.url, 'GET', `/files/${g}/echo.txt`)).status);
      expect(new Set(statuses)).toEqual(new Set([404]));
    });

    it('truncated, extended and altered tokens are 404', async () => {
      for (let n = 0; n < token.length; n += 3) {
        await expectBlind404(`/files/${token.slice(0, n)}/echo.txt`);
      }
      await expectBlind404(`/files/${token}A/echo.txt`);
      await expectBlind404(`/files/${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}/echo.txt`); // (1 token in 64 starts with A)
      const flipped = token[5] === token[5].toUpperCase() ? token[5].toLowerCase() : token[5].toUpperCase();
      if (flipped !== token[5]) {
        await expectBlind404(`/files/${token.slice(0, 5)}${flipped}${token.slice(6)}/echo.txt`);
      }
      await expectBlind404(`/files/${encodeURIComponent(token + '\u0000')}/echo.txt`);
    });

    it("traversal and other tasks' file names under a valid token are 404, without leaking that the token exists", async () => {
      const otherName = booklet.result!.files[0].name;
      for (const name of [
        otherName,
        'ECHO.TXT',
        'echo.txt%00.png',
        'echo.txt%2F',
        '..%2Fecho.txt',
        '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
        '%2E%2E%2F.jpsp-temp-root',
        '..%5C..%5Cetc%5Cpasswd',
        '%252e%252e%252fetc%252fpasswd',
        `..%2F${booklet.taskId}%2F${otherName}`,
        `%2e%2e%2f${echo.taskId}%2fecho.txt`,
        '.jpsp-temp-root',
        '.jpsp-lock',
        '%2e%2e%2f.jpsp-lock',
        encodeURIComponent(`../${echo.taskId}/echo.txt`),
      ]) {
        await expectBlind404(`/files/${token}/${name}`);
      }
      for (const path of [`/files/${token}/./echo.txt`, `/files/${token}/../${token}/echo.txt`, `/files/${token}//echo.txt`, `/files/${echo.taskId}/echo.txt`, `/files/../results/${echo.taskId}/echo.txt`]) {
        const res = await rawRequest(server.url, 'GET', path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.body.toString()).not.toContain('secret');
      }
      // The genuine URL still works (control), with the download headers.
      const ok = await rawRequest(server.url, 'GET', new URL(echo.result!.files[0].url).pathname);
      expect(ok.status).toBe(200);
      expect(ok.body.toString()).toBe('secret text of A');
    });

    it('downloads carry attachment, nosniff, no-referrer, frame denial and cache headers; no x-powered-by anywhere', async () => {
      const res = await rawRequest(server.url, 'GET', new URL(booklet.result!.files[0].url).pathname);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="booklet\.odt"; filename\*=UTF-8''booklet\.odt$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('private, no-transform');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      for (const path of ['/health', '/api/tasks', '/files/x/y', '/nope', '/api/docs']) {
        const r = await rawRequest(server.url, 'GET', path, { authorization: `Bearer ${KEY_A}` });
        expect([path, r.headers['x-powered-by']]).toEqual([path, undefined]);
        expect([path, r.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
      }
    });
  });

  describe('origin allowlist', () => {
    it.each([
      ['https://evil.example', false],
      ['null', false],
      ['https://indico.example.org.evil.example', false],
      ['http://indico.example.org', false],
      ['https://indico.example.org:8443', false],
      [ORIGIN, true],
    ])('REST CORS for Origin %s → allowed: %s', async (origin, allowed) => {
      for (const method of ['GET', 'OPTIONS']) {
        const res = await rawRequest(server.url, method, '/api/tasks', { origin, authorization: `Bearer ${KEY_A}`, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' });
        expect([method, res.headers['access-control-allow-origin']]).toEqual([method, allowed ? origin : undefined]);
      }
    });

    it.each([
      ['https://evil.example', false, 'websocket'],
      ['null', false, 'websocket'],
      ['https://indico.example.org.evil.example', false, 'websocket'],
      ['https://evil.example', false, 'polling'],
      [ORIGIN, true, 'websocket'],
      [ORIGIN, true, 'polling'],
    ] as const)('Socket.IO from Origin %s → allowed: %s (%s)', async (origin, allowed, transport) => {
      const c = connect(server.url, KEY_A, { extraHeaders: { origin }, transports: [transport] });
      const outcome = await new Promise<string>((resolve) => {
        c.once('connect', () => resolve('connected'));
        c.once('connect_error', (err) => resolve(`refused: ${err.message}`));
      });
      c.close();
      expect(outcome === 'connected').toBe(allowed);
    });

    it("the server's own origin is allowed (a page it serves), whatever the allowlist", async () => {
      const own = new URL(server.url).origin;
      const c = await connected(connect(server.url, KEY_A, { extraHeaders: { origin: own } }));
      expect(c.connected).toBe(true);
      c.close();
    });
  });

  describe('keys never reach the logs', () => {
    it('after handshakes, REST calls, metrics and failures with right and wrong keys (log level trace)', async () => {
      const near = `${KEY_A.slice(0, -1)}X`; // a typo of a real key is a secret too
      const variants: Array<Parameters<typeof connect>[2]> = [{ auth: { apiKey: KEY_B } }, { auth: {}, extraHeaders: { authorization: `Bearer ${KEY_B}` } }, { auth: {}, extraHeaders: { 'x-api-key': KEY_B } }, { auth: { apiKey: near } }, { auth: {}, query: { apiKey: KEY_A } }];
      for (const opts of variants) {
        const c = connect(server.url, null, opts);
        await new Promise<void>((resolve) => {
          c.once('connect', () => resolve());
          c.once('connect_error', () => resolve());
        });
        c.close();
      }
      await rawRequest(server.url, 'GET', `/api/tasks?apiKey=${KEY_A}`, { authorization: `Bearer ${near}` });
      await rawRequest(server.url, 'POST', '/api/tasks', { 'x-api-key': KEY_B, 'content-type': 'application/json' }, '{"task":');
      await rawRequest(server.url, 'GET', '/metrics', { authorization: `Bearer ${KEY_B}` });
      await rawRequest(server.url, 'GET', `/files/${KEY_A}/x`);
      await runTask(a, 'test-bad', { mode: 'throw' });
      await sleep(200);
      const all = server.logs.join('\n');
      expect(server.logs.length).toBeGreaterThan(20);
      for (const secret of [KEY_A, KEY_B, near]) {
        expect(all).not.toContain(secret);
      }
    });

    it('a configuration error does not print the secret values it refuses', async () => {
      const demoKey = 'my secret demo key!'; // invalid (spaces, '!'): refused at start
      const err = await startTestServer({ JPSP_API_KEYS: 'short-secret-1', JPSP_DEMO_KEY: demoKey }, ['--demo']).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/exited with 1/);
      expect(err?.message).toContain('JPSP_DEMO_KEY');
      expect(err?.message).not.toContain(demoKey);
      expect(err?.message).not.toContain('short-secret-1');
    });
  });

  describe('binary-input fetch (SSRF)', () => {
    const refused = async (url: string) => {
      const snap = await runTask(a, 'test-fetch', { url, headers: { authorization: 'Bearer indico-token' } });
      return snap;
    };

    it('refuses loopback, private, link-local, metadata, ULA and mapped addresses, names from /etc/hosts and odd IPv4 spellings', async () => {
      const port = new URL(targetUrl).port;
      const urls = [
        `${targetUrl}/secret`,
        `http://localhost:${port}/`,
        `http://vm:${port}/`, // /etc/hosts → 127.0.0.1
        `http://runsc:${port}/`,
        `http://LOCALHOST.:${port}/`,
        `http://[::1]:${port}/`,
        `http://[::ffff:127.0.0.1]:${port}/`,
        `http://[::ffff:7f00:1]:${port}/`,
        `http://[0:0:0:0:0:ffff:127.0.0.1]:${port}/`,
        `http://[::]:${port}/`,
        `http://0.0.0.0:${port}/`,
        `http://0:${port}/`,
        `http://2130706433:${port}/`,
        `http://0x7f.0.0.1:${port}/`,
        `http://0177.0.0.1:${port}/`,
        `http://127.1:${port}/`,
        `http://192.0.2.2:${port}/`, // this machine's eth0 (TEST-NET-1)
        `http://[fd00::2]:${port}/`, // this machine's ULA address
        'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
        'http://[fd00:ec2::254]/latest/meta-data/',
        'http://100.100.100.200/latest/meta-data/',
        'http://10.0.0.1/',
        'http://172.16.0.1/',
        'http://192.168.1.1/',
        'http://[fe80::1]/',
        'http://224.0.0.1/',
        'http://[ff02::1]/',
        `http://[::127.0.0.1]:${port}/`, // IPv4-compatible: unroutable here, must not reach the target
        `http://user:pw@127.0.0.1:${port}/`,
        'file:///etc/passwd',
        'ftp://127.0.0.1/',
        'gopher://127.0.0.1:6379/_INFO',
        'data:text/plain,hello',
        'http://metadata.google.internal/computeMetadata/v1/',
      ];
      const results = await mapLimit(urls, 4, async (url) => [url, await refused(url)] as const);
      for (const [url, snap] of results) {
        expect([url, snap.status, snap.error?.code]).toEqual([url, 'failed', 'TASK_FAILED']);
        expect(snap.error?.message).toMatch(/^Could not fetch an input: /);
      }
      expect(targetHits).toEqual([]);
    }, 120_000);

    it('never echoes the query string (which may carry a token) in the error', async () => {
      const snap = await refused(`${targetUrl}/x?token=SUPERSECRET`);
      expect(snap.error?.message).not.toContain('SUPERSECRET');
      expect(targetHits).toEqual([]);
    });
  });
});
