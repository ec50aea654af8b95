// The merge of test-fanout: the children's results in item order.
export async function run({ results }, ctx) {
  ctx.progress(100, 'merge');
  return { results };
}
