// More misbehaving tasks for fault injection (the classic ones are in run-test-bad.mjs).
export async function run(input, ctx) {
  switch (input.mode) {
    case 'hang':
      // Says it started, then never settles and keeps nothing on the event loop: only the timeout ends it.
      ctx.progress(0, 'hanging');
      await new Promise(() => undefined);
      return undefined;
    case 'fill': {
      // Writes 256 KiB files until its write budget refuses one (STORAGE_FULL).
      const chunk = new Uint8Array(256 * 1024);
      for (let i = 0; ; i++) {
        await ctx.writeFile(`fill-${i}.bin`, chunk, 'application/octet-stream');
      }
    }
    case 'bad-name':
      await ctx.writeFile('../../escape.txt', 'outside', 'text/plain');
      return undefined;
    case 'dup-name':
      await ctx.writeFile('a.txt', 'one', 'text/plain');
      await ctx.writeFile('a.txt', 'two', 'text/plain');
      return undefined;
    case 'throw-string':
      throw 'a bare string';
    case 'throw-internal': {
      const err = new Error('pretends to be internal');
      err.code = 'INTERNAL';
      throw err;
    }
    case 'unclonable':
      // A function cannot cross the worker boundary.
      return { fn: () => 1 };
    case 'partial-then-throw':
      await ctx.writeFile('partial.txt', 'x'.repeat(100_000), 'text/plain');
      throw new Error('failed after writing a file');
    case 'progress-garbage':
      ctx.progress(Number.NaN, { toString: () => 'obj' }, 42);
      ctx.progress(Infinity, 'x'.repeat(10_000), 'y'.repeat(10_000));
      ctx.progress(-5, null);
      for (let i = 0; i < 10_000; i++) {
        ctx.warn(`warning ${i}`);
      }
      await ctx.writeFile('ok.txt', 'survived', 'text/plain');
      return { survived: true };
    default:
      throw new Error(`unknown mode ${input.mode}`);
  }
}
