import { labelsFor } from './labels.js';
import { cleanLine, parseAbstract, plainLine } from './markup.js';
import type { AuthorGroup, Block, BookletModel, Contribution, Day, IndexEntry } from './model.js';
import type { ModelOptions } from './options.js';
import { formatDay, formatDayRange, inZone, localParts, type IndicoDate } from './time.js';
import { isTimeZone, type IndicoEvent } from './validate-event.js';

export interface BuiltModel {
  model: BookletModel;
  /** Human-readable warnings, e.g. "12 contributions have no abstract". */
  warnings: string[];
}

type Obj = Record<string, unknown>;

interface PersonInfo {
  key: string;
  first: string;
  last: string;
  display: string;
  affiliation: string;
}

interface Draft {
  contribution: Contribution;
  epoch: number | undefined;
  persons: PersonInfo[];
}

interface DraftBlock {
  block: Block;
  day: string;
  epoch: number | undefined;
  drafts: Draft[];
}

const UNSCHEDULED = 'unscheduled';

/**
 * Indico event (already checked by `validateEvent`) → the booklet view model.
 * Ordering: days ascending; blocks by start, then code; contributions by start, then code;
 * posters by code; unscheduled contributions last (in their block, or on a last pseudo-day).
 * Times are converted from the zone each date names to `options.timezone` (default: the event's).
 */
