// One BullMQ Worker running the same no-op function. node bullmq-worker.mjs <redisPort> <queue> <concurrency>
import { Worker } from 'bullmq';
import { run } from '../../apps/server/test/tasks/run-test-noop.mjs';

const [port, queueName, concurrency = '1'] = process.argv.slice(2);
const worker = new Worker(queueName, (job) => run(job.data), {
  connection: { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null },
  concurrency: Number(concurrency),
});
await worker.waitUntilReady();
process.send?.('ready');
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
