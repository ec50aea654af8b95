import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchBinary, FetchError, redirectHeaders } from './fetch-binary.js';

describe(fetchBinary.name, () => {
  let server: Server;
  let base: string;
  let port: number;
  const seen: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization, host: req.headers.host, cookie: req.headers.cookie });
      if (req.url === '/template.docx') {
        res.end(Buffer.from('PK fake docx'));
      } else if (req.url === '/big') {
        res.end(Buffer.alloc(5000));
      } else if (req.url === '/big-chunked') {
        res.write(Buffer.alloc(3000));
        res.end(Buffer.alloc(3000));
      } else if (req.url === '/to-other-origin') {
        res.writeHead(302, { location: `http://127.0.0.2:${port}/template.docx` }).end();
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/template.docx' }).end();
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2000);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r)); // 127.0.0.1 and 127.0.0.2: two origins
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const open = { maxBytes: 4096, timeoutMs: 1000, allowPrivate: true };
  const closed = { ...open, allowPrivate: false };

  it('fetches bytes with the given headers, following a redirect', async () => {
    const bytes = await fetchBinary({ url: `${base}/redirect`, headers: { authorization: 'Bearer indico-token' } }, open);
    expect(Buffer.from(bytes).toString()).toBe('PK fake docx');
    expect(seen.at(-1)).toEqual({ url: '/template.docx', auth: 'Bearer indico-token', host: `127.0.0.1:${port}`, cookie: undefined });
  });

  it('refuses loopback, private, link-local and metadata targets unless allowed', async () => {
    for (const url of [`${base}/template.docx`, 'http://localhost:1/x', 'http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:1/x', 'http://[::ffff:127.0.0.1]:1/x', 'http://0.0.0.0:1/x']) {
      await expect(fetchBinary({ url }, closed), url).rejects.toThrow(/refusing/);
    }
  });

  it('caps the size (declared and streamed), the time, and refuses other schemes and URL credentials', async () => {
    await expect(fetchBinary({ url: `${base}/big` }, open)).rejects.toThrow(/limit/);
    await expect(fetchBinary({ url: `${base}/big-chunked` }, open)).rejects.toThrow(/limit/);
    await expect(fetchBinary({ url: `${base}/slow` }, { ...open, timeoutMs: 200 })).rejects.toThrow(/timed out/);
    await expect(fetchBinary({ url: 'file:///etc/passwd' }, open)).rejects.toThrow(/only http and https/);
    await expect(fetchBinary({ url: `http://user:pw@127.0.0.1:1/` }, open)).rejects.toThrow(/credentials/);
    await expect(fetchBinary({ url: `${base}/missing` }, open)).rejects.toThrow(/HTTP 404/);
  });

  it('follows a redirect to another origin without the caller\'s headers', async () => {
    const bytes = await fetchBinary({ url: `${base}/to-other-origin`, headers: { authorization: 'Bearer indico-token', cookie: 'indico_session=s' } }, open);
    expect(Buffer.from(bytes).toString()).toBe('PK fake docx');
    expect(seen.at(-2)).toEqual({ url: '/to-other-origin', auth: 'Bearer indico-token', host: `127.0.0.1:${port}`, cookie: 'indico_session=s' });
    expect(seen.at(-1)).toEqual({ url: '/template.docx', auth: undefined, host: `127.0.0.2:${port}`, cookie: undefined });
  });

  it('keeps headers on the same origin, drops them across origins, refuses https → http', () => {
    const h = { authorization: 'Bearer t' };
    const u = (s: string) => new URL(s);
    expect(redirectHeaders(u('https://indico.example.org/a'), u('https://indico.example.org/b?x=1'), h)).toBe(h);
    expect(redirectHeaders(u('https://indico.example.org/a'), u('https://cdn.example.org/b'), h)).toEqual({});
    expect(redirectHeaders(u('https://indico.example.org/a'), u('https://indico.example.org:8443/b'), h)).toEqual({});
    expect(redirectHeaders(u('http://indico.example.org/a'), u('https://indico.example.org/b'), h)).toEqual({});
    expect(() => redirectHeaders(u('https://indico.example.org/a'), u('http://indico.example.org/b'), h)).toThrow(FetchError);
    expect(() => redirectHeaders(u('https://indico.example.org/a'), u('http://indico.example.org/b'), h)).toThrow(/https to http/);
  });
});
