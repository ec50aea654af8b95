// STUB — DOCX writer (helper).
import type { BookletModel } from '../model.js';

export interface DocxWriteOptions {
  /** An organiser's .docx template using the documented tags; default: the shipped template. */
  template?: Uint8Array;
}

export function writeDocx(_model: BookletModel, _options: DocxWriteOptions = {}): Uint8Array {
  throw new Error('not implemented yet');
}
