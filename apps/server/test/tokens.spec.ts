// Short-lived widget tokens against the real server: minted here the way docs/protocol.md tells an
// integrator to (node:crypto only, no JWT library), verified by the server, refused with a reason
// when expired, tampered, for another task, signed by an unknown key or living too long; tenancy
// and event scope between a token and its key; key rotation.
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_SECRET_INFO, type TaskSnapshot } from '@jpsp/contracts';
import { connect, connected, emitAck, isDone, KEY_A, KEY_B, okData, sleep, startTestServer, waitForUpdate, type Client, type TestServer } from './harness.js';

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const kidOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 16);

interface MintOptions {
  key?: string;
  kid?: string;
  alg?: string;
  event?: string;
  tasks?: string[];
  /** Seconds from now. */
  exp?: number;
  iat?: number;
  claims?: Record<string, unknown>;
}

/** The protocol's recipe: HS256 over base64url(header).base64url(claims), secret HMAC(key, info). */
function mint({ key = KEY_A, kid = kidOf(key), alg = 'HS256', event = '44', tasks = ['test-echo', 'test-slow'], exp = 600, iat = 0, claims = {} }: MintOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg, typ: 'JWT', kid }));
  const body = b64url(JSON.stringify({ aud: TOKEN_AUDIENCE, iat: now + iat, exp: now + exp, event, tasks, ...claims }));
  const secret = createHmac('sha256', key).update(TOKEN_SECRET_INFO).digest();
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}

function connectWithToken(url: string, token: string): Client {
  return io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
}

/** The handshake's refusal: its message and the reason in `data`. */
async function refusal(url: string, token: string): Promise<{ message: string; reason?: string }> {
  const client = connectWithToken(url, token);
  try {
    await connected(client);
    return { message: 'connected' };
  } catch (err) {
    return { message: (err as Error).message, reason: (err as { data?: { reason?: string } }).data?.reason };
  } finally {
    client.close();
  }
}

async function rest(url: string, method: string, path: string, credential: string, body?: unknown): Promise<{ status: number; json: { error?: { code: string; message: string } } & Partial<TaskSnapshot> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } & Partial<TaskSnapshot> };
}

