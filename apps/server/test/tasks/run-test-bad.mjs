// Misbehaving tasks for fault-injection tests.
export async function run(input, ctx) {
  switch (input.mode) {
    case 'throw':
      throw new Error('boom from the task');
    case 'coded': {
      const err = new Error('the task judged its input invalid');
      err.code = 'VALIDATION_FAILED';
      err.details = [{ path: 'input.x', reason: 'bad x' }];
      throw err;
    }
    case 'oom': {
      const hog = [];
      for (;;) {
        hog.push(new Array(1_000_000).fill(hog.length));
      }
    }
    case 'exit':
      process.exit(3);
      return undefined;
    case 'loop':
      for (;;) {
        // spin until the timeout terminates the worker
      }
    case 'unhandled':
      Promise.reject(new Error('nobody catches me'));
      await new Promise((r) => setTimeout(r, 10_000));
      return undefined;
    case 'timer-throw':
      setTimeout(() => {
        throw new Error('thrown from a timer');
      }, 10);
      await new Promise((r) => setTimeout(r, 10_000));
      return undefined;
    case 'late-throw':
      // Completes at once, leaving behind a timer that throws while the next task runs.
      setTimeout(() => {
        throw new Error('thrown after the task returned');
      }, 300);
      setTimeout(() => Promise.reject(new Error('rejected after the task returned')), 300);
      return { left: 'timers' };
    case 'huge': {
      const chunk = new Uint8Array(8 * 1024 * 1024);
      for (let i = 0; ; i++) {
        await ctx.writeFile(`part-${i}.bin`, chunk, 'application/octet-stream');
      }
    }
    default:
      throw new Error(`unknown mode ${input.mode}`);
  }
}
