import type { ResultFile, TaskSnapshot } from '@jpsp/contracts';
import type { ReactNode } from 'react';
import type { Translate } from './i18n.js';

interface Summary {
  total: number;
  ok: number;
  withErrors: number;
  withWarnings: number;
  unreadable: number;
}

/** The paper check's result: the counts, a link that opens the HTML report, the CSV. */
export function PapersResult({ snapshot, t, lang }: { snapshot: TaskSnapshot; t: Translate; lang: string }): ReactNode {
  const summary = (snapshot.result?.data as { summary?: Summary } | undefined)?.summary;
  const files = snapshot.result?.files ?? [];
  const html = files.find((f) => f.name.endsWith('.html'));
  const csv = files.find((f) => f.name.endsWith('.csv'));
  const n = (v: number) => v.toLocaleString(lang);
  return (
    <div className="jpsp-papers">
      {summary && (
        <p className="jpsp-summary" data-errors={summary.withErrors}>
          {t('summary', { total: n(summary.total), ok: n(summary.ok), withErrors: n(summary.withErrors), unreadable: n(summary.unreadable), withWarnings: n(summary.withWarnings) })}
        </p>
      )}
      <p>
        {html && <FileLink file={html} label={t('openReport')} open />} {csv && <FileLink file={csv} label={t('problemsCsv')} />}
      </p>
    </div>
  );
}

function FileLink({ file, label, open = false }: { file: ResultFile; label: string; open?: boolean }): ReactNode {
  // The report is served inline (sandboxed): it opens in a new tab; the CSV downloads.
  return open ? (
    <a href={file.url} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  ) : (
    <a href={file.url} download={file.name}>
      {label}
    </a>
  );
}
