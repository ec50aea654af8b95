// Property-based fuzzing of every Socket.IO event and every REST route with fast-check (fixed
// seed, so a failure replays exactly). Each surface gets ≥ 10,000 generated malformed payloads;
// the server must answer every ack/request with a typed error, never die, and keep its memory.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@jpsp/contracts';
import { KEY_A, KEY_B, connect, connected, emitAck, okData, runTask, startTestServer, type Client, type TestServer } from './harness.js';
import { ackProblem, expectServerUnpolluted, httpProblem, mapLimit, metric, POLLUTION, rawRequest, serverRss } from './reliability.js';

const SEED = 0x6a707370; // "jpsp"
const PER_SURFACE = Number(process.env.JPSP_FUZZ_RUNS ?? 10_000);
const NO_ACK_SHARE = 10; // one payload in 10 is also sent without an ack callback
const SOCKETS = 8;
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Arbitraries: hostile JSON-ish values, binary attachments, huge strings, deep nesting, prototype keys.

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const FIELD_KEYS = ['task', 'input', 'options', 'taskId', 'idempotencyKey', 'timeoutMs', 'event', 'text', 'mode', 'ms'];
const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...FIELD_KEYS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

const binary = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)),
  fc.uint8Array({ maxLength: 64 }),
  fc.integer({ min: 0, max: 64 * 1024 }).map((n) => Buffer.alloc(n, 0xab)),
);

const hugeString = fc
  .tuple(fc.constantFrom('x', '\u0000', 'é', '𝄞', '</script>', '%2e%2e/', '{"'), fc.integer({ min: 1_000, max: 120_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/** Nesting far beyond the 64-level limit, as arrays, objects (possibly under a prototype key) or a mix. */
const deep = fc.tuple(fc.integer({ min: 60, max: 600 }), fc.constantFrom('array', 'object', 'mixed'), fc.constantFrom(...FIELD_KEYS, '__proto__')).map(([depth, shape, k]) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) {
    // A computed `__proto__` key makes an own property, as JSON.parse does.
    v = shape === 'array' || (shape === 'mixed' && i % 2 === 0) ? [v] : { [k]: v };
  }
  return v;
});

/** Objects with own `__proto__` / `constructor.prototype` keys, the way JSON.parse makes them. */
const polluting = fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom(...FIELD_KEYS), fc.jsonValue({ maxDepth: 2 })).map(([p, f, v]) =>
  JSON.parse(`{${JSON.stringify(p)}:${POLLUTION},${JSON.stringify(f)}:${JSON.stringify(v)}}`) as unknown,
);

const anything = fc.anything({
  key,
  maxDepth: 4,
  maxKeys: 8,
  withBoxedValues: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: anything },
  { weight: 2, arbitrary: binary },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: polluting },
);

const taskName = fc.oneof(fc.constantFrom('test-echo', 'test-noop', 'test-slow', 'abstract-booklet', 'no-such-task', '', 'TEST-ECHO', '__proto__', 'constructor'), hostile);

