// The booklet through the server, as a client sees it: submit over Socket.IO (the whole export in
// the payload) → the completed snapshot, ODT only, at 2,000 contributions; beside it the engine's
// own time for the same event in the same run (validate + model + ODT, in this process) and a
// client's upload floor (the same bytes POSTed to /api/tasks for a task that does not exist: the
// server reads and parses them all, then answers 404).
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { BENCH_KEY, median, ROOT, startServer } from './common.mjs';

export async function benchBookletServer({ runs = 5, contributions = 2000 } = {}) {
  const { generateEvent } = await import(join(ROOT, 'libs/booklet/bench/generate-event.mjs'));
  const lib = await import(join(ROOT, 'libs/booklet/dist/index.js'));
  const event = generateEvent(contributions, 42);
  const body = JSON.stringify({ task: 'abstract-booklet', input: { event, options: { formats: ['odt'] } } });
  const server = await startServer({ env: { JPSP_MAX_PAYLOAD_BYTES: String(64 * 1024 * 1024), JPSP_LOG_LEVEL: 'warn' } });
  const socket = io(server.url, { auth: { apiKey: BENCH_KEY }, transports: ['websocket'] });
  try {
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const once = async () => {
      const t0 = performance.now();
      const done = new Promise((resolve) => {
        const on = (s) => {
          if (s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled') {
            socket.off('task:update', on);
            resolve(s);
          }
        };
        socket.on('task:update', on);
      });
      const ack = await socket.timeout(120_000).emitWithAck('task:submit', { task: 'abstract-booklet', input: { event, options: { formats: ['odt'] } } });
      if (!ack.ok) {
        throw new Error(`submit refused: ${ack.error.code} ${ack.error.message}`);
      }
      const end = ack.data.status === 'completed' ? ack.data : await done;
      if (end.status !== 'completed') {
        throw new Error(`booklet ${end.status}: ${end.error?.message}`);
      }
      return (performance.now() - t0) / 1000;
    };
    await once(); // warm-up: the worker thread and its modules
    const server_ = [];
    for (let i = 0; i < runs; i++) {
      server_.push(await once());
    }
    const upload = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/tasks`, { method: 'POST', headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' }, body: body.replace('"abstract-booklet"', '"no-such-task"') });
      await res.arrayBuffer();
      upload.push((performance.now() - t0) / 1000);
    }
    const engine = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      lib.writeOdt(lib.buildModel(lib.validateEvent(event).event).model);
      engine.push((performance.now() - t0) / 1000);
    }
    return { contributions, bytes: Buffer.byteLength(body), runs, serverS: median(server_), uploadFloorS: median(upload), engineS: median(engine.slice(1)) };
  } finally {
    socket.close();
    await server.stop();
  }
}

// `node bench/lib/booklet-server.mjs`: this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchBookletServer({ runs: Number(process.argv[2] ?? 5) }))}\n`);
}
