// SSRF through redirects and DNS, in-process against the real fetchBinary. This machine has no
// public address to stand a "good" first hop on (eth0 is TEST-NET and ULA, both refused), so the
// test declares 127.0.0.2 public: the address policy (isPublicAddress) is wrapped to let exactly
// that address through, and a fake resolver maps test names to addresses. Everything else is the real code:
// the redirect target must then be refused on its own merits, by literal or by resolution.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const PUBLIC = '127.0.0.2';

vi.mock('../src/inputs/address-policy.js', async (importOriginal) => {
  const policy = await importOriginal<typeof import('../src/inputs/address-policy.js')>();
  const isPublicAddress = (a: string) => a === PUBLIC || a === `::ffff:${PUBLIC}` || policy.isPublicAddress(a);
  return { ...policy, isPublicAddress };
});

/** name → addresses the fake resolver answers. */
const NAMES: Record<string, string[]> = {
  'public.test': [PUBLIC],
  'loopback.test': ['127.0.0.1'],
  'mixed.test': [PUBLIC, '127.0.0.1'], // one good, one bad record: refused
  'metadata.test': ['169.254.169.254'],
  'ula.test': ['fd00::2'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'sixtofour.test': ['2002:7f00:1::1'], // 6to4 form of 127.0.0.1
  'nat64.test': ['64:ff9b::a00:1'], // NAT64 form of 10.0.0.1
};

vi.mock('node:dns', async (importOriginal) => {
  const dns = await importOriginal<typeof import('node:dns')>();
  const lookup = (hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (err: Error | null, a: unknown, f?: number) => void;
    const answers = NAMES[hostname];
    if (!answers) {
      return dns.lookup(hostname, options as never, cb as never);
    }
    const list = answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    process.nextTick(() => ((options as { all?: boolean })?.all ? cb(null, list) : cb(null, list[0].address, list[0].family)));
  };
  return { ...dns, lookup, default: { ...dns, lookup } };
});

const { fetchBinary } = await import('../src/inputs/fetch-binary.js');

describe('fetchBinary: redirects and DNS cannot reach private addresses', () => {
  let inside: Server;
  let outside: Server;
  let insidePort: number;
  let pub: string;
  const insideHits: string[] = [];
  const echoed: Array<{ host: string; authorization?: string; token?: string | string[] }> = [];
  const limits = { maxBytes: 1 << 20, timeoutMs: 3_000, allowPrivate: false };

  beforeAll(async () => {
    // "Inside": what an attacker wants to reach (loopback).
    inside = createServer((req, res) => {
      insideHits.push(req.url ?? '');
      res.end('internal secret');
    });
    await new Promise<void>((r) => inside.listen(0, '0.0.0.0', r));
    insidePort = (inside.address() as AddressInfo).port;
    // "Outside": the attacker's public server, redirecting inwards.
    outside = createServer((req, res) => {
      const to = (location: string) => res.writeHead(302, { location }).end();
      const routes: Record<string, () => void> = {
        '/ok': () => res.end('public bytes'),
        '/echo': () => {
          echoed.push({ host: req.headers.host ?? '', authorization: req.headers.authorization, token: req.headers['x-indico-token'] });
          res.end('echo');
        },
        '/to-echo': () => to('/echo'),
        '/to-public-name-echo': () => to(`http://public.test:${port()}/echo`),
        '/to-ok': () => to('/ok'),
        '/to-public-name': () => to(`http://public.test:${port()}/ok`),
        '/to-loopback': () => to(`http://127.0.0.1:${insidePort}/secret`),
        '/to-localhost': () => to(`http://localhost:${insidePort}/secret`),
        '/to-hosts-name': () => to(`http://vm:${insidePort}/secret`),
        '/to-v6-loopback': () => to(`http://[::1]:${insidePort}/secret`),
        '/to-mapped': () => to(`http://[::ffff:127.0.0.1]:${insidePort}/secret`),
        '/to-decimal': () => to(`http://2130706433:${insidePort}/secret`),
        '/to-metadata': () => to('http://169.254.169.254/latest/meta-data/'),
        '/to-loopback-name': () => to(`http://loopback.test:${insidePort}/secret`),
        '/to-mixed-name': () => to(`http://mixed.test:${insidePort}/secret`),
        '/to-ula-name': () => to(`http://ula.test:${insidePort}/secret`),
        '/to-file': () => to('file:///etc/passwd'),
        '/to-creds': () => to(`http://u:p@public.test:${port()}/ok`),
        '/chain': () => to('/chain2'),
        '/chain2': () => to('/chain3'),
        '/chain3': () => to(`http://127.0.0.1:${insidePort}/secret`),
      };
      (routes[req.url ?? ''] ?? (() => res.writeHead(404).end()))();
    });
    await new Promise<void>((r) => outside.listen(0, PUBLIC, r));
    pub = `http://${PUBLIC}:${port()}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => inside.close(() => r()));
    await new Promise<void>((r) => outside.close(() => r()));
  });
  const port = () => (outside.address() as AddressInfo).port;

  it('controls: the stand-in public address and name are fetched, redirects among them followed', async () => {
    expect(Buffer.from(await fetchBinary({ url: `${pub}/ok` }, limits)).toString()).toBe('public bytes');
    expect(Buffer.from(await fetchBinary({ url: `${pub}/to-ok` }, limits)).toString()).toBe('public bytes');
    expect(Buffer.from(await fetchBinary({ url: `${pub}/to-public-name` }, limits)).toString()).toBe('public bytes');
    expect(Buffer.from(await fetchBinary({ url: `http://public.test:${port()}/ok` }, limits)).toString()).toBe('public bytes');
  });

  it.each([
    '/to-loopback',
    '/to-localhost',
    '/to-hosts-name',
    '/to-v6-loopback',
    '/to-mapped',
    '/to-decimal',
    '/to-metadata',
    '/to-loopback-name',
    '/to-mixed-name',
    '/to-ula-name',
    '/chain',
  ])('a redirect %s from the public server is refused', async (path) => {
    await expect(fetchBinary({ url: `${pub}${path}` }, limits)).rejects.toThrow(/refusing to fetch/);
    expect(insideHits).toEqual([]);
  });

  it('redirects to other schemes or with credentials are refused', async () => {
    await expect(fetchBinary({ url: `${pub}/to-file` }, limits)).rejects.toThrow(/only http and https/);
    await expect(fetchBinary({ url: `${pub}/to-creds` }, limits)).rejects.toThrow(/credentials/);
  });

  it('a redirect within the origin keeps the caller\'s headers; one to another origin carries none of them', async () => {
    const headers = { authorization: 'Bearer indico-token', 'x-indico-token': 'signed-secret' };
    echoed.length = 0;
    await fetchBinary({ url: `${pub}/to-echo`, headers }, limits);
    await fetchBinary({ url: `${pub}/to-public-name-echo`, headers }, limits);
    expect(echoed).toEqual([
      { host: `${PUBLIC}:${port()}`, authorization: 'Bearer indico-token', token: 'signed-secret' },
      { host: `public.test:${port()}`, authorization: undefined, token: undefined },
    ]);
  });

  it.each(['loopback.test', 'mixed.test', 'metadata.test', 'ula.test', 'mapped.test', 'sixtofour.test', 'nat64.test'])('a name resolving to a private address (%s) is refused', async (name) => {
    await expect(fetchBinary({ url: `http://${name}:${insidePort}/secret` }, limits)).rejects.toThrow(/refusing to fetch/);
    expect(insideHits).toEqual([]);
  });
});
