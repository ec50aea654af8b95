// The fault-injection catalogue shared by test/faults.spec.ts (fast, 100 runs) and
// test/stress/run.mjs (100 runs of each kind): misbehaving tasks with the error code each must
// end with, and well-behaved tasks that must complete with their files, whatever ran before.

/** Timeout given to the runaway kinds (their default would be the test tasks' 5 s). */
export const RUNAWAY_TIMEOUT_MS = 500;

export const BAD_KINDS = [
  { kind: 'throw', task: 'test-bad', input: { mode: 'throw' }, code: 'TASK_FAILED' },
  { kind: 'throw-with-code', task: 'test-bad', input: { mode: 'coded' }, code: 'VALIDATION_FAILED' },
  { kind: 'throw-string', task: 'test-fault', input: { mode: 'throw-string' }, code: 'TASK_FAILED' },
  { kind: 'claims-INTERNAL', task: 'test-fault', input: { mode: 'throw-internal' }, code: 'TASK_FAILED' },
  { kind: 'write-then-throw', task: 'test-fault', input: { mode: 'partial-then-throw' }, code: 'TASK_FAILED' },
  { kind: 'bad-file-name', task: 'test-fault', input: { mode: 'bad-name' }, code: 'TASK_FAILED' },
  { kind: 'duplicate-file', task: 'test-fault', input: { mode: 'dup-name' }, code: 'TASK_FAILED' },
  { kind: 'uncloneable-result', task: 'test-fault', input: { mode: 'unclonable' }, code: 'TASK_FAILED' },
  { kind: 'out-of-memory', task: 'test-bad', input: { mode: 'oom' }, code: 'WORKER_CRASHED' },
  { kind: 'process.exit', task: 'test-bad', input: { mode: 'exit' }, code: 'WORKER_CRASHED' },
  { kind: 'unhandled-rejection', task: 'test-bad', input: { mode: 'unhandled' }, code: 'WORKER_CRASHED' },
  { kind: 'throw-in-timer', task: 'test-bad', input: { mode: 'timer-throw' }, code: 'WORKER_CRASHED' },
  { kind: 'infinite-loop', task: 'test-bad', input: { mode: 'loop' }, options: { timeoutMs: RUNAWAY_TIMEOUT_MS }, code: 'TIMEOUT' },
  { kind: 'never-settles', task: 'test-fault', input: { mode: 'hang' }, options: { timeoutMs: RUNAWAY_TIMEOUT_MS }, code: 'TIMEOUT' },
  { kind: 'output-over-quota', task: 'test-bad', input: { mode: 'huge' }, code: 'STORAGE_FULL' },
];

const smallEvent = {
  title: 'Fault Injection Workshop',
  sessions: [{ title: 'Session A', contributions: [{ title: 'Talk 1', description: 'First abstract' }, { title: 'Talk 2', description: 'Second abstract' }] }],
};

export const GOOD_KINDS = [
  { kind: 'echo', task: 'test-echo', input: { text: 'still healthy ✓' }, files: ['echo.txt'] },
  { kind: 'noop', task: 'test-noop', input: {}, files: [] },
  { kind: 'garbage-progress', task: 'test-fault', input: { mode: 'progress-garbage' }, files: ['ok.txt'] },
  { kind: 'booklet-stand-in', task: 'test-booklet', input: { event: smallEvent }, files: ['booklet.odt', 'booklet.docx'] },
];

/** Default timeout of the test-bad / test-fault tasks (test/tasks/test-tasks.mjs). */
export const FAULT_TASK_TIMEOUT_MS = 5_000;

/** Server settings the fault runs use: small worker heap and result quota, so the faults are quick. */
export const FAULT_SERVER_ENV = {
  JPSP_MAX_THREADS: '2',
  JPSP_MAX_QUEUE: '500',
  JPSP_MAX_QUEUE_PER_KEY: '500',
  JPSP_WORKER_MAX_MEMORY_MB: '96',
  // Idle workers stop quickly: afterwards the thread count must come back to the idle server's.
  JPSP_WORKER_IDLE_MS: '500',
  // The hanging and looping kinds ignore their signal: terminate them soon after their timeout.
  JPSP_STOP_GRACE_MS: '250',
  JPSP_MAX_RESULT_BYTES: String(16 * 1024 * 1024),
  JPSP_TEMP_QUOTA_BYTES: String(256 * 1024 * 1024),
};
