import type { FieldError } from '@jpsp/contracts';

/** Output formats. `pdf` needs LibreOffice on the machine that runs the task (the server converts). */
export type BookletFormat = 'odt' | 'docx' | 'pdf';

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
