import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskSnapshot } from '@jpsp/contracts';
import type { ChecksSummary, PaperReport } from '@jpsp/papers';
import {
  A4_MM,
  HTML_ERROR_PAGE,
  JACOW_MM,
  annotationFontPdf,
  fodt,
  officePdfs,
  standard14Pdf,
  truncated,
  type3FigurePdf,
  withHeaderVersion,
} from '@jpsp/papers/test-support/make-pdfs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connected, emitAck, isDone, KEY_A, okData, runTask, startTestServer, until, waitForUpdate, type Client, type TestServer } from './harness.js';

// A credential made per run (never a literal): the file server below requires it.
const SECRET = `Bearer ${randomBytes(18).toString('base64url')}`;

interface PapersData {
  summary: ChecksSummary;
  papers: PaperReport[];
}

/** A file server that answers only with the right Authorization header (as an Indico signed URL would be refused without its query). */
class PaperServer {
  readonly files = new Map<string, Uint8Array>();
  readonly requests: { path: string; authorization?: string }[] = [];
  /** Requests to /slow/ still open; they end when the client goes away. */
  slowOpen = 0;
  slowStarted = 0;
  private server!: Server;
  url = '';

  constructor(private readonly redirectTo?: () => string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.requests.push({ path, authorization: req.headers.authorization });
    if (path.startsWith('/slow/')) {
      this.slowStarted++;
      this.slowOpen++;
      req.socket.once('close', () => this.slowOpen--); // never answered: the client must give up
      return;
    }
    if (path === '/redirect.pdf' && this.redirectTo) {
      res.writeHead(302, { location: `${this.redirectTo()}/open/good.pdf` }).end();
      return;
    }
    if (!path.startsWith('/open/') && req.headers.authorization !== SECRET) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
      return;
    }
    const file = this.files.get(path.replace(/^\/open\//, '/'));
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>not found</html>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': file.byteLength }).end(file);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let server: TestServer;
let client: Client;
let files: PaperServer;
let other: PaperServer;

beforeAll(async () => {
  const office = await officePdfs({ good: fodt({ size: JACOW_MM, pages: 4, figure: true }), a4: fodt({ size: A4_MM, pages: 2 }), long: fodt({ size: JACOW_MM, pages: 7 }) });
  other = new PaperServer();
  await other.start();
  files = new PaperServer(() => other.url);
  await files.start();
  const put = (name: string, bytes: Uint8Array) => {
    files.files.set(`/${name}`, bytes);
    other.files.set(`/${name}`, bytes);
  };
  put('good.pdf', office.good);
  put('a4.pdf', office.a4);
  put('long.pdf', office.long);
  put('std14.pdf', await standard14Pdf(3));
  put('type3.pdf', await type3FigurePdf());
  put('annot.pdf', await annotationFontPdf());
  put('v2.pdf', withHeaderVersion(office.good, '2.0'));
  put('truncated.pdf', truncated(office.good));
  put('html.pdf', HTML_ERROR_PAGE);
  server = await startTestServer({ JPSP_FETCH_ALLOW_PRIVATE: 'true', JPSP_FETCH_TIMEOUT_MS: '1500' });
  client = await connected(connect(server.url));
}, 120_000);

afterAll(async () => {
  client?.close();
  await server?.stop();
  await files?.stop();
  await other?.stop();
});

const paper = (id: string, path: string, extra: Record<string, unknown> = {}) => ({ id, code: `MOP${id.padStart(2, '0')}`, title: `Paper ${id}`, url: `${files.url}${path}`, headers: { Authorization: SECRET }, ...extra });

const byId = (data: PapersData) => new Map(data.papers.map((p) => [p.id, p]));
const found = (p: PaperReport | undefined) => p?.problems.map((x) => `${x.rule}:${x.severity}:${x.page ?? '-'}`);

describe('papers-check', () => {
  it('checks every paper over Socket.IO: each rule’s finding on the right paper and page, reports to download', async () => {
    const papers = [
      paper('1', '/good.pdf'),
      paper('2', '/a4.pdf'),
      paper('3', '/std14.pdf'),
      paper('4', '/type3.pdf'),
      paper('5', '/annot.pdf'),
      paper('6', '/v2.pdf'),
      paper('7', '/long.pdf', { type: 'Poster' }),
      paper('8', '/truncated.pdf'),
      paper('9', '/html.pdf'),
      paper('10', '/missing.pdf'),
      paper('11', '/good.pdf', { headers: { Authorization: 'Bearer wrong' } }),
      paper('12', '/redirect.pdf'),
    ];
    const updates: TaskSnapshot[] = [];
    const onUpdate = (s: TaskSnapshot) => updates.push(s);
    client.on('task:update', onUpdate);
    const done = await runTask(client, 'papers-check', { papers, rules: { maxPagesByType: { Poster: 5 } } }, undefined, 60_000);
    client.off('task:update', onUpdate);
    expect(done.status).toBe('completed');
    const data = done.result!.data as PapersData;
    const r = byId(data);
    expect(found(r.get('1'))).toEqual([]);
    expect(r.get('1')).toMatchObject({ ok: true, pages: 4, code: 'MOP01', title: 'Paper 1' });
    expect(found(r.get('2'))).toEqual(['page-size:error:1']);
    expect(found(r.get('3'))).toEqual(['fonts-not-embedded:error:1']);
    expect(found(r.get('4'))).toEqual(['type3-fonts:warning:2']);
    expect(found(r.get('5'))).toEqual(['fonts-not-embedded:error:2']);
    expect(found(r.get('6'))).toEqual(['pdf-version:warning:-']);
    expect(found(r.get('7'))).toEqual(['page-count:error:-']);
    for (const id of ['8', '9', '10', '11']) {
      expect(found(r.get(id))).toEqual(['unreadable:error:-']);
    }
    expect(r.get('8')!.problems[0].message).toMatch(/truncated/);
    expect(r.get('9')!.problems[0].message).toMatch(/HTML or XML page/);
    expect(r.get('10')!.problems[0].message).toMatch(/^Could not download the file: .*HTTP 404/);
    expect(r.get('11')!.problems[0].message).toMatch(/HTTP 403/);
    // The redirect to another origin was followed without the credential.
    expect(found(r.get('12'))).toEqual([]);
    const crossOrigin = other.requests.filter((q) => q.path === '/open/good.pdf');
    expect(crossOrigin).toHaveLength(1);
    expect(crossOrigin[0].authorization).toBeUndefined();
    expect(files.requests.filter((q) => q.path === '/redirect.pdf')[0].authorization).toBe(SECRET);

    expect(data.summary).toEqual({ total: 12, ok: 4, withErrors: 8, withWarnings: 2, unreadable: 4 });
    expect(data.papers.map((p) => p.id)).toEqual(papers.map((p) => p.id)); // request order
    expect(done.result!.warnings).toContain('4 papers could not be read.');
    expect(done.result!.warnings).toContain('2 papers have fonts that are not embedded.');

    const phases = updates.filter((s) => s.taskId === done.taskId && s.progress).map((s) => s.progress!);
    expect(phases.some((p) => p.phase === 'fetch' || p.phase === 'check')).toBe(true);
    expect(phases.some((p) => /^\d+ \/ 12 checked/.test(p.message ?? ''))).toBe(true);

    const names = done.result!.files.map((f) => f.name);
    expect(names).toEqual(['papers-check.html', 'papers-check.csv']);
    const htmlRes = await fetch(done.result!.files[0].url);
    // Opens in a tab, sandboxed (an opaque origin, no script); the CSV stays an attachment.
    expect(htmlRes.headers.get('content-disposition')).toMatch(/^inline; filename="papers-check.html"/);
    expect(htmlRes.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    const html = await htmlRes.text();
    expect(html.indexOf('MOP02')).toBeLessThan(html.indexOf('Papers without problems'));
    expect(html).toContain('Font Helvetica (Type 1) is not embedded');
    const csvRes = await fetch(done.result!.files[1].url);
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment;/);
    const csv = await csvRes.text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + 10); // header + one row per problem
    // The credential never reaches the server's log.
    expect(server.logs.join('\n')).not.toContain(SECRET.slice('Bearer '.length));
  }, 90_000);

  it('runs over REST the same way', async () => {
    const headers = { 'x-api-key': KEY_A, 'content-type': 'application/json' };
    const res = await fetch(`${server.url}/api/tasks`, { method: 'POST', headers, body: JSON.stringify({ task: 'papers-check', input: { papers: [paper('a', '/good.pdf'), paper('b', '/std14.pdf')] } }) });
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as TaskSnapshot;
    let snap: TaskSnapshot | undefined;
    await until('the REST task ends', async () => {
      snap = (await (await fetch(`${server.url}/api/tasks/${taskId}`, { headers })).json()) as TaskSnapshot;
      return isDone(snap);
    });
    expect(snap!.status).toBe('completed');
    expect((snap!.result!.data as PapersData).summary).toEqual({ total: 2, ok: 1, withErrors: 1, withWarnings: 0, unreadable: 0 });
  }, 60_000);

  it('gives a paper whose server never answers an unreadable problem after the fetch limit, not the task', async () => {
    const done = await runTask(client, 'papers-check', { papers: [paper('s', '/slow/1.pdf'), paper('g', '/good.pdf')] }, undefined, 30_000);
    expect(done.status).toBe('completed');
    expect(found(byId(done.result!.data as PapersData).get('s'))).toEqual(['unreadable:error:-']);
    expect(byId(done.result!.data as PapersData).get('s')!.problems[0].message).toMatch(/timed out/);
  }, 40_000);

  it('cancels mid-run: the task ends cancelled and every open download is dropped', async () => {
    const before = files.slowStarted;
    const papers = Array.from({ length: 300 }, (_, i) => paper(String(i), `/slow/${i}.pdf`));
    const submitted = okData(await emitAck(client, 'task:submit', { task: 'papers-check', input: { papers } }));
    await until('downloads start', () => files.slowStarted - before >= 8);
    const cancelled = okData(await emitAck(client, 'task:cancel', { taskId: submitted.taskId }));
    expect(['running', 'cancelled']).toContain(cancelled.status);
    const final = await waitForUpdate(client, submitted.taskId, isDone, 10_000).catch(async () => okData(await emitAck(client, 'task:subscribe', { taskId: submitted.taskId })));
    expect(final.status).toBe('cancelled');
    await until('the open downloads are closed', () => files.slowOpen === 0, 10_000);
    // At most the fetch concurrency was ever asked for: cancel stopped the rest.
    expect(files.slowStarted - before).toBe(8);
  }, 40_000);

  it('refuses bad input at submit with every reason', async () => {
    const bad = async (input: unknown) => {
      const ack = await emitAck(client, 'task:submit', { task: 'papers-check', input });
      expect(ack.ok).toBe(false);
      return ack.ok ? [] : ((ack.error.details ?? []) as { path: string }[]).map((d) => d.path);
    };
    expect(await bad({ papers: [] })).toEqual(['input.papers']);
    expect(await bad({ papers: [paper('1', '/a'), paper('1', '/b')] })).toEqual(['input.papers[1].id']);
    expect(await bad({ papers: [{ id: 'x', url: 'file:///etc/passwd' }] })).toEqual(['input.papers[0].url']);
    expect(await bad({ papers: [{ id: 'x', url: 'http://u:p@example.org/a.pdf' }] })).toEqual(['input.papers[0].url']);
    expect(await bad({ papers: [paper('1', '/a')], rules: { tolerancePt: -1, maxPdfVersion: 'x', maxPagesByType: { Poster: 0 } } })).toEqual(
      expect.arrayContaining(['input.rules.tolerancePt', 'input.rules.maxPdfVersion', 'input.rules.maxPagesByType']),
    );
    expect(await bad({ papers: Array.from({ length: 5001 }, (_, i) => ({ id: String(i), url: 'https://example.org/a.pdf' })) })).toEqual(['input.papers']);
  });
});
