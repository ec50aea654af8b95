// Credentials and redirects, through the real server and its worker's guarded fetch: the caller's
// headers reach only the origin they were given for, and an https answer cannot send the fetch
// down to plain http. The https origin uses a certificate made here by openssl, which the server
// process trusts through NODE_EXTRA_CA_CERTS (a control fetch proves that trust works).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connected, runTask, startTestServer, type Client, type TestServer } from './harness.js';

const CREDENTIALS = { authorization: 'Bearer indico-token', cookie: 'indico_session=secret', 'x-indico-token': 'signed' };

describe('binary-input fetch: credentials never follow a redirect to another origin', () => {
  let server: TestServer;
  let client: Client;
  let first: Server;
  let second: Server;
  let tls: Server;
  const hits: Array<{ origin: string; url?: string; headers: Record<string, unknown> }> = [];
  let firstUrl: string;
  let secondUrl: string;
  let tlsUrl: string;

  const record = (origin: string) => (req: IncomingMessage, res: ServerResponse, routes: Record<string, () => void>) => {
    const { authorization, cookie } = req.headers;
    hits.push({ origin, url: req.url, headers: { authorization, cookie, 'x-indico-token': req.headers['x-indico-token'] } });
    (routes[req.url ?? ''] ?? (() => res.writeHead(404).end()))();
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jpsp-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });

    const atSecond = record('second');
    second = createHttpServer((req, res) => atSecond(req, res, { '/file': () => res.end('second bytes') }));
    await new Promise<void>((r) => second.listen(0, '127.0.0.2', r));
    secondUrl = `http://127.0.0.2:${(second.address() as AddressInfo).port}`;

    const atFirst = record('first');
    first = createHttpServer((req, res) =>
      atFirst(req, res, {
        '/file': () => res.end('first bytes'),
        '/same-origin': () => res.writeHead(302, { location: '/file' }).end(),
        '/other-origin': () => res.writeHead(307, { location: `${secondUrl}/file` }).end(),
      }),
    );
    await new Promise<void>((r) => first.listen(0, '127.0.0.1', r));
    firstUrl = `http://127.0.0.1:${(first.address() as AddressInfo).port}`;

    const atTls = record('tls');
    tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) =>
      atTls(req, res, {
        '/file': () => res.end('tls bytes'),
        '/to-http': () => res.writeHead(302, { location: `${firstUrl}/file` }).end(),
      }),
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;

    server = await startTestServer({ JPSP_FETCH_ALLOW_PRIVATE: 'true', NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') });
    client = await connected(connect(server.url));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
    for (const s of [first, second, tls]) {
      s?.closeAllConnections();
      await new Promise<void>((r) => (s ? s.close(() => r()) : r()));
    }
  });

  it('a redirect within the origin keeps the headers (control)', async () => {
    hits.length = 0;
    const snap = await runTask(client, 'test-fetch', { url: `${firstUrl}/same-origin`, headers: CREDENTIALS });
    expect(snap).toMatchObject({ status: 'completed', result: { data: { bytes: 11 } } });
    expect(hits).toEqual([
      { origin: 'first', url: '/same-origin', headers: CREDENTIALS },
      { origin: 'first', url: '/file', headers: CREDENTIALS },
    ]);
  });

  it('a redirect to another origin is followed without any of the caller\'s headers', async () => {
    hits.length = 0;
    const snap = await runTask(client, 'test-fetch', { url: `${firstUrl}/other-origin`, headers: CREDENTIALS });
    expect(snap).toMatchObject({ status: 'completed', result: { data: { bytes: 12 } } });
    expect(hits).toEqual([
      { origin: 'first', url: '/other-origin', headers: CREDENTIALS },
      { origin: 'second', url: '/file', headers: { authorization: undefined, cookie: undefined, 'x-indico-token': undefined } },
    ]);
  });

  it('https is fetched (control); a redirect from https down to http is refused before any request', async () => {
    expect(await runTask(client, 'test-fetch', { url: `${tlsUrl}/file`, headers: CREDENTIALS })).toMatchObject({ status: 'completed', result: { data: { bytes: 9 } } });
    hits.length = 0;
    const snap = await runTask(client, 'test-fetch', { url: `${tlsUrl}/to-http`, headers: CREDENTIALS });
    expect(snap).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED' } });
    expect(snap.error?.message).toMatch(/refusing to follow a redirect from https to http/);
    expect(hits.map((h) => h.origin)).toEqual(['tls']);
  });
});
