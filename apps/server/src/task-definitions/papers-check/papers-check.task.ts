import type { FieldError } from '@jpsp/contracts';
// The report for a file that could not be read, without the PDF library: the main thread never loads it.
import { unreadableReport } from '@jpsp/papers/unreadable';
import type { PaperRules } from '@jpsp/papers';
import type { FanOutItem, TaskDefinition } from '../task-definition.js';
import { MAX_PAPERS, PapersCheckInputDto, type PaperRefDto } from './papers-check.dto.js';

/** A child's input: one paper (its bytes travel beside it) and the rules. */
export interface PaperItem {
  meta: { id: string; code?: string; title?: string; type?: string };
  rules?: PaperRules;
}

const en = (n: number) => n.toLocaleString('en');

/**
 * The paper check: every paper's PDF fetched (URL + headers, e.g. an Indico signed URL) and
 * checked against the conference's rules (page size, fonts embedded, Type 3 fonts, PDF version,
 * page limits). Papers are checked in parallel across the worker pool, one child per paper
 * (`papers-check.child.ts`); `papers-check.run.ts` writes the HTML and CSV reports. One bad file is
 * that paper's `unreadable` problem, never the task's failure.
 */
export const papersCheckTask: TaskDefinition = {
  name: 'papers-check',
  title: 'Paper check',
  description:
    `Checks up to ${en(MAX_PAPERS)} papers' PDF files (each fetched from its URL with its headers) against the ` +
    "conference's rules: page size (MediaBox and CropBox), fonts embedded (including figures and annotations), " +
    'Type 3 fonts, PDF version, page limits. Defaults: JACoW. Result: a summary and every paper with its problems, ' +
    'papers-check.html (a report to read) and papers-check.csv (one row per problem).',
  inputDto: PapersCheckInputDto,
  defaultTimeoutMs: 30 * 60_000,
  // 5,000 papers make about 4 MB of HTML and 2 MB of CSV.
  resultReserveBytes: 8 * 1024 * 1024,
  runModule: new URL('./papers-check.run.js', import.meta.url).href,
  // Reading files again changes nothing: a run cut short by a node's death can run again.
  repeatable: true,
  validate(input: unknown): FieldError[] {
    const { papers } = input as PapersCheckInputDto;
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    papers.forEach((paper, i) => {
      if (seen.has(paper.id)) {
        errors.push({ path: `papers[${i}].id`, reason: `id ${JSON.stringify(paper.id.slice(0, 50))} is used by an earlier paper; ids must be unique` });
      }
      seen.add(paper.id);
      const url = new URL(paper.url); // parseable: checked by the DTO
      if (url.username || url.password) {
        errors.push({ path: `papers[${i}].url`, reason: 'url must not contain credentials: pass them in headers' });
      }
    });
    return errors.slice(0, 100);
  },
  fanOut: {
    items(input: unknown): FanOutItem[] {
      const { papers, rules } = input as PapersCheckInputDto;
      return papers.map((paper: PaperRefDto) => {
        const item: PaperItem = { meta: meta(paper) };
        if (rules) {
          item.rules = rules;
        }
        return { input: item, binary: paper.headers ? { url: paper.url, headers: paper.headers } : { url: paper.url } };
      });
    },
    childModule: new URL('./papers-check.child.js', import.meta.url).href,
    childTimeoutMs: 60_000,
    fetchConcurrency: 8,
    failedItem(item, reason) {
      return unreadableReport((item.input as PaperItem).meta, reason.endsWith('.') ? reason : `${reason}.`);
    },
    progress(done, fetched, total) {
      const fetching = fetched < total;
      return {
        percent: total === 0 ? 95 : (done / total) * 95,
        phase: fetching ? 'fetch' : 'check',
        message: fetching ? `${en(done)} / ${en(total)} checked, ${en(fetched)} fetched` : `${en(done)} / ${en(total)} checked`,
      };
    },
  },
};

function meta(paper: PaperRefDto): PaperItem['meta'] {
  const out: PaperItem['meta'] = { id: paper.id };
  for (const key of ['code', 'title', 'type'] as const) {
    if (paper[key] !== undefined) {
      out[key] = paper[key];
    }
  }
  return out;
}
