import type { WidgetOptions } from './options.js';

/**
 * What differs between the tasks the widget can run (`task` option): how the task input is built
 * from the fetched data, what the idempotency key hashes, and whether the result downloads by itself.
 */
export interface TaskProfile {
  /** Idempotency key prefix (`booklet:<event id>:<sha256>`). */
  keyPrefix: string;
  input(data: unknown, options: WidgetOptions): unknown;
  /** The text hashed into the idempotency key: the same for the same work. */
  fingerprint(text: string, data: unknown): string;
  /** Download the main file on completion (the booklet); otherwise show the result (the paper check). */
  autoDownload: boolean;
  /** The override table of the texts (`i18n.ts`), if any. */
  texts?: 'papers';
}

const booklet: TaskProfile = {
  keyPrefix: 'booklet',
  input: (event, { bookletOptions }) => (bookletOptions ? { event, options: bookletOptions } : { event }),
  fingerprint: (text) => text,
  autoDownload: true,
};

/**
 * The paper check: the fetched JSON (the Indico plugin's papers.json) is the task input as is.
 * Its signed URLs change at every fetch (their expiry), so the key hashes them without their
 * query and without headers: the same papers and rules → the same run.
 */
const papers: TaskProfile = {
  keyPrefix: 'papers',
  input: (data) => data,
  fingerprint: (_text, data) => {
    const d = data as { papers?: { url?: unknown }[]; rules?: unknown } | null;
    const list = Array.isArray(d?.papers) ? d.papers : [];
    return JSON.stringify({
      papers: list.map((p) => ({ ...p, headers: undefined, url: typeof p?.url === 'string' ? p.url.split('?')[0] : p?.url })),
      rules: d?.rules ?? null,
    });
  },
  autoDownload: false,
  texts: 'papers',
};

export function profileOf(task: string): TaskProfile {
  return task === 'papers-check' ? papers : booklet;
}
