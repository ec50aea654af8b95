import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskSnapshot } from '@jpsp/contracts';
import type { RedisService, StoreService } from '@jpsp/cluster-kit';
import type { PaperReport } from '@jpsp/papers';
import { A4_MM, JACOW_MM, fodt, officePdfs, standard14Pdf } from '@jpsp/papers/test-support/make-pdfs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAck, isDone, okData, runTask, until, waitForUpdate } from '../harness.js';
import { startNode, startServices, stopAll, type ClusterNode } from './cluster-harness.js';

// The paper check in cluster mode: one child per paper, spread over every node (each fetches its
// own file), the report merged where the parent runs; a cancel stops the children everywhere.
let redis: RedisService;
let store: StoreService;
let a: ClusterNode;
let b: ClusterNode;
let files: Server;
let base = '';
let slowOpen = 0;
/** The files' credential, made per run. */
const AUTH = `Bearer ${randomBytes(18).toString('base64url')}`;
let slowStarted = 0;
const pdfs = new Map<string, Uint8Array>();

beforeAll(async () => {
  const office = await officePdfs({ good: fodt({ size: JACOW_MM, pages: 4 }), a4: fodt({ size: A4_MM, pages: 2 }) });
  pdfs.set('/good.pdf', office.good);
  pdfs.set('/a4.pdf', office.a4);
  pdfs.set('/std14.pdf', await standard14Pdf(2));
  files = createServer((req, res) => {
    if (req.url?.startsWith('/slow/')) {
      slowStarted++;
      slowOpen++;
      req.socket.once('close', () => slowOpen--);
      return;
    }
    const bytes = pdfs.get((req.url ?? '').split('?')[0]);
    if (!bytes || req.headers.authorization !== AUTH) {
      res.writeHead(bytes ? 403 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.byteLength }).end(bytes);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  let env: Record<string, string>;
  ({ redis, store, env } = await startServices());
  const extra = { JPSP_FETCH_ALLOW_PRIVATE: 'true', JPSP_LOG_LEVEL: 'debug', JPSP_MAX_THREADS: '2' };
  a = await startNode(env, 'node-a', extra);
  b = await startNode(env, 'node-b', extra);
}, 120_000);

afterAll(async () => {
  await stopAll([a, b], { redis, store });
  files?.closeAllConnections();
  await new Promise((resolve) => files?.close(resolve));
});

const paper = (i: number, path: string) => ({ id: String(i), code: `MOP${String(i).padStart(2, '0')}`, url: `${base}${path}?exp=99`, headers: { Authorization: AUTH } });
const childrenOn = (n: ClusterNode) => n.server.logs.filter((l) => l.includes('"msg":"child done"')).length;

describe('papers-check in cluster mode', () => {
  it('checks the papers on both nodes and merges one report', async () => {
    const papers = Array.from({ length: 40 }, (_, i) => paper(i, ['/good.pdf', '/a4.pdf', '/std14.pdf', '/missing.pdf'][i % 4]));
    const done = await runTask(a.client, 'papers-check', { papers }, undefined, 90_000);
    expect(done.status).toBe('completed');
    const data = done.result!.data as { summary: unknown; papers: PaperReport[] };
    expect(data.summary).toEqual({ total: 40, ok: 10, withErrors: 30, withWarnings: 0, unreadable: 10 });
    expect(data.papers.map((p) => p.problems.map((x) => x.rule).join(',') || 'ok')).toEqual(Array.from({ length: 40 }, (_, i) => ['ok', 'page-size', 'fonts-not-embedded', 'unreadable'][i % 4]));
    expect(data.papers[3].problems[0].message).toMatch(/^Could not download the file: .*HTTP 404/);
    expect(childrenOn(a)).toBeGreaterThan(0);
    expect(childrenOn(b)).toBeGreaterThan(0);
    expect(childrenOn(a) + childrenOn(b)).toBe(40);
    const html = await fetch(`${b.server.url}${new URL(done.result!.files[0].url).pathname}`);
    expect(html.status).toBe(200);
  }, 120_000);

  it('cancels every child on every node', async () => {
    const papers = Array.from({ length: 200 }, (_, i) => paper(i, `/slow/${i}.pdf`));
    const submitted = okData(await emitAck<TaskSnapshot>(a.client, 'task:submit', { task: 'papers-check', input: { papers } }));
    await until('children are fetching', () => slowOpen >= 4, 30_000);
    const end = waitForUpdate(a.client, submitted.taskId, isDone, 30_000);
    okData(await emitAck(b.client, 'task:cancel', { taskId: submitted.taskId }));
    expect(await end).toMatchObject({ status: 'cancelled' });
    await until('every open download is closed', () => slowOpen === 0, 30_000);
    expect(slowStarted).toBeLessThan(200);
  }, 90_000);
});
