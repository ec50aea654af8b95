import { randomFillSync } from 'node:crypto';

export async function run(input, ctx) {
  const bytes = new Uint8Array(input.bytes);
  randomFillSync(bytes);
  await ctx.writeFile('big.bin', bytes, 'application/octet-stream');
  return undefined;
}
