export async function run(input, ctx) {
  ctx.progress(50, 'echo', 'writing');
  await ctx.writeFile('echo.txt', input.text, 'text/plain; charset=utf-8');
  if (input.warn) {
    ctx.warn(input.warn);
  }
  return { length: input.text.length };
}