const submitPayload = fc.oneof(
  { weight: 2, arbitrary: hostile },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        task: taskName,
        input: fc.oneof(hostile, fc.record({ text: hostile, warn: hostile, ms: hostile, steps: hostile }, { requiredKeys: [] })),
        options: fc.oneof(hostile, fc.record({ idempotencyKey: fc.oneof(hostile, fc.string({ maxLength: 400 })), timeoutMs: fc.oneof(hostile, fc.integer(), fc.double()) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    ),
  },
);

const taskRefPayload = fc.oneof(
  { weight: 2, arbitrary: hostile },
  { weight: 2, arbitrary: fc.record({ taskId: fc.oneof(fc.uuid(), fc.string({ maxLength: 64 }), hostile) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.record({ taskId: fc.uuid(), extra: hostile }) },
);

const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener', 'task:submit', 'task:subscribe', 'task:cancel', 'task:catalog']);
const unknownEvent = fc
  .oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...PROTO_KEYS, 'task:update', 'TASK:SUBMIT', 'task:submit ', 'task:', 'error', 'message', 'ping'), fc.integer({ min: -5, max: 1e6 }), hugeString.map((s) => s.slice(0, 5_000)))
  .filter((e) => !RESERVED.has(String(e)));

interface Emission {
  event: string | number;
  args: unknown[];
  withAck: boolean;
}

/** `count` emissions of one event (or of generated unknown events), some with extra arguments, some without an ack. */
function emissions(event: string | null, payload: fc.Arbitrary<unknown>, count: number, seed: number): Emission[] {
  const arb = fc.tuple(event === null ? unknownEvent : fc.constant(event), payload, fc.integer({ min: 0, max: 99 }), fc.array(hostile, { maxLength: 2 }));
  return fc.sample(arb, { seed, numRuns: count }).map(([ev, p, roll, extra]) => ({
    event: ev,
    args: roll < 5 ? [] : roll < 15 ? [p, ...extra] : [p],
    withAck: roll % NO_ACK_SHARE !== 0,
  }));
}

describe('fuzzing (fast-check, fixed seed)', () => {
  let server: TestServer;
  let clients: Client[];
  let baseline: number;
  const disconnects: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      JPSP_MAX_THREADS: '2',
      JPSP_MAX_QUEUE: '4',
      JPSP_RESULT_TTL_MS: '2000',
      JPSP_SWEEP_INTERVAL_MS: '500',
      // A leak must fail loudly rather than grow quietly.
      NODE_OPTIONS: '--max-old-space-size=384',
    });
    clients = await Promise.all(Array.from({ length: SOCKETS }, (_, i) => connected(connect(server.url, i % 2 ? KEY_B : KEY_A))));
    for (const c of clients) {
      c.on('disconnect', (reason) => disconnects.push(reason));
    }
    // Warm up (JIT, pools, buffers) before taking the memory baseline.
    await fire(emissions(null, hostile, 500, SEED - 1), []);
    baseline = await serverRss(server);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients ?? []) {
      c.close();
    }
    await server?.stop();
  });

  /** The server's log line for the correlation id in an INTERNAL message (its stack says what broke). */
  function logOf(problem: string): string {
    const id = /correlation id ([0-9a-f-]{36})/.exec(problem)?.[1];
    const line = id ? server.logs.find((l) => l.includes(id)) : undefined;
    return line ? `\n    server log: ${line.slice(0, 1500)}` : '';
  }

  /** Sends emissions round-robin over the sockets, concurrently; returns the problems found. */
  async function fire(list: Emission[], allowed: readonly ErrorCode[]): Promise<string[]> {
    const problems: string[] = [];
    await mapLimit(list, SOCKETS * 16, async (em, i) => {
      const c = clients[i % SOCKETS];
      const emitter = c as unknown as { emit(e: unknown, ...a: unknown[]): void; timeout(ms: number): { emitWithAck(e: unknown, ...a: unknown[]): Promise<unknown> } };
      if (!em.withAck) {
        emitter.emit(em.event, ...em.args);
        return;
      }
      let ack: unknown;
      try {
        ack = await emitter.timeout(60_000).emitWithAck(em.event, ...em.args);
      } catch (err) {
        problems.push(`#${i} ${String(em.event).slice(0, 40)}: no ack (${(err as Error).message})`);
        return;
      }
      if (allowed.length > 0) {
        const p = ackProblem(ack, allowed);
        if (p) {
          problems.push(`#${i} ${String(em.event).slice(0, 40)} ${safeJson(em.args).slice(0, 300)} → ${p}${logOf(p)}`);
        }
      }
    });
    return problems;
  }

  const surfaces: Array<[string, string | null, fc.Arbitrary<unknown>, ErrorCode[]]> = [
    ['task:submit', 'task:submit', submitPayload, [ErrorCode.VALIDATION_FAILED, ErrorCode.UNKNOWN_TASK, ErrorCode.QUEUE_FULL]],
    ['task:subscribe', 'task:subscribe', taskRefPayload, [ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND]],
    ['task:cancel', 'task:cancel', taskRefPayload, [ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND]],
    ['task:catalog', 'task:catalog', fc.oneof(hostile, fc.constant({})), [ErrorCode.VALIDATION_FAILED]],
    ['unknown events', null, hostile, [ErrorCode.VALIDATION_FAILED]],
  ];

  it.each(surfaces.map((s, i) => [...s, i] as const))(
    'socket %s: every acked emission gets a typed envelope',
    async (_label, event, payload, allowed, i) => {
      const list = emissions(event, payload, PER_SURFACE, SEED + i);
      const acked = list.filter((e) => e.withAck).length;
      const problems = await fire(list, allowed);
      expect(problems.slice(0, 10)).toEqual([]);
      expect(acked).toBeGreaterThan(PER_SURFACE * 0.85);
      expect(server.proc.exitCode).toBeNull();
    },
    180_000,
  );

  it('raw Socket.IO frames (bypassing the client encoder) never hurt the server', async () => {
    const frames = fc.sample(
      fc.oneof(
        // Socket.IO packets as the engine carries them: type digit, optional ack id, JSON payload.
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 200 }).map((s) => `2${s}`),
        fc.jsonValue({ maxDepth: 3 }).map((v) => `2${JSON.stringify(v)}`),
        fc.tuple(fc.nat(1e6), fc.constantFrom('task:submit', 'task:subscribe', 'task:cancel', 'task:catalog', 'nope', '__proto__'), fc.jsonValue({ maxDepth: 3 })).map(([id, ev, v]) => `2${id}${JSON.stringify([ev, v])}`),
        fc.tuple(fc.constantFrom('0', '1', '3', '4', '5', '6', '7', '8', '9', '2/admin,', '0/nope,'), fc.string({ maxLength: 50 })).map(([t, s]) => `${t}${s}`),
        fc.constantFrom('51-["task:submit",{"_placeholder":true,"num":7}]', '52-["task:submit",{"_placeholder":true,"num":0}]', '2["__proto__"]', '2[]', '2[null]', '2[{}]', '3', '31[]', '0{"apiKey":1}', '1', '2999999999999999999999["task:catalog",{}]'),
      ),
      { seed: SEED + 100, numRuns: 2_000 },
    );
    let victim = await connected(connect(server.url));
    let closed = 0;
    let answered = 0;
    const stalled: string[] = [];
    for (const frame of frames) {
      (victim.io.engine as unknown as { write(m: string): void }).write(frame);
      if (frame.startsWith('1')) {
        // A client DISCONNECT packet ends the socket on the server without telling the client: start afresh.
        victim.close();
        victim = await connected(connect(server.url));
        continue;
      }
      // Either the server drops this connection (a frame it cannot decode) or it still answers.
      const gone = new Promise<'closed'>((resolve) => victim.once('disconnect', () => resolve('closed')));
      const outcome = await Promise.race([gone, emitAck(victim, 'task:catalog', {}, 5_000).then((a) => (a.ok ? 'answered' : 'error'), () => 'stalled')]);
      if (outcome === 'answered') {
        answered++;
      }
      if (outcome === 'stalled') {
        stalled.push(frame);
      }
      if (!victim.connected || outcome === 'stalled') {
        closed++;
        victim.close();
        victim = await connected(connect(server.url));
      }
    }
    victim.close();
    process.stdout.write(`raw frames: ${frames.length} sent, connection closed by the server ${closed} times, still answering after ${answered}\n`);
    expect(stalled).toEqual([]);
    const c = await connected(connect(server.url));
    expect(okData(await emitAck<unknown[]>(c, 'task:catalog', {})).length).toBeGreaterThan(0);
    c.close();
    expect(closed).toBeGreaterThan(0); // malformed frames do close the offending connection…
    expect(server.proc.exitCode).toBeNull(); // …and nothing else
  }, 120_000);

  // --- REST -----------------------------------------------------------------------------------

  const auth = (k = KEY_A) => ({ authorization: `Bearer ${k}` });
  const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength: 300 });
  /** Path segments: printable ASCII, percent-encoded bytes (also invalid ones), traversal, unicode. */
  const segment = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'abcdefABCDEF0123456789-_.~!$&\'()*+,;=:@'.split('')), maxLength: 60 }),
    fc.uuid(),
    fc.constantFrom('..', '.', '%2e%2e', '%2E%2E%2F', '..%2f..%2fetc%2fpasswd', '%00', '%', '%E0%A4%A', '%ff', 'x%2Fy', '.jpsp-temp-root', '%2e', 'a'.repeat(43), '__proto__', 'constructor'),
    fc.string({ maxLength: 30 }).map(encodeURIComponent),
    fc.uint8Array({ maxLength: 40 }).map((a) => [...a].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
  );

  interface Req {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: Buffer | string;
  }

  async function send(reqs: Req[], allowed: readonly number[]): Promise<string[]> {
    const problems: string[] = [];
    await mapLimit(reqs, 32, async (r, i) => {
      let res;
      try {
        res = await rawRequest(server.url, r.method, r.path, r.headers, r.body);
      } catch (err) {
        problems.push(`#${i} ${r.method} ${r.path.slice(0, 100)}: ${(err as Error).message}`);
        return;
      }
      if (r.method === 'HEAD') {
        res.body = Buffer.from(JSON.stringify({ error: { code: 'NOT_FOUND', message: '(HEAD has no body)' } }));
      }
      if (r.path.startsWith('/socket.io') && /^\{"code":\d+,"message":"[^"]*"\}$/.test(res.body.toString('utf8'))) {
        // Engine.IO answers its own protocol errors ({"code":0,"message":"Transport unknown"}).
        res.body = Buffer.from(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: '(engine.io)' } }));
      }
      const p = httpProblem(res, allowed);
      if (p) {
        problems.push(`#${i} ${r.method} ${r.path.slice(0, 100)} ${String(r.body ?? '').slice(0, 100)} → ${p}`);
      }
    });
    return problems;
  }

  const jsonBody = fc.oneof(
    { weight: 4, arbitrary: submitPayload.map((v) => safeJson(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: submitPayload.map((v) => safeJson(v)).map((s) => s.slice(0, Math.max(0, s.length - 1))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
    { weight: 1, arbitrary: fc.constantFrom(`{"__proto__":${POLLUTION},"task":"test-echo","input":{"text":"x"}}`, `{"constructor":{"prototype":${POLLUTION}}}`, '[]', 'null', '0', '"x"', '{', '{"task":"test-echo","input":{"text":"x"},"task":"test-noop"}') },
  );
  const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/octet-stream', 'application/vnd.api+json', '');

  const restSurfaces: Array<[string, fc.Arbitrary<Req>, number[]]> = [
    [
      'POST /api/tasks',
      fc.tuple(jsonBody, contentType, fc.constantFrom('', 'gzip', 'deflate', 'br', 'identity')).map(([body, ct, enc]) => ({
        method: 'POST',
        path: '/api/tasks',
        headers: { ...auth(), ...(ct ? { 'content-type': ct } : {}), ...(enc ? { 'content-encoding': enc } : {}) },
        body,
      })),
      [202, 400, 404, 413, 415, 429],
    ],
    ['GET /api/tasks/:id', segment.filter((x) => x.length > 0).map((s) => ({ method: 'GET', path: `/api/tasks/${s}`, headers: auth() })), [400, 404]],
    ['DELETE /api/tasks/:id', segment.filter((x) => x.length > 0).map((s) => ({ method: 'DELETE', path: `/api/tasks/${s}`, headers: auth(KEY_B) })), [400, 404]],
    [
      'GET /files/:token/:name',
      fc.tuple(segment, segment, fc.constantFrom('GET', 'HEAD')).map(([t, n, m]) => ({ method: m, path: `/files/${t}/${n}`, headers: {} })),
      [400, 404],
    ],
    [
      'GET /api/tasks, /metrics with hostile credentials',
      fc.tuple(fc.constantFrom('/api/tasks', '/metrics', '/api/tasks?x[__proto__][polluted]=1'), fc.constantFrom('authorization', 'x-api-key', 'cookie'), headerValue, fc.boolean()).map(([path, h, v, bearer]) => ({
        method: 'GET',
        path,
        headers: { [h]: bearer && h === 'authorization' ? `Bearer ${v}` : v },
      })),
      [400, 401],
    ],
    [
      'any method on any path (/health, /api/docs*, unknown)',
      fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'), fc.array(segment, { minLength: 0, maxLength: 4 }), fc.constantFrom('', '/api', '/api/tasks', '/files', '/health', '/metrics', '/api/docs', '/socket.io')).map(([m, segs, prefix]) => ({
        method: m,
        path: `${prefix}/${segs.join('/')}`,
        headers: {},
        ...(m === 'POST' || m === 'PUT' || m === 'PATCH' ? { body: '{}' } : {}),
      })),
      [200, 204, 301, 302, 304, 400, 401, 403, 404, 405],
    ],
  ];

  it.each(restSurfaces.map((s, i) => [...s, i] as const))(
    'REST %s: every request gets an allowed status and a typed error body',
    async (_label, arb, allowed, i) => {
      const reqs = fc.sample(arb, { seed: SEED + 200 + i, numRuns: PER_SURFACE });
      const problems = await send(reqs, allowed);
      expect(problems.slice(0, 10)).toEqual([]);
      expect(server.proc.exitCode).toBeNull();
    },
    180_000,
  );

  it('after everything: alive, unpolluted, still serving, and memory back near the baseline', async () => {
    expect(server.proc.exitCode).toBeNull();
    expect(disconnects).toEqual([]);
    const c = await connected(connect(server.url));
    await expectServerUnpolluted(c);
    const done = await runTask(c, 'test-echo', { text: 'still serving' }, undefined, 120_000);
    expect(done.status).toBe('completed');
    c.close();
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    // Give the runtime a moment to return buffers, then compare with the warmed-up baseline.
    let rss = await serverRss(server);
    for (let i = 0; i < 10 && rss > baseline + 96 * MiB; i++) {
      await new Promise((r) => setTimeout(r, 500));
      rss = await serverRss(server);
    }
    const heap = await metric(server, 'jpsp_process_nodejs_heap_size_used_bytes');
    process.stdout.write(`fuzz: RSS baseline ${(baseline / MiB).toFixed(0)} MiB, after ${(rss / MiB).toFixed(0)} MiB, heap used ${(heap / MiB).toFixed(0)} MiB\n`);
    expect(rss).toBeLessThan(baseline + 96 * MiB);
    expect(heap).toBeLessThan(256 * MiB);
  }, 120_000);
});

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)) ?? 'undefined';
  } catch {
    return String(v);
  }
}