export function buildModel(event: IndicoEvent, options: ModelOptions = {}): BuiltModel {
  const warnings: string[] = [];
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
  // Plain "en" prints dates the way conference programmes do ("Monday, 22 August 2022").
  const dateLocale = locale === 'en' ? 'en-GB' : locale;
  const { labels, exact } = labelsFor(locale);
  if (!exact) {
    warnings.push(`No booklet labels for locale "${locale}": dates are in ${locale}, headings in English`);
  }

  const includeAbstracts = options.includeAbstracts !== false;
  const includePosters = options.includePosters !== false;
  const includeIndex = options.includeAuthorIndex !== false;
  const customFieldNames = (options.customFields ?? []).map((n) => cleanLine(n)).filter((n) => n !== '');
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const byCode = (a: string, b: string) => collator.compare(a, b);

  let anchorSeq = 0;
  let noAbstract = 0;
  let noCode = 0;
  let noTitle = 0;
  let unscheduledCount = 0;
  let emptyBlocks = 0;
  const customSeen = new Set<string>();

  const dateOf = (v: unknown): IndicoDate | undefined => {
    const d = v as IndicoDate | null | undefined;
    return d && typeof d.date === 'string' ? d : undefined;
  };

  const contributionDraft = (c: Obj, isPoster: boolean): Draft => {
    const start = dateOf(c.startDate);
    const when = start ? inZone(start, tz, eventTz) : undefined;
    const code = cleanLine(text(c.code));
    const title = plainLine(text(c.title));
    if (!code) {
      noCode++;
    }
    if (!title) {
      noTitle++;
    }
    if (!when) {
      unscheduledCount++;
    }
    const description = text(c.description);
    const abstract = includeAbstracts ? parseAbstract(description) : [];
    if (includeAbstracts && abstract.length === 0) {
      noAbstract++;
    }
    const { groups, persons } = authorsOf(c);
    const customFields = customFieldNames.length > 0 ? pickCustomFields(c, customFieldNames, customSeen) : [];
    return {
      contribution: {
        anchor: `c${++anchorSeq}`,
        code,
        time: !isPoster && when ? when.parts.time : '',
        board: cleanLine(text(c.board_number)),
        isPoster,
        title,
        authorGroups: groups,
        abstract,
        customFields,
      },
      epoch: when?.epoch,
      persons,
    };
  };

  const draftBlocks: DraftBlock[] = [];
  const sessions = (event.sessions ?? []) as Obj[];
  for (const b of sessions) {
    const session = (b.session ?? {}) as Obj;
    const isPoster = session.isPoster === true || b.isPoster === true;
    if (isPoster && !includePosters) {
      continue;
    }
    const drafts = ((b.contributions ?? []) as Obj[]).map((c) => contributionDraft(c, isPoster));
    const start = dateOf(b.startDate) ?? dateOf(session.startDate);
    const end = dateOf(b.endDate) ?? dateOf(session.endDate);
    let when = start ? inZone(start, tz, eventTz) : undefined;
    if (!when) {
      // A block without a start: it starts with its first scheduled contribution.
      const epochs = drafts.map((d) => d.epoch).filter((e): e is number => e !== undefined);
      if (epochs.length > 0) {
        const epoch = Math.min(...epochs);
        when = { epoch, parts: localParts(epoch, tz) };
      }
    }
    const until = end && when ? inZone(end, tz, eventTz) : undefined;
    const code = cleanLine(text(b.code)) || cleanLine(text(session.code));
    const title = plainLine(text(b.title)) || plainLine(text(session.title)) || plainLine(text(b.slotTitle));
    if (drafts.length === 0) {
      emptyBlocks++;
    }
    const conveners = Array.isArray(b.conveners) && b.conveners.length > 0 ? b.conveners : Array.isArray(session.sessionConveners) ? session.sessionConveners : [];
    draftBlocks.push({
      block: {
        anchor: `s${++anchorSeq}`,
        code,
        title,
        heading: code && title ? `${code} — ${title}` : code || title,
        date: when ? formatDay(when.parts.day, dateLocale) : '',
        timeRange: when ? (until ? `${when.parts.time}–${until.parts.time}` : when.parts.time) : '',
        room: cleanLine(text(b.room)) || cleanLine(text(b.roomFullname)) || cleanLine(text(session.room)),
        chairs: (conveners as Obj[]).map((p) => person(p)).map((p) => (p.affiliation ? `${p.display} (${p.affiliation})` : p.display)).filter((s) => s !== ''),
        isPoster,
        contributions: [],
      },
      day: when ? when.parts.day : UNSCHEDULED,
      epoch: when?.epoch,
      drafts,
    });
  }

  // Contributions outside any session: scheduled ones form one pseudo-block per day.
  const loose = ((event.contributions ?? []) as Obj[]).map((c) => {
    const typeName = text(c.type) || text((c.type as Obj | null)?.name);
    return contributionDraft(c, /poster/i.test(typeName));
  });
  const looseByDay = new Map<string, Draft[]>();
  for (const d of loose) {
    if (d.contribution.isPoster && !includePosters) {
      continue;
    }
    const key = d.epoch === undefined ? UNSCHEDULED : localParts(d.epoch, tz).day;
    const list = looseByDay.get(key) ?? [];
    list.push(d);
    looseByDay.set(key, list);
  }
  for (const [day, drafts] of looseByDay) {
    const epoch = drafts.reduce<number | undefined>((m, d) => (d.epoch !== undefined && (m === undefined || d.epoch < m) ? d.epoch : m), undefined);
    draftBlocks.push({
      block: {
        anchor: `s${++anchorSeq}`,
        code: '',
        title: day === UNSCHEDULED ? labels.unscheduled : labels.contributions,
        heading: day === UNSCHEDULED ? labels.unscheduled : labels.contributions,
        date: day === UNSCHEDULED ? '' : formatDay(day, dateLocale),
        timeRange: '',
        room: '',
        chairs: [],
        isPoster: false,
        contributions: [],
      },
      day,
      epoch,
      drafts,
    });
  }

  // Order contributions inside blocks, blocks inside days, days.
  const cmpDraft = (poster: boolean) => (x: Draft, y: Draft) => {
    if (!poster) {
      if (x.epoch !== y.epoch) {
        if (x.epoch === undefined) {
          return 1;
        }
        if (y.epoch === undefined) {
          return -1;
        }
        return x.epoch - y.epoch;
      }
    }
    return byCode(x.contribution.code, y.contribution.code) || byCode(x.contribution.title, y.contribution.title);
  };
  const dayMap = new Map<string, DraftBlock[]>();
  for (const db of draftBlocks) {
    db.drafts.sort(cmpDraft(db.block.isPoster));
    db.block.contributions = db.drafts.map((d) => d.contribution);
    const list = dayMap.get(db.day) ?? [];
    list.push(db);
    dayMap.set(db.day, list);
  }
  const dayKeys = [...dayMap.keys()].filter((k) => k !== UNSCHEDULED).sort();
  if (dayMap.has(UNSCHEDULED)) {
    dayKeys.push(UNSCHEDULED);
  }
  const days: Day[] = dayKeys.map((key) => {
    const blocks = dayMap.get(key)!;
    blocks.sort((x, y) => {
      if (x.epoch !== y.epoch) {
        if (x.epoch === undefined) {
          return 1;
        }
        if (y.epoch === undefined) {
          return -1;
        }
        return x.epoch - y.epoch;
      }
      return byCode(x.block.code, y.block.code) || byCode(x.block.title, y.block.title);
    });
    return {
      key,
      heading: key === UNSCHEDULED ? labels.unscheduled : formatDay(key, dateLocale),
      anchor: key === UNSCHEDULED ? 'day-unscheduled' : `day-${key}`,
      blocks: blocks.map((b) => b.block),
    };
  });

  // Author index: one entry per person, codes in booklet order.
  const index = new Map<string, { person: PersonInfo; codes: string[]; seen: Set<string> }>();
  let contributionsCount = 0;
  for (const day of dayKeys) {
    for (const db of dayMap.get(day)!) {
      for (const d of db.drafts) {
        contributionsCount++;
        const ref = d.contribution.code || d.contribution.title;
        for (const p of d.persons) {
          let entry = index.get(p.key);
          if (!entry) {
            entry = { person: p, codes: [], seen: new Set() };
            index.set(p.key, entry);
          }
          if (ref && !entry.seen.has(ref)) {
            entry.seen.add(ref);
            entry.codes.push(ref);
          }
        }
      }
    }
  }
  const authorIndex: IndexEntry[] = includeIndex
    ? [...index.values()]
        .map((e) => ({ familyName: e.person.last || e.person.first, givenNames: e.person.last ? e.person.first : '', codes: e.codes, key: e.person.key }))
        .sort((a, b) => collator.compare(a.familyName, b.familyName) || collator.compare(a.givenNames, b.givenNames) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ familyName, givenNames, codes }) => ({ familyName, givenNames, codes }))
    : [];

  if (includeAbstracts && noAbstract > 0) {
    warnings.push(`${plural(noAbstract, 'contribution has', 'contributions have')} no abstract`);
  }
  if (noCode > 0) {
    warnings.push(`${plural(noCode, 'contribution has', 'contributions have')} no programme code`);
  }
  if (noTitle > 0) {
    warnings.push(`${plural(noTitle, 'contribution has', 'contributions have')} no title`);
  }
  if (unscheduledCount > 0) {
    warnings.push(`${plural(unscheduledCount, 'contribution is', 'contributions are')} not scheduled: printed last in their session, or under "${labels.unscheduled}"`);
  }
  if (emptyBlocks > 0) {
    warnings.push(`${plural(emptyBlocks, 'session block has', 'session blocks have')} no contributions`);
  }
  for (const name of customFieldNames) {
    if (!customSeen.has(name)) {
      warnings.push(`Custom field "${name}" is not present in any contribution`);
    }
  }

  const eventDays = eventDayRange(event, tz, eventTz, dayKeys);
  const model: BookletModel = {
    event: {
      id: cleanLine(text(event.id)),
      title: cleanLine(text(event.title)),
      dates: eventDays ? formatDayRange(eventDays[0], eventDays[1], dateLocale) : '',
      venue: [cleanLine(text(event.location)), ...text(event.address).split(/\r?\n/).map(cleanLine)].filter((s, i, all) => s !== '' && all.indexOf(s) === i).join(', '),
      timezone: tz,
      locale,
    },
    labels,
    days,
    authorIndex,
    stats: { days: days.length, blocks: draftBlocks.length, contributions: contributionsCount, persons: index.size },
  };
  return { model, warnings };
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

