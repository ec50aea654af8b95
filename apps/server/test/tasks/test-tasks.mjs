// Test-only task definitions, registered through JPSP_EXTRA_TASKS by the server test suites.
// Never shipped in the catalog. Plain JS: decorators are applied as functions.
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const run = (name) => new URL(`./run-${name}.mjs`, import.meta.url).href;

export class EmptyInput {}

export class EchoInput {}
IsString()(EchoInput.prototype, 'text');
MaxLength(100_000)(EchoInput.prototype, 'text');
IsOptional()(EchoInput.prototype, 'warn');
IsString()(EchoInput.prototype, 'warn');

export class SlowInput {}
IsInt()(SlowInput.prototype, 'ms');
Min(0)(SlowInput.prototype, 'ms');
Max(600_000)(SlowInput.prototype, 'ms');
IsOptional()(SlowInput.prototype, 'steps');
IsInt()(SlowInput.prototype, 'steps');
Min(1)(SlowInput.prototype, 'steps');
Max(100_000)(SlowInput.prototype, 'steps');

export class BadInput {}
IsIn(['throw', 'oom', 'exit', 'loop', 'unhandled', 'huge', 'timer-throw', 'coded', 'late-throw'])(BadInput.prototype, 'mode');

export class SizeInput {}
IsInt()(SizeInput.prototype, 'bytes');
Min(0)(SizeInput.prototype, 'bytes');

export class FetchInput {}
IsString()(FetchInput.prototype, 'url');
IsOptional()(FetchInput.prototype, 'headers');
IsObject()(FetchInput.prototype, 'headers');

export class FaultInput {}
IsIn(['hang', 'fill', 'bad-name', 'dup-name', 'throw-string', 'throw-internal', 'unclonable', 'partial-then-throw', 'progress-garbage'])(FaultInput.prototype, 'mode');

export class BookletStandInInput {}
IsObject()(BookletStandInInput.prototype, 'event');
IsOptional()(BookletStandInInput.prototype, 'options');
IsObject()(BookletStandInInput.prototype, 'options');

export class FanOutInput {}
IsArray()(FanOutInput.prototype, 'modes');
IsIn(['ok', 'exit', 'throw', 'hang', 'slow'], { each: true })(FanOutInput.prototype, 'modes');

const onNodeB = () => [{ capability: 'node-b', path: '', what: 'this test task', instead: 'start a node with JPSP_NODE_CAPABILITIES=node-b' }];

const def = (name, inputDto, defaultTimeoutMs = 60_000) => ({
  name,
  title: `Test: ${name}`,
  description: `Test-only task ${name}`,
  inputDto,
  defaultTimeoutMs,
  runModule: run(name),
});

export default [
  def('test-noop', EmptyInput),
  def('test-echo', EchoInput),
  def('test-slow', SlowInput),
  def('test-bad', BadInput, 5_000),
  def('test-bigfile', SizeInput),
  def('test-fetch', FetchInput, 30_000),
  def('test-fault', FaultInput, 5_000),
  def('test-booklet', BookletStandInInput),
  // Cluster tests: tasks only a node with the `node-b` capability runs (JPSP_NODE_CAPABILITIES),
  // and a slow task that may run again after its node died.
  { ...def('test-echo-b', EchoInput), runModule: run('test-echo'), requires: onNodeB },
  { ...def('test-slow-b', SlowInput), runModule: run('test-slow'), requires: onNodeB },
  { ...def('test-slow-repeatable', SlowInput), runModule: run('test-slow'), repeatable: true },
  {
    // A fan-out: one child per mode (run-test-fanout-child.mjs), merged by run-test-fanout.mjs.
    ...def('test-fanout', FanOutInput, 60_000),
    fanOut: {
      items: (input) => input.modes.map((mode, i) => ({ input: { i, mode } })),
      childModule: run('test-fanout-child'),
      childTimeoutMs: 1_000,
      fetchConcurrency: 4,
      failedItem: (item, reason) => ({ i: item.input.i, failed: reason }),
      progress: (done, fetched, total) => ({ percent: (done / total) * 100, phase: 'children', message: `${done} / ${total}` }),
    },
  },
];
