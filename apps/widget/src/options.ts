/** What an embedding page configures (the custom element's attributes map to these). */
export interface WidgetOptions {
  /** Base URL of the JPSP-NG task server, e.g. `https://jpsp.example.org`. */
  serverUrl: string;
  /** API key of this site on the task server. */
  apiKey: string;
  /** URL of the event JSON (same-origin, fetched with the browser's cookies). */
  eventUrl: string;
  /** Indico event id: part of the idempotency key and of the resume slot. */
  eventId: string;
  /** `en` or `it`; default: the page's `<html lang>`. */
  lang?: string;
  /** Task to submit; default `abstract-booklet`. */
  task?: string;
  /** Booklet options passed as `input.options`. */
  bookletOptions?: Record<string, unknown>;
}

export const DEFAULT_TASK = 'abstract-booklet';

/** Returns the names of the required options that are missing. */
export function missingOptions(options: Partial<WidgetOptions>): string[] {
  return (['serverUrl', 'apiKey', 'eventUrl', 'eventId'] as const).filter((k) => !options[k]);
}
