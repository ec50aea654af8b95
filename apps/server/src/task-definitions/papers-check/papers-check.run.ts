/** The merge, in a worker: the papers' reports → summary, warnings, papers-check.html and .csv. */
import { papersCsv, papersHtml, resolveRules, ruleSentences, summarize, type ChecksSummary, type PaperReport, type PaperRules } from '@jpsp/papers';
import type { FanOutMergeInput } from '../../executor/fan-out.js';
import type { TaskContext } from '../task-definition.js';

export interface PapersCheckResult {
  summary: ChecksSummary;
  papers: PaperReport[];
}

export async function run(input: FanOutMergeInput<{ rules?: PaperRules }, PaperReport>, ctx: TaskContext): Promise<PapersCheckResult> {
  const papers = input.results;
  ctx.progress(96, 'report', `Writing the report of ${papers.length.toLocaleString('en')} papers`);
  const rules = resolveRules(input.input.rules);
  const summary = summarize(papers);
  for (const sentence of ruleSentences(papers)) {
    ctx.warn(sentence);
  }
  await ctx.writeFile('papers-check.html', papersHtml(papers, summary, { checkedAt: new Date(), rules }), 'text/html; charset=utf-8');
  await ctx.writeFile('papers-check.csv', papersCsv(papers), 'text/csv; charset=utf-8');
  return { summary, papers };
}
