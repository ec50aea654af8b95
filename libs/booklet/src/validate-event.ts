// STUB — being written by the lead (validateEvent: structural validation with field paths).
import type { FieldError } from '@jpsp/contracts';

/** The Indico event as the export API returns it (loosely typed: tolerant of versions). */
export type IndicoEvent = Record<string, unknown>;

export function validateEvent(payload: unknown): { event?: IndicoEvent; errors: FieldError[] } {
  return { event: payload as IndicoEvent, errors: [] };
}
