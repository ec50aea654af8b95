/** One paper, in a worker: its bytes (fetched by the main thread) checked against the rules. */
import { checkPaper, resolveRules, unreadableReport, type PaperReport } from '@jpsp/papers';
import type { BinaryInputRef, TaskContext } from '../task-definition.js';
import type { PaperItem } from './papers-check.task.js';

export async function run(input: { item: PaperItem; bytes?: Uint8Array; binary?: BinaryInputRef }, ctx: TaskContext): Promise<PaperReport> {
  let bytes = input.bytes;
  if (!bytes && input.binary) {
    // Cluster mode: the node running this child fetches the file itself.
    try {
      bytes = await ctx.fetchBinary(input.binary);
    } catch (err) {
      ctx.signal.throwIfAborted();
      return unreadableReport(input.item.meta, `Could not download the file: ${(err as Error).message}.`);
    }
  }
  if (!bytes) {
    return unreadableReport(input.item.meta, 'No file was given.');
  }
  ctx.signal.throwIfAborted();
  return checkPaper(bytes, input.item.meta, resolveRules(input.item.rules));
}
