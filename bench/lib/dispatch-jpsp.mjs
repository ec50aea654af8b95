// Dispatch through the whole JPSP-NG path: socket.io-client `task:submit` → queue → Tinypool →
// `task:update` with status `completed` back to the client. Run as a child process:
//   node dispatch-jpsp.mjs <serverUrl>[,<serverUrl>…] <json options>   → prints one JSON line.
// With several URLs (cluster mode: one per node) the client holds one socket per node and
// alternates its submits over them; each task's updates come back on the socket that submitted it.
import { io } from 'socket.io-client';
import { BENCH_KEY, cpuMsOf, measureDispatch, print } from './common.mjs';

const [urls, optionsJson = '{}'] = process.argv.slice(2);
const { tasks = 10_000, window = 200, rounds = 5, warmup = 2_000, latencyMs = 2_000, serverPid, serverPids = serverPid ? [serverPid] : [], redisPid } = JSON.parse(optionsJson);

const waiting = new Map();
const early = new Set();
const onUpdate = (s) => {
  if (s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled') {
    const done = waiting.get(s.taskId);
    if (done) {
      waiting.delete(s.taskId);
      done(s);
    } else {
      early.add(s.taskId);
    }
  }
};
const sockets = await Promise.all(
  urls.split(',').map(async (url) => {
    const socket = io(url, { auth: { apiKey: BENCH_KEY }, transports: ['websocket'] });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.on('task:update', onUpdate);
    return socket;
  }),
);
let turn = 0;

/** One no-op task, submit → completed snapshot. */
async function one() {
  const socket = sockets[turn++ % sockets.length];
  const ack = await socket.emitWithAck('task:submit', { task: 'test-noop', input: {} });
  if (!ack.ok) {
    throw new Error(`${ack.error.code}: ${ack.error.message}`);
  }
  const id = ack.data.taskId;
  let final = ack.data;
  if (final.status !== 'completed') {
    if (early.delete(id)) {
      return;
    }
    final = await new Promise((resolve) => waiting.set(id, resolve));
  }
  if (final.status !== 'completed') {
    throw new Error(`task ${id} ended ${final.status}: ${JSON.stringify(final.error)}`);
  }
}

// CPU the server (all its threads) and this client spent per task: robust to a busy machine.
let cpu0 = NaN;
let own0;
let serverCpuUsPerTask = NaN;
let clientCpuUsPerTask = NaN;
let redisUsPerTask = NaN;
let redis0 = NaN;
const result = await measureDispatch('jpsp', one, { tasks, window, rounds, warmup, latencyMs }, {
  before: () => {
    cpu0 = serverPids.length ? serverPids.reduce((sum, pid) => sum + cpuMsOf(pid), 0) : NaN;
    own0 = process.cpuUsage();
    redis0 = redisPid ? cpuMsOf(redisPid) : NaN;
  },
  after: () => {
    serverCpuUsPerTask = ((serverPids.reduce((sum, pid) => sum + cpuMsOf(pid), 0) - cpu0) * 1000) / (tasks * rounds);
    const own = process.cpuUsage(own0);
    clientCpuUsPerTask = (own.user + own.system) / (tasks * rounds);
    redisUsPerTask = redisPid ? ((cpuMsOf(redisPid) - redis0) * 1000) / (tasks * rounds) : NaN;
  },
});

sockets.forEach((socket) => socket.close());
print(JSON.stringify({ ...result, serverCpuUsPerTask, clientCpuUsPerTask, ...(redisPid ? { redisUsPerTask } : {}) }));
process.exit(0);
