// STUB — being written by the lead.
import type { RichParagraph } from './model.js';

export function parseAbstract(text: string): RichParagraph[] {
  return text ? [[{ text }]] : [];
}
