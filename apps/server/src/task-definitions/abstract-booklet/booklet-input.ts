// The task's input shape and constants, shared by the DTO (main thread) and the run module
// (worker). Plain TypeScript: nothing of Nest or class-validator, so the worker can import it.
import type { BookletFormat, ModelOptions } from '@jpsp/booklet';

export const BOOKLET_FORMATS: readonly BookletFormat[] = ['odt', 'docx', 'pdf'];
export const DEFAULT_FORMATS: readonly BookletFormat[] = ['odt', 'docx'];

/** Largest inline (base64) template, decoded. Templates by URL are bounded by `JPSP_FETCH_MAX_BYTES`. */
export const MAX_INLINE_TEMPLATE_BYTES = 10 * 1024 * 1024;

export const MEDIA_TYPES: Readonly<Record<BookletFormat, string>> = {
  odt: 'application/vnd.oasis.opendocument.text',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/** A binary input given by reference: the worker fetches it with the server's limits. */
export interface BinaryRef {
  url: string;
  headers?: Record<string, string>;
}

/** Base64 bytes, or a URL (plus request headers) to fetch them from. */
export type BinarySource = string | BinaryRef;

/** The engine's options, plus what the task adds: formats and templates. */
export interface BookletOptionsInput extends ModelOptions {
  formats?: BookletFormat[];
  template?: { docx?: BinarySource; odt?: BinarySource };
}

/** `input` of the `abstract-booklet` task (validated by the DTO and `validate()` at submit). */
export interface BookletInput {
  event: unknown;
  options?: BookletOptionsInput;
}

/** A path of `validateEvent` (relative to the payload; `(root)` or '' for the payload) under `event`. */
export function eventPath(path: string): string {
  if (!path || path === '(root)') {
    return 'event';
  }
  return path.startsWith('[') ? `event${path}` : `event.${path}`;
}
