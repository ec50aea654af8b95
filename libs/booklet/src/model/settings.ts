// Step 1 of buildModel: the options resolved against the event (zone, locale, labels, switches).
import { labelsFor } from '../labels.js';
import { cleanLine } from '../markup/markup.js';
import type { BookletModel } from '../model.js';
import type { ModelOptions } from '../options.js';
import { isTimeZone, type IndicoEvent } from '../validate-event.js';
import { str } from './values.js';

export interface Settings {
  /** The zone times are printed in, and the event's own (for dates that name none). */
  tz: string;
  eventTz: string;
  locale: string;
  /** The locale dates are formatted with (plain `en` prints them as programmes do, en-GB). */
  dateLocale: string;
  labels: BookletModel['labels'];
  collator: Intl.Collator;
  includeAbstracts: boolean;
  includePosters: boolean;
  includeIndex: boolean;
  customFieldNames: string[];
}

/** The settings of one build; what cannot be honoured is said in `warnings`. */
export function resolveSettings(event: IndicoEvent, options: ModelOptions, warnings: string[]): Settings {
  const eventTz = str(event.timezone) && isTimeZone(str(event.timezone)) ? str(event.timezone) : 'UTC';
  let tz = eventTz;
  if (options.timezone) {
    if (isTimeZone(options.timezone)) {
      tz = options.timezone;
    } else {
      warnings.push(`Unknown timezone "${options.timezone.slice(0, 64)}": times are printed in ${eventTz}`);
    }
  }
  const requested = options.locale || 'en';
  let locale = 'en';
  try {
    locale = Intl.DateTimeFormat.supportedLocalesOf([requested]).length > 0 ? Intl.getCanonicalLocales(requested)[0] : 'en';
    if (locale === 'en' && requested !== 'en') {
      warnings.push(`Locale "${requested.slice(0, 35)}" is not available: dates and labels are in English`);
    }
  } catch {
    warnings.push(`Locale "${requested.slice(0, 35)}" is not valid: dates and labels are in English`);
  }
  const { labels, exact } = labelsFor(locale);
  if (!exact) {
    warnings.push(`No booklet labels for locale "${locale}": dates are in ${locale}, headings in English`);
  }
  return {
    tz,
    eventTz,
    locale,
    dateLocale: locale === 'en' ? 'en-GB' : locale,
    labels,
    collator: new Intl.Collator(locale, { sensitivity: 'base', numeric: true }),
    includeAbstracts: options.includeAbstracts !== false,
    includePosters: options.includePosters !== false,
    includeIndex: options.includeAuthorIndex !== false,
    customFieldNames: (options.customFields ?? []).map((n) => cleanLine(n)).filter((n) => n !== ''),
  };
}
