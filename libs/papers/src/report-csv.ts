import { stringify } from 'csv-stringify/sync';
import { reportOrder } from './summary.js';
import type { PaperReport } from './types.js';

export const CSV_COLUMNS = ['id', 'code', 'title', 'type', 'rule', 'severity', 'page', 'message'] as const;

/**
 * One row per problem (a paper without problems has none), for a spreadsheet. Cells that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`…: a title is author-supplied text) are
 * escaped; a UTF-8 byte order mark lets Excel read accents.
 */
export function papersCsv(papers: readonly PaperReport[]): string {
  const rows: (string | number)[][] = [];
  for (const paper of reportOrder(papers)) {
    for (const p of paper.problems) {
      rows.push([paper.id, paper.code, paper.title ?? '', paper.type ?? '', p.rule, p.severity, p.page ?? '', p.message]);
    }
  }
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], bom: true, escape_formulas: true, record_delimiter: 'windows' });
}
