import type { ChecksSummary, PaperReport, RuleId } from './types.js';

export function summarize(papers: readonly PaperReport[]): ChecksSummary {
  const summary: ChecksSummary = { total: papers.length, ok: 0, withErrors: 0, withWarnings: 0, unreadable: 0 };
  for (const paper of papers) {
    if (paper.ok) {
      summary.ok++;
    } else {
      summary.withErrors++;
    }
    if (paper.problems.some((p) => p.severity === 'warning')) {
      summary.withWarnings++;
    }
    if (paper.problems.some((p) => p.rule === 'unreadable')) {
      summary.unreadable++;
    }
  }
  return summary;
}

const RULE_SENTENCES: Record<RuleId, [one: string, many: string]> = {
  unreadable: ['1 paper could not be read', '{n} papers could not be read'],
  'page-size': ['1 paper has pages of the wrong size', '{n} papers have pages of the wrong size'],
  'fonts-not-embedded': ['1 paper has fonts that are not embedded', '{n} papers have fonts that are not embedded'],
  'type3-fonts': ['1 paper has Type 3 fonts', '{n} papers have Type 3 fonts'],
  'pdf-version': ['1 paper has a PDF version newer than accepted', '{n} papers have a PDF version newer than accepted'],
  'page-count': ['1 paper is over its page limit', '{n} papers are over their page limit'],
};

/** One sentence per rule that found something, most papers first: the task's warnings. */
export function ruleSentences(papers: readonly PaperReport[]): string[] {
  const counts = new Map<RuleId, number>();
  for (const paper of papers) {
    for (const rule of new Set(paper.problems.map((p) => p.rule))) {
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => {
      const [one, many] = RULE_SENTENCES[rule];
      return n === 1 ? `${one}.` : `${many.replace('{n}', n.toLocaleString('en'))}.`;
    });
}

/** Papers with errors first, then with warnings, then the rest; by code within each group. */
export function reportOrder(papers: readonly PaperReport[]): PaperReport[] {
  const rank = (p: PaperReport) => (!p.ok ? 0 : p.problems.length > 0 ? 1 : 2);
  return [...papers].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code, 'en', { numeric: true }) || a.id.localeCompare(b.id, 'en', { numeric: true }));
}
