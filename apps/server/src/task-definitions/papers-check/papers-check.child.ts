/** One paper, in a worker: its bytes (fetched by the main thread) checked against the rules. */
import { checkPaper, resolveRules, unreadableReport, type PaperReport } from '@jpsp/papers';
import type { TaskContext } from '../task-definition.js';
import type { PaperItem } from './papers-check.task.js';

export async function run(input: { item: PaperItem; bytes?: Uint8Array }, ctx: TaskContext): Promise<PaperReport> {
  if (!input.bytes) {
    return unreadableReport(input.item.meta, 'No file was given.');
  }
  ctx.signal.throwIfAborted();
  return checkPaper(input.bytes, input.item.meta, resolveRules(input.item.rules));
}
