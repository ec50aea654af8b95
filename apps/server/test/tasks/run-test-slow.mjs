export async function run(input, ctx) {
  const steps = input.steps ?? 10;
  for (let i = 0; i < steps; i++) {
    ctx.progress((i / steps) * 100, i < steps / 2 ? 'first-half' : 'second-half', `step ${i + 1} of ${steps}`);
    await new Promise((r) => setTimeout(r, input.ms / steps));
    ctx.signal.throwIfAborted(); // a well-behaved task: it ends soon after a cancel or timeout
  }
  await ctx.writeFile('slow.txt', `done after ${steps} steps`, 'text/plain');
  return { steps };
}
