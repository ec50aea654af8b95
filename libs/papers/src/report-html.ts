import { escapeUTF8 } from 'entities';
import type { ResolvedRules } from './rules.js';
import { reportOrder, ruleSentences } from './summary.js';
import type { ChecksSummary, PaperReport, Problem } from './types.js';

export interface HtmlReportOptions {
  title?: string;
  /** When the check ran (shown in the header). */
  checkedAt: Date;
  rules: ResolvedRules;
}

const RULE_LABELS: Record<Problem['rule'], string> = {
  unreadable: 'Unreadable',
  'page-size': 'Page size',
  'fonts-not-embedded': 'Fonts not embedded',
  'type3-fonts': 'Type 3 fonts',
  'pdf-version': 'PDF version',
  'page-count': 'Page count',
};

const STYLE = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0 auto;max-width:70rem;padding:1.5rem;color:#1d2330}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}.muted{color:#5b6475}
.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}.card{border:1px solid #d5dae3;border-radius:.5rem;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.6rem}.card.err b{color:#b3261e}.card.warn b{color:#8a5a00}.card.ok b{color:#1b6e2f}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #e4e7ee}
th{background:#f4f6fa;font-weight:600}td.code{white-space:nowrap;font-weight:600}.sev{font-size:.8rem;font-weight:700;text-transform:uppercase;padding:.05rem .35rem;border-radius:.25rem}
.sev.error{background:#fde7e6;color:#b3261e}.sev.warning{background:#fff3d6;color:#8a5a00}ul.problems{margin:0;padding-left:1.1rem}
details{margin-top:.25rem}summary{cursor:pointer;color:#5b6475}@media print{details{display:none}}`;

/**
 * One self-contained page (no script, no external file: it works offline and from a mail):
 * the summary first, then the papers with errors, with warnings, and the good ones; each problem in
 * plain words with its page.
 */
export function papersHtml(papers: readonly PaperReport[], summary: ChecksSummary, options: HtmlReportOptions): string {
  const e = escapeUTF8;
  const title = options.title ?? 'Paper check';
  const sentences = ruleSentences(papers);
  const ordered = reportOrder(papers);
  const withProblems = ordered.filter((p) => p.problems.length > 0);
  const clean = ordered.filter((p) => p.problems.length === 0);
  const sizes = options.rules.pageSizes.map((s) => `${s.width} × ${s.height} pt (${e(s.name)})`).join(' or ');
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(title)}</title><style>${STYLE}</style></head><body>`);
  out.push(`<h1>${e(title)}</h1><p class="muted">Checked ${e(options.checkedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC against: page size ${sizes} ±${options.rules.tolerancePt} pt, all fonts embedded, ${options.rules.allowType3 ? 'Type 3 fonts allowed' : 'no Type 3 fonts'}, PDF ${e(options.rules.maxPdfVersion)} or older${pageLimitText(options.rules)}.</p>`);
  out.push('<div class="cards">');
  out.push(card('', summary.total, 'papers'), card('ok', summary.ok, 'without errors'), card('err', summary.withErrors, 'with errors'), card('warn', summary.withWarnings, 'with warnings'), card('err', summary.unreadable, 'unreadable'));
  out.push('</div>');
  if (sentences.length > 0) {
    out.push(`<ul>${sentences.map((s) => `<li>${e(s)}</li>`).join('')}</ul>`);
  }
  if (withProblems.length > 0) {
    out.push(`<h2>Papers with problems (${withProblems.length.toLocaleString('en')})</h2>`);
    out.push('<table><thead><tr><th>Code</th><th>Title</th><th>Pages</th><th>Problems</th></tr></thead><tbody>');
    for (const paper of withProblems) {
      out.push(`<tr id="paper-${e(paper.id)}"><td class="code">${e(paper.code || paper.id)}</td><td>${e(paper.title ?? '')}${paper.type ? `<div class="muted">${e(paper.type)}</div>` : ''}</td><td>${paper.pages || ''}</td><td><ul class="problems">`);
      for (const p of paper.problems) {
        out.push(`<li><span class="sev ${p.severity}">${p.severity}</span> <b>${RULE_LABELS[p.rule]}</b>${p.page ? ` (page ${p.page})` : ''}: ${e(p.message)}</li>`);
      }
      out.push(`</ul>${fontDetails(paper)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  if (clean.length > 0) {
    out.push(`<h2>Papers without problems (${clean.length.toLocaleString('en')})</h2><p>${clean.map((p) => e(p.code || p.id)).join(', ')}</p>`);
  }
  out.push('</body></html>\n');
  return out.join('');
}

function card(kind: string, n: number, label: string): string {
  return `<div class="card ${kind}"><b>${n.toLocaleString('en')}</b>${label}</div>`;
}

function pageLimitText(rules: ResolvedRules): string {
  const byType = Object.entries(rules.maxPagesByType).map(([t, n]) => `${escapeUTF8(t)}: ${n}`);
  const parts = [...(rules.maxPages !== undefined ? [`${rules.maxPages} pages at most`] : []), ...(byType.length ? [`page limits ${byType.join(', ')}`] : [])];
  return parts.length ? `, ${parts.join('; ')}` : '';
}

function fontDetails(paper: PaperReport): string {
  if (paper.fonts.length === 0) {
    return '';
  }
  const rows = paper.fonts.map((f) => `${escapeUTF8(f.name)} (${escapeUTF8(f.type)}${f.embedded ? ', embedded' : ', not embedded'})`);
  return `<details><summary>${paper.fonts.length} font${paper.fonts.length === 1 ? '' : 's'}, PDF ${escapeUTF8(paper.pdfVersion ?? '?')}</summary>${rows.join('<br>')}</details>`;
}
