// Step 2 of buildModel: every session block and contribution read from the export into drafts
// (model objects plus what ordering and the index need), counting what an editor should check.
import { cleanLine, parseAbstract, plainLine } from '../markup/markup.js';
import type { Block, Contribution } from '../model.js';
import { formatDay, inZone, localParts } from '../time.js';
import type { IndicoEvent } from '../validate-event.js';
import { pickCustomFields } from './custom-fields.js';
import { authorsOf, person, type PersonInfo } from './persons.js';
import type { Settings } from './settings.js';
import { dateOf, plural, text, type Obj } from './values.js';

export const UNSCHEDULED = 'unscheduled';

export interface Draft {
  contribution: Contribution;
  epoch: number | undefined;
  persons: PersonInfo[];
}

export interface DraftBlock {
  block: Block;
  /** `YYYY-MM-DD` in the print zone, or UNSCHEDULED. */
  day: string;
  epoch: number | undefined;
  drafts: Draft[];
}

/** Reads the blocks and contributions of one event; anchors are numbered in reading order. */
export class Drafter {
  private anchorSeq = 0;
  /** Codes (or titles) of the contributions an editor should look at, by reason. */
  private readonly noAbstract: string[] = [];
  private noCode = 0;
  private readonly noTitle: string[] = [];
  private readonly unscheduled: string[] = [];
  private emptyBlocks = 0;
  private readonly customSeen = new Set<string>();

  constructor(private readonly settings: Settings) {}

  /** Session blocks, then the contributions outside any session (one pseudo-block per day). */
  blocks(event: IndicoEvent): DraftBlock[] {
    return [...this.sessionBlocks(event), ...this.looseBlocks(event)];
  }

  /** What an editor should check, from the counts taken while reading. */
  warnings(): string[] {
    const { includeAbstracts, labels, customFieldNames } = this.settings;
    const out: string[] = [];
    if (includeAbstracts && this.noAbstract.length > 0) {
      out.push(`${plural(this.noAbstract.length, 'contribution has', 'contributions have')} no abstract: ${listed(this.noAbstract)}`);
    }
    if (this.noCode > 0) {
      out.push(`${plural(this.noCode, 'contribution has', 'contributions have')} no programme code`);
    }
    if (this.noTitle.length > 0) {
      out.push(`${plural(this.noTitle.length, 'contribution has', 'contributions have')} no title: ${listed(this.noTitle)}`);
    }
    if (this.unscheduled.length > 0) {
      out.push(`${plural(this.unscheduled.length, 'contribution is', 'contributions are')} not scheduled: printed last in their session, or under "${labels.unscheduled}": ${listed(this.unscheduled)}`);
    }
    if (this.emptyBlocks > 0) {
      out.push(`${plural(this.emptyBlocks, 'session block has', 'session blocks have')} no contributions`);
    }
    for (const name of customFieldNames) {
      if (!this.customSeen.has(name)) {
        out.push(`Custom field "${name}" is not present in any contribution`);
      }
    }
    return out;
  }

  private sessionBlocks(event: IndicoEvent): DraftBlock[] {
    const { tz, eventTz, dateLocale, includePosters } = this.settings;
    const out: DraftBlock[] = [];
    for (const b of (event.sessions ?? []) as Obj[]) {
      const session = (b.session ?? {}) as Obj;
      const isPoster = session.isPoster === true || b.isPoster === true;
      if (isPoster && !includePosters) {
        continue;
      }
      const drafts = ((b.contributions ?? []) as Obj[]).map((c) => this.contribution(c, isPoster));
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
        this.emptyBlocks++;
      }
      const conveners = Array.isArray(b.conveners) && b.conveners.length > 0 ? b.conveners : Array.isArray(session.sessionConveners) ? session.sessionConveners : [];
      out.push({
        block: {
          anchor: `s${++this.anchorSeq}`,
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
    return out;
  }

  /** Contributions outside any session: scheduled ones form one pseudo-block per day. */
  private looseBlocks(event: IndicoEvent): DraftBlock[] {
    const { tz, dateLocale, labels, includePosters } = this.settings;
    const loose = ((event.contributions ?? []) as Obj[]).map((c) => {
      const typeName = text(c.type) || text((c.type as Obj | null)?.name);
      return this.contribution(c, /poster/i.test(typeName));
    });
    const byDay = new Map<string, Draft[]>();
    for (const d of loose) {
      if (d.contribution.isPoster && !includePosters) {
        continue;
      }
      const key = d.epoch === undefined ? UNSCHEDULED : localParts(d.epoch, tz).day;
      const list = byDay.get(key) ?? [];
      list.push(d);
      byDay.set(key, list);
    }
    return [...byDay].map(([day, drafts]) => ({
      block: {
        anchor: `s${++this.anchorSeq}`,
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
      epoch: drafts.reduce<number | undefined>((m, d) => (d.epoch !== undefined && (m === undefined || d.epoch < m) ? d.epoch : m), undefined),
      drafts,
    }));
  }

  private contribution(c: Obj, isPoster: boolean): Draft {
    const { tz, eventTz, includeAbstracts, customFieldNames } = this.settings;
    const start = dateOf(c.startDate);
    const when = start ? inZone(start, tz, eventTz) : undefined;
    const code = cleanLine(text(c.code));
    const title = plainLine(text(c.title));
    if (!code) {
      this.noCode++;
    }
    const byId = `Indico contribution ${cleanLine(text(c.id)) || '?'}`;
    const named = code || title || byId;
    if (!title) {
      this.noTitle.push(code || byId);
    }
    if (!when) {
      this.unscheduled.push(named);
    }
    const abstract = includeAbstracts ? parseAbstract(text(c.description)) : [];
    if (includeAbstracts && abstract.length === 0) {
      this.noAbstract.push(named);
    }
    const { groups, persons } = authorsOf(c);
    return {
      contribution: {
        anchor: `c${++this.anchorSeq}`,
        code,
        time: !isPoster && when ? when.parts.time : '',
        board: cleanLine(text(c.board_number)),
        isPoster,
        title,
        authorGroups: groups,
        abstract,
        customFields: customFieldNames.length > 0 ? pickCustomFields(c, customFieldNames, this.customSeen) : [],
      },
      epoch: when?.epoch,
      persons,
    };
  }
}

/** "MOA01, TUP012" — at most 20, then how many more (a warning stays one readable line). */
function listed(names: string[]): string {
  const shown = names.slice(0, 20).join(', ');
  return names.length > 20 ? `${shown} and ${names.length - 20} more` : shown;
}
