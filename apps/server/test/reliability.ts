// Helpers shared by the reliability suites (fuzz, faults, security, temp area) and the stress run.
import { readdirSync, type Dirent } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { ERROR_CODES, type Ack, type ErrorCode } from '@jpsp/contracts';
import { expect } from 'vitest';
import { emitAck, KEY_A, type Client, type TestServer } from './harness.js';
import { prng as mulberry32 } from '@jpsp/booklet/bench/generate-event';

/**
 * What the prototype-pollution payloads try to put on the server's `Object.prototype`. The
 * `idempotencyKey` is what makes pollution visible from outside: the service reads
 * `options.idempotencyKey` from a fresh `{}` when a submit has no options, so on a polluted server
 * two option-less submits would share one key, and the second would return the first task.
 */
export const POLLUTION = '{"polluted":true,"idempotencyKey":"polluted-idem","prototype":{"polluted":true,"idempotencyKey":"polluted-idem"}}';

/** Proves, from a client, that the server's Object.prototype carries nothing of `POLLUTION`. */
export async function expectServerUnpolluted(client: Client): Promise<void> {
  const first = await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'probe 1' } });
  const second = await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'probe 2' } });
  if (!first.ok || !second.ok) {
    throw new Error(`the pollution probe was refused: ${JSON.stringify([first, second])}`);
  }
  expect(second.data.taskId).not.toBe(first.data.taskId);
  expect(first.data).not.toHaveProperty('polluted');
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Problem with an ack, or undefined when it is a well-formed envelope (error codes limited to `allowed`). */
export function ackProblem(ack: unknown, allowed: readonly ErrorCode[]): string | undefined {
  if (ack === null || typeof ack !== 'object') {
    return `not an envelope: ${typeof ack}`;
  }
  const a = ack as Ack<unknown>;
  if (a.ok === true) {
    return 'data' in a ? undefined : 'ok without data';
  }
  if (a.ok !== false) {
    return `ok is ${JSON.stringify((a as { ok?: unknown }).ok)}`;
  }
  const e = a.error as { code?: unknown; message?: unknown } | undefined;
  if (!e || typeof e.message !== 'string' || !(ERROR_CODES as readonly unknown[]).includes(e.code)) {
    return `malformed error ${JSON.stringify(e)?.slice(0, 200)}`;
  }
  if (!allowed.includes(e.code as ErrorCode)) {
    return `unexpected code ${String(e.code)}: ${e.message.slice(0, 200)}`;
  }
  return undefined;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Raw HTTP request (node:http, not fetch): the path is sent exactly as given (no `..` folding,
 * no re-encoding), and any body bytes with any content type.
 */
export function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Problem with an HTTP error answer, or undefined when it is `{ error: { code, message } }` with an allowed status. */
export function httpProblem(res: RawResponse, allowedStatus: readonly number[]): string | undefined {
  if (!allowedStatus.includes(res.status)) {
    return `status ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`;
  }
  if (res.status < 400 || res.headers['content-length'] === '0') {
    return undefined;
  }
  let parsed: { error?: { code?: unknown; message?: unknown } };
  try {
    parsed = JSON.parse(res.body.toString('utf8')) as typeof parsed;
  } catch {
    return `status ${res.status} with a non-JSON body: ${res.body.toString('utf8').slice(0, 200)}`;
  }
  if (!(ERROR_CODES as readonly unknown[]).includes(parsed.error?.code) || typeof parsed.error?.message !== 'string') {
    return `status ${res.status} with an untyped body: ${res.body.toString('utf8').slice(0, 200)}`;
  }
  return undefined;
}

/** One value of the server's Prometheus text (first sample of that metric name). */
export async function metric(server: TestServer, name: string, key = KEY_A): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${key}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (!line) {
    throw new Error(`metric ${name} not found`);
  }
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** The server's resident set size in bytes, as its own /metrics reports it. */
export const serverRss = (server: TestServer) => metric(server, 'jpsp_process_process_resident_memory_bytes');

/**
 * Every file below `dir` (relative paths), except the temp area's marker. The sweeper may delete
 * a task's directory while this walks: the types come with the listing (no stat to race), and a
 * directory gone before it is listed counts as empty, as it now is.
 */
export function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      if (rel !== '' && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        return;
      }
      throw err;
    }
    for (const entry of entries) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        out.push(`${r}/`);
        walk(join(d, entry.name), r);
      } else if (r !== '.jpsp-temp-root' && r !== '.jpsp-lock') { // the area's own marker and lock
        out.push(r);
      }
    }
  };
  walk(dir, '');
  return out;
}

/** Deterministic PRNG (mulberry32) for orders and timings in the suites: the event generator's. */
export const prng = mulberry32;

export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
