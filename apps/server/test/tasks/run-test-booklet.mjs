// Stand-in for abstract-booklet in the load and reconnection tests (used while the real task is
// not registered): walks an Indico event export, reports phases, and writes two files whose size
// and cost grow with the event (a deflated text rendering per format).
import { deflateRawSync } from 'node:zlib';

export async function run(input, ctx) {
  const event = input.event ?? {};
  const lines = [];
  let contributions = 0;
  const walk = (node, depth) => {
    if (Array.isArray(node)) {
      for (const item of node) {
        walk(item, depth + 1);
      }
    } else if (node && typeof node === 'object') {
      if (typeof node.title === 'string') {
        lines.push(`${'  '.repeat(Math.min(depth, 8))}${node.title}`);
      }
      if (typeof node.description === 'string') {
        contributions++;
        lines.push(node.description);
      }
      for (const value of Object.values(node)) {
        if (value && typeof value === 'object') {
          walk(value, depth + 1);
        }
      }
    }
  };
  ctx.progress(5, 'parse', 'reading the event');
  walk(event, 0);
  const text = lines.join('\n');
  const formats = input.options?.formats ?? ['odt', 'docx'];
  let i = 0;
  for (const format of formats) {
    ctx.progress(20 + (70 * i++) / formats.length, format, `writing ${format}`);
    const bytes = deflateRawSync(Buffer.from(`${format}\n${text}`, 'utf8'), { level: 9 });
    await ctx.writeFile(`booklet.${format}`, bytes, format === 'odt' ? 'application/vnd.oasis.opendocument.text' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  }
  return { contributions, lines: lines.length };
}
