// STUB — being written by the lead.
import type { BookletModel } from './model.js';
import type { ModelOptions } from './options.js';
import type { IndicoEvent } from './validate-event.js';

export interface BuiltModel {
  model: BookletModel;
  /** Human-readable warnings, e.g. "12 contributions have no abstract". */
  warnings: string[];
}

export function buildModel(_event: IndicoEvent, _options: ModelOptions = {}): BuiltModel {
  throw new Error('not implemented yet');
}
