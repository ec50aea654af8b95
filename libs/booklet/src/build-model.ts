import { cleanLine } from './markup/markup.js';
import type { BookletModel } from './model.js';
import { buildAuthorIndex } from './model/author-index.js';
import { Drafter, UNSCHEDULED } from './model/drafts.js';
import { orderDays } from './model/ordering.js';
import { resolveSettings, type Settings } from './model/settings.js';
import { text } from './model/values.js';
import type { ModelOptions } from './options.js';
import { formatDayRange, inZone, type IndicoDate } from './time.js';
import type { IndicoEvent } from './validate-event.js';

export interface BuiltModel {
  model: BookletModel;
  /** Human-readable warnings, e.g. "12 contributions have no abstract". */
  warnings: string[];
}

/**
 * Indico event (already checked by `validateEvent`) → the booklet view model, in four steps:
 * settings (zone, locale, labels), drafts (blocks and contributions read from the export),
 * ordering (days ascending; blocks by start, then code; contributions by start, then code;
 * posters by code; unscheduled last), and the author index. Times are converted from the zone
 * each date names to `options.timezone` (default: the event's).
 */
export function buildModel(event: IndicoEvent, options: ModelOptions = {}): BuiltModel {
  const warnings: string[] = [];
  const settings = resolveSettings(event, options, warnings);
  const drafter = new Drafter(settings);
  const blocks = drafter.blocks(event);
  const days = orderDays(blocks, settings);
  const index = buildAuthorIndex(days, settings.collator, settings.includeIndex);
  warnings.push(...drafter.warnings(), ...index.warnings);
  const model: BookletModel = {
    event: eventHeader(event, settings, days.map((d) => d.day.key)),
    labels: settings.labels,
    days: days.map((d) => d.day),
    authorIndex: index.entries,
    layout: { pageSize: options.pageSize ?? 'A4', index: options.index ?? 'codes' },
    stats: { days: days.length, blocks: blocks.length, contributions: index.contributions, persons: index.persons },
  };
  return { model, warnings };
}

function eventHeader(event: IndicoEvent, { tz, eventTz, locale, dateLocale }: Settings, dayKeys: string[]): BookletModel['event'] {
  const eventDays = eventDayRange(event, tz, eventTz, dayKeys);
  return {
    id: cleanLine(text(event.id)),
    title: cleanLine(text(event.title)),
    dates: eventDays ? formatDayRange(eventDays[0], eventDays[1], dateLocale) : '',
    venue: [cleanLine(text(event.location)), ...text(event.address).split(/\r?\n/).map(cleanLine)].filter((s, i, all) => s !== '' && all.indexOf(s) === i).join(', '),
    timezone: tz,
    locale,
  };
}

function eventDayRange(event: IndicoEvent, tz: string, eventTz: string, dayKeys: string[]): [string, string] | undefined {
  const s = event.startDate as IndicoDate | null | undefined;
  const e = event.endDate as IndicoDate | null | undefined;
  const scheduled = dayKeys.filter((k) => k !== UNSCHEDULED);
  const first = s?.date ? inZone(s, tz, eventTz).parts.day : scheduled[0];
  const last = e?.date ? inZone(e, tz, eventTz).parts.day : scheduled[scheduled.length - 1];
  if (!first || !last) {
    return undefined;
  }
  return first <= last ? [first, last] : [last, first];
}
