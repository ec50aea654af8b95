import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connected, emitAck, KEY_A, okData, startTestServer, type TestServer } from './harness.js';

const MAX = 65_536;

describe('oversized messages get a prompt, definite answer on both transports', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JPSP_MAX_PAYLOAD_BYTES: String(MAX) });
  });
  afterAll(() => server?.stop());

  it('announces maxPayload in the engine.io handshake', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    const text = await res.text();
    expect(text.startsWith('0')).toBe(true);
    expect(JSON.parse(text.slice(1))).toMatchObject({ maxPayload: MAX });
  });

  it('over polling, a client that ignores the 413 (as python-socketio does) finds its session closed on its next poll, not a silent wait', async () => {
    const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const open = JSON.parse((await (await fetch(base)).text()).slice(1)) as { sid: string; pingInterval: number };
    const session = `${base}&sid=${open.sid}`;
    // Socket.IO CONNECT with the key, then read its answer.
    expect((await fetch(session, { method: 'POST', body: `40${JSON.stringify({ apiKey: KEY_A })}` })).status).toBe(200);
    expect(await (await fetch(session)).text()).toMatch(/^40\{"sid"/);
    const big = `42${JSON.stringify(['task:submit', { task: 'test-echo', input: { text: 'x'.repeat(MAX * 2) } }])}`.replace(/^42/, '421');
    expect((await fetch(session, { method: 'POST', body: big })).status).toBe(413);
    // The next poll answers at once with the close packet ("1"), or the session is already
    // unknown (400); without the fix it would hang until the next ping (25 s).
    const next = await fetch(session);
    const body = await next.text();
    expect(next.status === 400 || body.split('\x1e').includes('1')).toBe(true);
    const after = await fetch(session);
    expect(after.status).toBe(400);
  }, 60_000);

  for (const transport of ['polling', 'websocket'] as const) {
    it(`over ${transport}: the session is closed, the pending ack is rejected, a new connection works`, async () => {
      const client = (await connected(io(server.url, { auth: { apiKey: KEY_A }, transports: [transport], upgrade: false, reconnection: false, forceNew: true })));
      const reasons: string[] = [];
      client.on('disconnect', (reason) => reasons.push(reason));
      // A generous timeout: the ack must fail because the session closed, not because it timed out.
      const outcome = await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'x'.repeat(MAX * 2) } }, 60_000).then(
        (ack) => `ack ${JSON.stringify(ack).slice(0, 80)}`,
        (err: Error) => err.message,
      );
      expect(outcome).toBe('socket has been disconnected');
      expect(reasons).toHaveLength(1);
      expect(['transport close', 'transport error']).toContain(reasons[0]);
      client.close();

      const again = (await connected(io(server.url, { auth: { apiKey: KEY_A }, transports: [transport], upgrade: false, reconnection: false, forceNew: true })));
      expect(okData(await emitAck(again, 'task:submit', { task: 'test-echo', input: { text: 'small' } })).taskId).toBeTruthy();
      again.close();
    }, 90_000);
  }
});