describe('widget tokens', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JPSP_TOKEN_MAX_LIFETIME_MS: String(2 * 60 * 60_000) });
  });
  afterAll(() => server?.stop());

  it('a valid token connects and submits over Socket.IO and REST; the task completes', async () => {
    const token = mint();
    const client = await connected(connectWithToken(server.url, token));
    const queued = okData(await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'by token' } }));
    expect((await waitForUpdate(client, queued.taskId, isDone)).status).toBe('completed');
    client.close();

    const submitted = await rest(server.url, 'POST', '/api/tasks', token, { task: 'test-echo', input: { text: 'by token, REST' } });
    expect(submitted.status).toBe(202);
    expect((await rest(server.url, 'GET', `/api/tasks/${submitted.json.taskId}`, token)).status).toBe(200);
    // A token is not an operator's credential.
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    // Neither the token nor the key it stands for is ever logged.
    expect(server.logs.join('\n')).not.toContain(token.split('.')[2]);
  });

  it.each<[string, () => string, RegExp]>([
    ['expired', () => mint({ iat: -300, exp: -60 }), /expired/],
    ['tampered (claims changed after signing)', () => {
      const [head, , sig] = mint({ tasks: ['test-echo'] }).split('.');
      const forged = b64url(JSON.stringify({ aud: TOKEN_AUDIENCE, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, event: '44', tasks: ['test-echo', 'abstract-booklet'] }));
      return `${head}.${forged}.${sig}`;
    }, /signature does not match/],
    ['signed with another configured key under this key\'s id', () => mint({ key: KEY_B, kid: kidOf(KEY_A) }), /signature does not match/],
    ['signed by a key the server does not know', () => mint({ key: 'some-other-server-key-0123456789' }), /does not know/],
    ['not HS256', () => mint({ alg: 'HS512' }), /HS256/],
    ['for another audience', () => mint({ claims: { aud: 'someone-else' } }), /"aud" claim/],
    ['living longer than the server allows', () => mint({ exp: 3 * 60 * 60 }), /lives longer/],
    ['without tasks', () => mint({ tasks: [] }), /"tasks" claim/],
    ['without an event', () => mint({ claims: { event: undefined } }), /"event" claim/],
    ['not a token at all', () => 'eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln', /malformed|does not know/],
  ])('a token %s is refused at the handshake and over REST with UNAUTHORIZED and the reason', async (_name, make, reason) => {
    const token = make();
    const socket = await refusal(server.url, token);
    expect(socket.message).toBe('UNAUTHORIZED');
    expect(socket.reason).toMatch(reason);
    const res = await rest(server.url, 'POST', '/api/tasks', token, { task: 'test-echo', input: { text: 'x' } });
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(res.json.error?.message).toMatch(reason);
  });

  it('a token minted by the Indico plugin\'s Python minter (stdlib only) is accepted', async () => {
    const minter = fileURLToPath(new URL('../../../plugins/indico-jpsp/indico_jpsp/tokens.py', import.meta.url));
    const script = 'import importlib.util, sys\n'
      + 'spec = importlib.util.spec_from_file_location("tokens", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n'
      + 'print(m.mint_token(sys.argv[2], 44, ["test-echo"], 600, subject="indico-user:1")[0])';
    const token = execFileSync('python3', ['-c', script, minter, KEY_A], { encoding: 'utf8' }).trim();
    const client = await connected(connectWithToken(server.url, token));
    const queued = okData(await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'from python' } }));
    expect((await waitForUpdate(client, queued.taskId, isDone)).status).toBe('completed');
    client.close();
  });

  it('a token may submit only the tasks it names', async () => {
    const token = mint({ tasks: ['test-echo'] });
    const client = await connected(connectWithToken(server.url, token));
    const ack = await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 10 } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(!ack.ok && ack.error.message).toMatch(/may not run test-slow/);
    client.close();
    const res = await rest(server.url, 'POST', '/api/tasks', token, { task: 'test-slow', input: { ms: 10 } });
    expect(res).toMatchObject({ status: 401, json: { error: { code: 'UNAUTHORIZED' } } });
  });

  it('expiry is enforced at every submit; a task started before it runs to the end, with its updates', async () => {
    // Accepted at the handshake thanks to the 30 s clock tolerance, refused at a submit once past it.
    const exp = -28;
    const token = mint({ iat: -300, exp });
    const client = await connected(connectWithToken(server.url, token));
    const slow = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 4000, steps: 4 } }));
    const progress = waitForUpdate(client, slow.taskId, (s) => s.status === 'running' && (s.progress?.percent ?? 0) >= 50);
    await sleep(Math.max(0, (exp + 30) * 1000) + 1500);
    const late = await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'too late' } });
    expect(late).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(!late.ok && late.error.message).toMatch(/expired/);
    await progress;
    expect((await waitForUpdate(client, slow.taskId, isDone)).status).toBe('completed');
    client.close();
  }, 30_000);

  it('tenancy: a token acts for its key; another key and another event\'s token see nothing', async () => {
    const event44 = await connected(connectWithToken(server.url, mint({ event: '44' })));
    const event45 = await connected(connectWithToken(server.url, mint({ event: '45' })));
    const keyA = await connected(connect(server.url, KEY_A));
    const keyB = await connected(connect(server.url, KEY_B));
    const byToken = okData(await emitAck(event44, 'task:submit', { task: 'test-echo', input: { text: 't' }, options: { idempotencyKey: 'booklet:same' } }));
    const byKey = okData(await emitAck(keyA, 'task:submit', { task: 'test-echo', input: { text: 'k' }, options: { idempotencyKey: 'booklet:same' } }));
    expect(byKey.taskId).not.toBe(byToken.taskId); // idempotency keys are per scope

    expect(await emitAck(keyA, 'task:subscribe', { taskId: byToken.taskId })).toMatchObject({ ok: true }); // the key sees its tokens' tasks
    expect(await emitAck(keyB, 'task:subscribe', { taskId: byToken.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await emitAck(event45, 'task:subscribe', { taskId: byToken.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await emitAck(event45, 'task:cancel', { taskId: byToken.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await emitAck(event44, 'task:subscribe', { taskId: byKey.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const again = okData(await emitAck(event44, 'task:submit', { task: 'test-echo', input: { text: 't' }, options: { idempotencyKey: 'booklet:same' } }));
    expect(again.taskId).toBe(byToken.taskId);
    for (const c of [event44, event45, keyA, keyB]) {
      c.close();
    }
  });
});

describe('widget tokens: key rotation', () => {
  it('removing a key from the configuration invalidates its tokens; the remaining key\'s tokens still work', async () => {
    const tokenA = mint({ key: KEY_A });
    const tokenB = mint({ key: KEY_B });
    const before = await startTestServer();
    expect((await refusal(before.url, tokenA)).message).toBe('connected');
    await before.stop();

    const after = await startTestServer({ JPSP_API_KEYS: `${KEY_B},rotated-key-a-0123456789abcdef` });
    const refused = await refusal(after.url, tokenA);
    expect(refused).toMatchObject({ message: 'UNAUTHORIZED' });
    expect(refused.reason).toMatch(/does not know/);
    expect((await refusal(after.url, tokenB)).message).toBe('connected');
    await after.stop();
  });
});