/** Authors of a contribution grouped by affiliation (primary authors first), presenters marked. */
function authorsOf(c: Obj): { groups: AuthorGroup[]; persons: PersonInfo[] } {
  const speakers = listOf(c.speakers).map(person);
  const presenterKeys = new Set(speakers.map((p) => p.key));
  const persons: PersonInfo[] = [];
  const seen = new Set<string>();
  for (const p of [...listOf(c.primaryauthors).map(person), ...listOf(c.coauthors).map(person), ...speakers]) {
    if (p.display === '' || seen.has(p.key)) {
      continue;
    }
    seen.add(p.key);
    persons.push(p);
  }
  const groups = new Map<string, AuthorGroup>();
  for (const p of persons) {
    let g = groups.get(p.affiliation);
    if (!g) {
      g = { affiliation: p.affiliation, authors: [] };
      groups.set(p.affiliation, g);
    }
    g.authors.push({ name: p.display, presenter: presenterKeys.has(p.key) });
  }
  return { groups: [...groups.values()], persons };
}

function listOf(v: unknown): Obj[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Obj[]) : [];
}

const personCache = new Map<string, PersonInfo>();

/**
 * A person's names, identity key (person_id, else emailHash, else normalised name) and display.
 * Cached on the raw fields: a programme repeats the same people hundreds of times.
 */
