// Fetches a binary input by URL through the worker's guarded fetch (ctx.fetchBinary) and stores it.
export async function run(input, ctx) {
  const bytes = await ctx.fetchBinary({ url: input.url, ...(input.headers ? { headers: input.headers } : {}) });
  await ctx.writeFile('fetched.bin', bytes, 'application/octet-stream');
  return { bytes: bytes.byteLength };
}
