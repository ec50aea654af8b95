/** What an embedding page configures (the custom element's attributes map to these). */
export interface WidgetOptions {
  /** Base URL of the JPSP-NG task server, e.g. `https://jpsp.example.org`. */
  serverUrl: string;
  /**
   * A short-lived token for this page (minted by the host, e.g. the Indico plugin). Refreshed
   * from `tokenUrl` before it expires.
   */
  token?: string;
  /** Same-origin URL answering `{ token, expiresAt }` (fetched with the browser's cookies). */
  tokenUrl?: string;
  /** An API key, for integrators' own pages; never put a long-lived key into a page others can open. */
  apiKey?: string;
  /** URL of the event JSON (same-origin, fetched with the browser's cookies). */
  eventUrl: string;
  /** Indico event id: part of the idempotency key and of the resume slot. */
  eventId: string;
  /** `en` or `it`; default: the page's `<html lang>`. */
  lang?: string;
  /** Task to submit; default `abstract-booklet`. */
  task?: string;
  /** Who clicks (e.g. the Indico user's name): sent as `options.submitter`, shown in the last-run line. */
  submitter?: string;
  /** Booklet options passed as `input.options`. */
  bookletOptions?: Record<string, unknown>;
}

export const DEFAULT_TASK = 'abstract-booklet';

/** Returns the names of the required options that are missing. */
export function missingOptions(options: Partial<WidgetOptions>): string[] {
  const missing: string[] = (['serverUrl', 'eventUrl', 'eventId'] as const).filter((k) => !options[k]);
  if (!options.token && !options.tokenUrl && !options.apiKey) {
    missing.push('tokenUrl (or token, or apiKey)');
  }
  return missing;
}
