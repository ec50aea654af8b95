// No PDF library here: the server's main thread builds these reports for papers it could not fetch.
import type { PaperMeta, PaperReport } from './types.js';

/** A file that is not a readable PDF (or could not be fetched): the paper's one problem. */
export function unreadableReport(meta: PaperMeta, message: string): PaperReport {
  return {
    ...identity(meta),
    ok: false,
    pages: 0,
    pdfVersion: null,
    pageSizes: [],
    fonts: [],
    problems: [{ rule: 'unreadable', severity: 'error', message }],
  };
}

export function identity(meta: PaperMeta): Pick<PaperReport, 'id' | 'code' | 'title' | 'type'> {
  const out: Pick<PaperReport, 'id' | 'code' | 'title' | 'type'> = { id: meta.id, code: meta.code ?? '' };
  if (meta.title !== undefined) {
    out.title = meta.title;
  }
  if (meta.type !== undefined) {
    out.type = meta.type;
  }
  return out;
}
