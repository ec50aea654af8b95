// STUB — ODT writer (helper).
import type { BookletModel } from '../model.js';

export interface OdtWriteOptions {
  /** An organiser's .odt/.ott whose styles replace the shipped default styles. */
  styles?: Uint8Array;
}

export function writeOdt(_model: BookletModel, _options: OdtWriteOptions = {}): Uint8Array {
  throw new Error('not implemented yet');
}
