import type { FieldError } from '@jpsp/contracts';

/** Output formats. `pdf` needs LibreOffice on the machine that runs the task (the server converts). */
export type BookletFormat = 'odt' | 'docx' | 'pdf';

/** Page sizes the writers lay out for (margins and font sizes suit each). */
export const PAGE_SIZES = ['A4', 'Letter', 'A5'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** What the author index prints after a name: programme codes, or page numbers (fields the word processor fills). */
export const INDEX_STYLES = ['codes', 'pages'] as const;
export type IndexStyle = (typeof INDEX_STYLES)[number];

/** What the engine itself understands (templates are passed as bytes to the writers). */
export interface ModelOptions {
  /** IANA zone every time is printed in; default the event's `timezone`, else UTC. */
  timezone?: string;
  /** Locale for dates, labels and sorting: en (default), it, fr, de (others fall back to en labels). */
  locale?: string;
  /** Print abstracts (default true). */
  includeAbstracts?: boolean;
  /** Print poster sessions (default true). */
  includePosters?: boolean;
  /** Print the author index (default true). */
  includeAuthorIndex?: boolean;
  /** Names of custom fields to print under each contribution when present (e.g. "Funding Agency"). */
  customFields?: string[];
  /** A4 (default), Letter or A5. */
  pageSize?: PageSize;
  /** `codes` (default): "Allaria, Enrico   MOA01, TUP12"; `pages`: the pages they are on. */
  index?: IndexStyle;
}

/** Thrown by the writers for a template they cannot use (the task maps it to VALIDATION_FAILED). */
export class BookletTemplateError extends Error {
  override name = 'BookletTemplateError';
  constructor(
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}
