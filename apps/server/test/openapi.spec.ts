// The OpenAPI document is usable by a generator: every route has its response schemas and status
// codes, the key is an apiKey scheme, and real responses of a running server validate against it
// (component objects closed, so a field the document does not name fails too).
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connected, emitAck, KEY_A, okData, runTask, startTestServer, until, type Client, type TestServer } from './harness.js';
import { metric, rawRequest } from './reliability.js';

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Json }>; headers?: Json }>;
  security?: Record<string, string[]>[];
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> } };

const MiB = 1024 * 1024;

describe('OpenAPI: a document a generator can use, true to the running server', () => {
  let server: TestServer;
  let client: Client;
  let doc: Doc;
  let ajv: Ajv;
  const compiled = new Map<string, ValidateFunction>();
  const auth = { authorization: `Bearer ${KEY_A}` };

  beforeAll(async () => {
    server = await startTestServer({
      JPSP_MAX_THREADS: '1',
      JPSP_MAX_QUEUE: '1',
      JPSP_MAX_PAYLOAD_BYTES: '65536',
      JPSP_TEMP_QUOTA_BYTES: String(3 * MiB),
      JPSP_MAX_RESULT_BYTES: String(3 * MiB),
      JPSP_RESULT_TTL_MS: '3000',
      JPSP_SWEEP_INTERVAL_MS: '100',
    });
    client = await connected(connect(server.url));
    doc = (await (await fetch(`${server.url}/api/docs-json`)).json()) as Doc;
    // The document as one schema Ajv can resolve `#/components/...` in; objects closed.
    const components = JSON.parse(JSON.stringify(doc.components)) as Doc['components'];
    for (const schema of Object.values(components.schemas)) {
      if (schema.type === 'object' && schema.properties && !('additionalProperties' in schema)) {
        schema.additionalProperties = false;
      }
    }
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(rewrite({ components }) as Json, 'openapi');
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  /** Checks a real response against the document's entry for (path, method, status). */
  async function conforms(status: number, path: string, method: string, res: { status: number; headers: { get(name: string): string | null }; text(): Promise<string> }): Promise<void> {
    expect(res.status, `${method} ${path}`).toBe(status);
    const op = doc.paths[path]?.[method];
    expect(op, `${method} ${path} is documented`).toBeDefined();
    const entry = op.responses[String(res.status)];
    expect(entry, `${method} ${path} documents ${res.status}`).toBeDefined();
    const body = await res.text();
    const json = entry.content?.['application/json'];
    if (json) {
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const key = `${path} ${method} ${res.status}`;
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile(rewrite(json.schema) as Json);
        compiled.set(key, validate);
      }
      const ok = validate(JSON.parse(body));
      expect(ok, `${key}: ${ajv.errorsText(validate.errors)}\n${body.slice(0, 300)}`).toBe(true);
    }
    if (entry.headers?.['Retry-After']) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  }
  const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } });

  it('declares the key as an apiKey scheme and the bearer without claiming a JWT; every task route takes either', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.bearer.bearerFormat).toBeUndefined();
    for (const [path, ops] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/'))) {
      for (const op of Object.values(ops)) {
        expect(op.security, path).toEqual(expect.arrayContaining([{ apiKey: [] }, { bearer: [] }]));
      }
    }
  });

  it('documents every status code the API answers, each error with the envelope schema', () => {
    const codes = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(codes('/api/tasks', 'post')).toEqual(['202', '400', '401', '404', '413', '429', '503', '507']);
    expect(codes('/api/tasks/{id}', 'get')).toEqual(['200', '400', '401', '404', '410']);
    expect(codes('/api/tasks/{id}/retry', 'post')).toEqual(['202', '400', '401', '404', '410', '429', '503', '507']);
    expect(codes('/api/runs', 'get')).toEqual(['200', '400', '401']);
    expect(codes('/files/{token}/{name}', 'get')).toEqual(['200', '206', '304', '404', '410', '416']);
    expect(codes('/health', 'get')).toEqual(['200', '503']);
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        for (const [status, entry] of Object.entries(op.responses)) {
          if (Number(status) >= 400 && status !== '503') {
            expect(entry.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/ErrorEnvelopeModel' });
          }
        }
      }
    }
  });

  it('real answers validate against it: 200, 202, 206, 304, 400, 401, 404, 410, 413, 416, 429, 507', async () => {
    await conforms(200, '/api/tasks', 'get', await call('/api/tasks'));
    await conforms(401, '/api/tasks', 'get', await fetch(`${server.url}/api/tasks`));
    await conforms(200, '/health', 'get', await fetch(`${server.url}/health`));

    // 202 and a completed snapshot with files; the list; the file's 200/206/304/416.
    const submit = (body: unknown) => call('/api/tasks', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const accepted = await submit({ task: 'test-echo', input: { text: 'openapi' }, options: { submitter: 'Doc' } });
    const snap = (await accepted.clone().json()) as { taskId: string };
    await conforms(202, '/api/tasks', 'post', accepted);
    await until('the echo completed', async () => ((await (await call(`/api/tasks/${snap.taskId}`)).json()) as { status: string }).status === 'completed');
    const done = await call(`/api/tasks/${snap.taskId}`);
    const file = ((await done.clone().json()) as { result: { files: { url: string; sha256: string; size: number }[] } }).result.files[0];
    await conforms(200, '/api/tasks/{id}', 'get', done);
    await conforms(200, '/api/runs', 'get', await call('/api/runs?limit=1'));
    const filePath = new URL(file.url).pathname;
    await conforms(200, '/files/{token}/{name}', 'get', await fetch(file.url));
    await conforms(206, '/files/{token}/{name}', 'get', await fetch(file.url, { headers: { range: 'bytes=0-1' } }));
    await conforms(304, '/files/{token}/{name}', 'get', await fetch(file.url, { headers: { 'if-none-match': `"${file.sha256}"` } }));
    await conforms(416, '/files/{token}/{name}', 'get', await fetch(file.url, { headers: { range: `bytes=${file.size + 10}-` } }));
    await conforms(404, '/files/{token}/{name}', 'get', await fetch(`${file.url}x`));

    // 400 (field errors), 401, 404 (unknown task; unknown id), 413.
    await conforms(400, '/api/tasks', 'post', await submit({ task: 'test-slow', input: { ms: -1 } }));
    await conforms(401, '/api/tasks', 'post', await fetch(`${server.url}/api/tasks`, { method: 'POST' }));
    await conforms(404, '/api/tasks', 'post', await submit({ task: 'nope', input: {} }));
    await conforms(404, '/api/tasks/{id}', 'get', await call('/api/tasks/00000000-0000-4000-8000-000000000000'));
    await conforms(400, '/api/tasks/{id}', 'get', await call('/api/tasks/not-a-uuid'));
    await conforms(400, '/api/runs', 'get', await call('/api/runs?limit=0'));
    await conforms(413, '/api/tasks', 'post', await submit({ task: 'test-echo', input: { text: 'x'.repeat(70_000) } }));

    // 429 with Retry-After: one running, one waiting, the next refused.
    const slow = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 3000, steps: 30 } }));
    const waiting = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 3000, steps: 30 } }));
    await conforms(429, '/api/tasks', 'post', await submit({ task: 'test-echo', input: { text: 'full' } }));
    await conforms(200, '/api/tasks/{id}', 'delete', await call(`/api/tasks/${waiting.taskId}`, { method: 'DELETE' }));
    await conforms(200, '/api/tasks/{id}', 'delete', await call(`/api/tasks/${slow.taskId}`, { method: 'DELETE' }));
    await until('the slow run is cancelled', async () => ((await (await call(`/api/tasks/${slow.taskId}`)).json()) as { status: string }).status === 'cancelled');
    await conforms(202, '/api/tasks/{id}/retry', 'post', await call(`/api/tasks/${slow.taskId}/retry`, { method: 'POST' }));
    await until('nothing runs', async () => (await metric(server, 'jpsp_tasks_running')) === 0);

    // 507 with Retry-After: a 2.5 MiB result leaves less than the 1 MiB reserve of 3 MiB.
    await until('an empty area', async () => (await metric(server, 'jpsp_temp_bytes')) === 0);
    const big = await runTask(client, 'test-bigfile', { bytes: 2.5 * MiB });
    expect(big.status).toBe('completed');
    await conforms(507, '/api/tasks', 'post', await submit({ task: 'test-echo', input: { text: 'no room' } }));

    // 410 once the results expired.
    await until('the echo expired', async () => (await call(`/api/tasks/${snap.taskId}`)).status === 410);
    await conforms(410, '/api/tasks/{id}', 'get', await call(`/api/tasks/${snap.taskId}`));
    const expired = await rawRequest(server.url, 'GET', filePath);
    expect(expired.status).toBe(410);
  }, 60_000);
});

/** `#/components/…` → `openapi#/components/…`, so that Ajv resolves refs in the document. */
function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(rewrite);
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/components/') ? `openapi${v}` : rewrite(v)]));
  }
  return node;
}