function person(p: Obj): PersonInfo {
  const raw = `${text(p.person_id)}\u0000${text(p.emailHash)}\u0000${text(p.first_name)}\u0000${text(p.last_name)}\u0000${text(p.fullName)}\u0000${text(p.name)}\u0000${text(p.affiliation)}`;
  let info = personCache.get(raw);
  if (!info) {
    info = personUncached(p);
    if (personCache.size > 200_000) {
      personCache.clear();
    }
    personCache.set(raw, info);
  }
  return info;
}

function personUncached(p: Obj): PersonInfo {
  let first = cleanLine(text(p.first_name));
  let last = cleanLine(text(p.last_name));
  if (!first && !last) {
    const full = cleanLine(text(p.fullName) || text(p.name));
    const comma = full.indexOf(',');
    if (comma > 0) {
      last = full.slice(0, comma).trim();
      first = full.slice(comma + 1).trim();
    } else {
      last = full;
    }
  }
  const affiliation = cleanLine(text(p.affiliation));
  const id = text(p.person_id);
  const key = id ? `p:${id}` : text(p.emailHash) ? `e:${text(p.emailHash)}` : `n:${`${last}|${first}`.normalize('NFKC').toLowerCase()}`;
  return { key, first, last, display: displayName(first, last), affiliation };
}

const INITIAL = /^\P{M}\p{M}*/u;

/** "M.-E. Couprie" for cased scripts; full names for scripts without initials (CJK, Arabic…). */
function displayName(first: string, last: string): string {
  if (!first) {
    return last;
  }
  if (!last) {
    return first;
  }
  const head = first[0];
  if (head.toLowerCase() === head.toUpperCase()) {
    return `${first} ${last}`;
  }
  const initials = first
    .split(/\s+/)
    .map((part) =>
      part
        .split('-')
        .map((x) => {
          const m = INITIAL.exec(x);
          return m ? `${m[0]}.` : '';
        })
        .filter((x) => x !== '')
        .join('-'),
    )
    .filter((x) => x !== '')
    .join(' ');
  return `${initials} ${last}`;
}

/**
 * Custom fields as found in exports and plugins: an array of `{name|title|field: {title}, value}`
 * or an object map, under `custom_fields`, `customFields`, `fields` or `field_values`.
 */
function pickCustomFields(c: Obj, names: string[], seen: Set<string>): { name: string; value: string }[] {
  const found = new Map<string, string>();
  for (const holder of [c.custom_fields, c.customFields, c.fields, c.field_values]) {
    if (Array.isArray(holder)) {
      for (const f of holder as Obj[]) {
        if (!f || typeof f !== 'object') {
          continue;
        }
        const name = cleanLine(text(f.name) || text(f.title) || text((f.field as Obj | null)?.title) || text((f.contribution_field as Obj | null)?.title));
        if (name) {
          found.set(name.toLowerCase(), valueText(f.value ?? f.data));
        }
      }
    } else if (holder && typeof holder === 'object') {
      for (const [k, v] of Object.entries(holder as Obj)) {
        found.set(cleanLine(k).toLowerCase(), valueText(v));
      }
    }
  }
  const out: { name: string; value: string }[] = [];
  for (const name of names) {
    const value = found.get(name.toLowerCase());
    if (value) {
      seen.add(name);
      out.push({ name, value });
    }
  }
  return out;
}

function valueText(v: unknown): string {
  if (Array.isArray(v)) {
    return v.map(valueText).filter((s) => s !== '').join(', ');
  }
  if (v && typeof v === 'object') {
    return cleanLine(text((v as Obj).title) || text((v as Obj).name) || text((v as Obj).value));
  }
  return cleanLine(text(v));
}

/** Any scalar as text; objects, null and undefined as '' (never "undefined" or "[object Object]"). */
function text(v: unknown): string {
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number') {
    return Number.isFinite(v) ? String(v) : '';
  }
  if (typeof v === 'boolean') {
    return v ? 'yes' : '';
  }
  return '';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
