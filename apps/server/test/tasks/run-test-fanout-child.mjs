// A child of test-fanout: `exit` calls process.exit (its worker is replaced), `throw` fails,
// `hang` ignores its signal (stopped by the child timeout, then terminated), `slow` honours it.
export async function run({ item }, ctx) {
  switch (item.mode) {
    case 'exit':
      process.exit(3);
      break;
    case 'throw':
      throw new Error(`child ${item.i} failed`);
    case 'hang':
      await new Promise(() => {});
      break;
    case 'slow':
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, 30_000);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('stopped'));
        });
      });
      break;
  }
  return { i: item.i, ok: true };
}
