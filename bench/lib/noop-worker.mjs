// Raw Tinypool worker: exactly the no-op function the server's test-noop task runs.
export { run as default } from '../../apps/server/test/tasks/run-test-noop.mjs';
