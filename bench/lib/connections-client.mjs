// Opens N authenticated Socket.IO connections (WebSocket transport) to the server and keeps them
// idle. Forked by connections.mjs: sends 'connected' (with counts) over IPC, closes on 'close'.
//   node connections-client.mjs <url> <count>
import { io } from 'socket.io-client';
import { BENCH_KEY } from './common.mjs';

const [url, countArg] = process.argv.slice(2);
const count = Number(countArg);
const BATCH = 100;
const sockets = [];
let failed = 0;

function open() {
  return new Promise((resolve) => {
    const s = io(url, { auth: { apiKey: BENCH_KEY }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => {
      failed++;
      if (failed <= 3) {
        process.stderr.write(`connect_error: ${err.message}\n`);
      }
      resolve(undefined);
    });
  });
}

for (let i = 0; i < count; i += BATCH) {
  const batch = await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, open));
  sockets.push(...batch.filter(Boolean));
}
process.send({ connected: sockets.length, failed });
process.on('message', (m) => {
  if (m === 'close') {
    for (const s of sockets) {
      s.close();
    }
    setTimeout(() => process.exit(0), 200);
  }
});
