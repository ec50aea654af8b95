// The data docxtemplater renders: a projection of the BookletModel with plain-text fields (escaped
// by docxtemplater) and pre-composed WordprocessingML for the raw-XML tags (`…Xml`, escaped here).
// The XML fields are lazy getters: a template only pays for the tags it uses. Internals are
// #private so no tag can reach them. The layout matches the ODT writer's.
import { printedIndexName } from '../model/author-index.js';
import type { Block, BookletModel, Contribution, Day, EventInfo, IndexEntry, Labels } from '../model.js';
import { STYLE, type StyleIds } from './docx-styles.js';
import { stripInvalidXml as cleanText } from '../xml/xml-text.js';
import { abstractXml, bookmark, field, link, paragraph, run, type TocEntry, tocXml } from './docx-xml.js';

/** Bookmark ids start high so they never collide with the template's own (e.g. `_GoBack`, id 0). */
const BOOKMARK_ID_BASE = 100_000;

export interface BookmarkRef {
  id: number;
  name: string;
}

/**
 * Assigns bookmark names and unique ids. Names are Word-valid (≤ 40 characters, [A-Za-z0-9_]) and
 * hidden (leading `_`, like Word's own `_Toc…`): `_jpsp_d1` (day), `_jpsp_b1` (block), `_jpsp_c1`
 * (contribution), `_jpsp_index1`.
 */
class Bookmarks {
  private next = BOOKMARK_ID_BASE;
  private readonly counters = new Map<string, number>();
  make(kind: string): BookmarkRef {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return { id: this.next++, name: `_jpsp_${kind}${n}` };
  }
}

interface Context {
  labels: Labels;
  /** Style ids in this template (STYLE unless the template names a built-in style differently). */
  ids: StyleIds;
  /** The presenter mark: the leading symbol of labels.presenterNote ("* presenter"), else "*". */
  mark: string;
  bookmarks: Bookmarks;
  /** Programme code (or title) → contribution bookmark, for the author index links. */
  targets: Map<string, string>;
  /** The author index prints page numbers (PAGEREF fields) instead of programme codes. */
  pages: boolean;
}

/** The mark printed after a presenter's name: the leading symbol of `note` ("* presenter"), else "*". */
export function presenterMark(note: string): string {
  return /^\s*([^\p{L}\p{N}\s]+)/u.exec(note)?.[1] ?? '*';
}

function labelled(label: string, value: string): string {
  return value && label ? `${label}: ${value}` : value;
}

export class ContributionData {
  readonly code: string;
  readonly time: string;
  readonly board: string;
  readonly isPoster: boolean;
  readonly title: string;
  /** "Board 12" for posters with a board number, else the board number or ''. */
  readonly boardText: string;
  /** What follows the code: the time (orals) or boardText (posters). */
  readonly detail: string;
  readonly customFields: { name: string; value: string }[];
  readonly #c: Contribution;
  readonly #ctx: Context;
  readonly #bm: BookmarkRef;
  #xml?: string;

  constructor(c: Contribution, ctx: Context) {
    this.#c = c;
    this.#ctx = ctx;
    this.code = cleanText(c.code);
    this.time = cleanText(c.time);
    this.board = cleanText(c.board);
    this.isPoster = c.isPoster;
    this.title = cleanText(c.title);
    this.boardText = this.board && ctx.labels.board ? `${ctx.labels.board}\u00a0${this.board}` : this.board;
    this.detail = this.isPoster ? this.boardText : this.time;
    this.customFields = c.customFields.filter((f) => f.value !== '').map((f) => ({ name: cleanText(f.name), value: cleanText(f.value) }));
    this.#bm = ctx.bookmarks.make('c');
    const key = c.code || c.title;
    if (key && !ctx.targets.has(key)) {
      ctx.targets.set(key, this.#bm.name);
    }
  }

  /** Authors as plain text: "A. Author*, B. Author (Affil 1); C. Author (Affil 2)" (* = presenter). */
  get authors(): string {
    const groups: string[] = [];
    for (const g of this.#c.authorGroups) {
      const names = g.authors.filter((a) => a.name !== '').map((a) => (a.presenter ? a.name + this.#ctx.mark : a.name));
      if (names.length) {
        groups.push(g.affiliation ? `${names.join(', ')} (${g.affiliation})` : names.join(', '));
      }
    }
    return cleanText(groups.join('; '));
  }

  /** Abstract as plain text, paragraphs and line breaks as line breaks (formatting lost). */
  get abstractText(): string {
    return cleanText(this.#c.abstract.map((p) => p.map((r) => (r.br ? '\n' : r.text)).join('')).join('\n'));
  }

  /** "Booklet Contribution Code": code, tab, detail; carries the contribution's bookmark. */
  get codeXml(): string {
    if (!this.code && !this.detail) {
      return '';
    }
    const content = run(this.code) + (this.detail ? `<w:r><w:tab/></w:r>${run(this.detail)}` : '');
    return paragraph(this.#ctx.ids.contributionCode, bookmark(this.#bm.id, this.#bm.name, content));
  }

  /** "Booklet Contribution Title" (carries the bookmark when there is no code line). */
  get titleXml(): string {
    const withBookmark = !this.code && !this.detail;
    if (!this.title && !withBookmark) {
      return '';
    }
    return paragraph(this.#ctx.ids.contributionTitle, withBookmark ? bookmark(this.#bm.id, this.#bm.name, run(this.title)) : run(this.title));
  }

  /** "Booklet Authors" with "Booklet Presenter" and "Booklet Affiliation" runs. */
  get authorsXml(): string {
    let runs = '';
    for (const g of this.#c.authorGroups) {
      let names = '';
      for (const a of g.authors) {
        if (a.name === '') {
          continue;
        }
        if (names) {
          names += run(', ');
        }
        names += a.presenter ? run(a.name + this.#ctx.mark, this.#ctx.ids.presenter) : run(a.name);
      }
      if (!names) {
        continue;
      }
      if (runs) {
        runs += run('; ');
      }
      runs += g.affiliation ? `${names}${run(' ')}${run(`(${g.affiliation})`, this.#ctx.ids.affiliation)}` : names;
    }
    return runs ? paragraph(this.#ctx.ids.authors, runs) : '';
  }

  /** Abstract paragraphs ("Booklet Abstract"/"Booklet Abstract Lines") with real bold, italic, sub/superscript. */
  get abstractXml(): string {
    return abstractXml(this.#c.abstract, this.#ctx.ids);
  }

  /** One "Booklet Custom Field" paragraph per field: "Booklet Custom Field Name" run, then the value. */
  get customFieldsXml(): string {
    let out = '';
    for (const f of this.customFields) {
      out += paragraph(this.#ctx.ids.customField, run(`${f.name}:`, this.#ctx.ids.customFieldName) + run(` ${f.value}`));
    }
    return out;
  }

  /** The whole contribution: code line, title, authors, abstract, custom fields. */
  get contributionXml(): string {
    this.#xml ??= this.codeXml + this.titleXml + this.authorsXml + this.abstractXml + this.customFieldsXml;
    return this.#xml;
  }
}

export class BlockData {
  readonly code: string;
  readonly title: string;
  /** block.heading, else its title, else its code. */
  readonly heading: string;
  readonly date: string;
  readonly timeRange: string;
  /** "Monday, 22 August 2022, 09:00–10:30" (the parts that are given). */
  readonly when: string;
  readonly room: string;
  /** "Room: Auditorium" ('' without a room). */
  readonly roomLine: string;
  /** Chairs joined: "A. Chair (CERN), B. Chair (DESY)". */
  readonly chairs: string;
  readonly chairsList: string[];
  /** labels.chair or labels.chairs, by the number of chairs. */
  readonly chairsLabel: string;
  /** "Chairs: A. Chair (CERN), B. Chair (DESY)" ('' without chairs). */
  readonly chairsLine: string;
  readonly isPoster: boolean;
  readonly contributions: ContributionData[];
  readonly #bookmark: BookmarkRef;
  readonly #ids: StyleIds;

  constructor(b: Block, ctx: Context) {
    this.code = cleanText(b.code);
    this.title = cleanText(b.title);
    this.heading = cleanText(b.heading || b.title || b.code);
    this.date = cleanText(b.date);
    this.timeRange = cleanText(b.timeRange);
    this.when = this.date && this.timeRange ? `${this.date}, ${this.timeRange}` : this.date || this.timeRange;
    this.room = cleanText(b.room);
    this.roomLine = labelled(ctx.labels.room, this.room);
    this.chairsList = b.chairs.map(cleanText).filter((c) => c !== '');
    this.chairs = this.chairsList.join(', ');
    this.chairsLabel = this.chairsList.length > 1 ? ctx.labels.chairs : ctx.labels.chair;
    this.chairsLine = labelled(this.chairsLabel, this.chairs);
    this.isPoster = b.isPoster;
    this.#ids = ctx.ids;
    this.#bookmark = ctx.bookmarks.make('b');
    this.contributions = b.contributions.map((c) => new ContributionData(c, ctx));
  }

  /** Name of the heading's bookmark (what the table of contents links to). */
  get bookmarkName(): string {
    return this.#bookmark.name;
  }

  /** "Booklet Heading 2" with the bookmark the table of contents links to ('' without a heading). */
  get headingXml(): string {
    return this.heading ? paragraph(this.#ids.heading2, bookmark(this.#bookmark.id, this.#bookmark.name, run(this.heading))) : '';
  }

  /** The block's details, pre-composed: "Booklet Session Info" paragraphs for when, room, chairs. */
  get infoXml(): string {
    let out = '';
    for (const line of [this.when, this.roomLine, this.chairsLine]) {
      if (line) {
        out += paragraph(this.#ids.sessionInfo, run(line));
      }
    }
    return out;
  }

  /** Every contribution of the block, pre-composed (the fastest way to print them). */
  get contributionsXml(): string {
    let out = '';
    for (const c of this.contributions) {
      out += c.contributionXml;
    }
    return out;
  }
}

export class DayData {
  readonly key: string;
  /** day.heading, else labels.unscheduled for the unscheduled pseudo-day, else its key. */
  readonly heading: string;
  readonly blocks: BlockData[];
  readonly #bookmark: BookmarkRef;
  readonly #ids: StyleIds;

  constructor(d: Day, ctx: Context) {
    this.key = d.key;
    this.heading = cleanText(d.heading || (d.key === 'unscheduled' ? ctx.labels.unscheduled : d.key));
    this.#ids = ctx.ids;
    this.#bookmark = ctx.bookmarks.make('d');
    this.blocks = d.blocks.map((b) => new BlockData(b, ctx));
  }

  /** Name of the heading's bookmark (what the table of contents links to). */
  get bookmarkName(): string {
    return this.#bookmark.name;
  }

  /** "Booklet Heading 1" with the bookmark the table of contents links to. */
  get headingXml(): string {
    return paragraph(this.#ids.heading1, bookmark(this.#bookmark.id, this.#bookmark.name, run(this.heading)));
  }
}

export class IndexEntryData {
  readonly familyName: string;
  readonly givenNames: string;
  /** "Family, Given" (or whichever is given), "(Affiliation)" after it for homonyms. */
  readonly name: string;
  /** Codes joined: "MOA01, TUP012". */
  readonly codes: string;
  readonly codesList: string[];
  readonly #ctx: Context;

  constructor(e: IndexEntry, ctx: Context) {
    this.#ctx = ctx;
    this.familyName = cleanText(e.familyName);
    this.givenNames = cleanText(e.givenNames);
    this.name = cleanText(printedIndexName(e));
    this.codesList = e.codes.map(cleanText);
    this.codes = this.codesList.join(', ');
  }

  /**
   * "Booklet Index Entry": the "Booklet Index Name" run, an en space, then "Booklet Index Code"
   * runs linked to their contributions (or, with index: pages, PAGEREF fields to them).
   */
  get entryXml(): string {
    let codes = '';
    const { ids, targets, pages } = this.#ctx;
    for (const code of this.codesList) {
      if (codes) {
        codes += run(', ');
      }
      const target = targets.get(code);
      if (target && pages) {
        codes += field(`PAGEREF ${target} \\h`, run('?', ids.indexCode));
      } else {
        codes += target ? link(target, run(code, ids.indexCode)) : run(code, ids.indexCode);
      }
    }
    return paragraph(ids.indexEntry, `${run(this.name, ids.indexName)}${run('\u2002')}${codes}`);
  }
}

export class DocxData {
  readonly event: EventInfo;
  readonly labels: Labels;
  /** labels.presenterNote when some contribution has a presenter, else ''. */
  readonly presenterNote: string;
  readonly days: DayData[];
  readonly authorIndex: IndexEntryData[];
  readonly hasAuthorIndex: boolean;
  readonly #indexBookmark: BookmarkRef;
  readonly #ids: StyleIds;

  constructor(model: BookletModel, ids: StyleIds = { ...STYLE }) {
    this.#ids = ids;
    const e = model.event;
    this.event = { id: e.id, title: cleanText(e.title), dates: cleanText(e.dates), venue: cleanText(e.venue), timezone: e.timezone, locale: e.locale };
    // Every label, cleaned (a label added to the model is available to templates at once).
    this.labels = Object.fromEntries(Object.entries(model.labels).map(([k, v]) => [k, cleanText(String(v))])) as unknown as Labels;
    const hasPresenter = model.days.some((d) => d.blocks.some((b) => b.contributions.some((c) => c.authorGroups.some((g) => g.authors.some((a) => a.presenter)))));
    this.presenterNote = hasPresenter ? this.labels.presenterNote : '';
    const ctx: Context = { labels: this.labels, ids, mark: presenterMark(this.labels.presenterNote), bookmarks: new Bookmarks(), targets: new Map(), pages: model.layout.index === 'pages' };
    this.days = model.days.map((d) => new DayData(d, ctx));
    this.authorIndex = model.authorIndex.map((entry) => new IndexEntryData(entry, ctx));
    this.hasAuthorIndex = this.authorIndex.length > 0;
    this.#indexBookmark = ctx.bookmarks.make('index');
  }

  /** Name of the author index heading's bookmark (the writer starts the two-column section after it). */
  get indexBookmarkName(): string {
    return this.#indexBookmark.name;
  }

  /** The table of contents: a TOC field prefilled with every day, session block and the index. */
  get tocXml(): string {
    const entries: TocEntry[] = [];
    for (const d of this.days) {
      entries.push({ level: 1, text: d.heading, bookmark: d.bookmarkName });
      for (const b of d.blocks) {
        if (b.heading) {
          entries.push({ level: 2, text: b.heading, bookmark: b.bookmarkName });
        }
      }
    }
    if (this.hasAuthorIndex) {
      entries.push({ level: 1, text: this.labels.authorIndex, bookmark: this.#indexBookmark.name });
    }
    return tocXml(entries, this.#ids);
  }

  /** "Booklet Index Heading" for the author index, bookmarked for the table of contents. */
  get authorIndexHeadingXml(): string {
    if (!this.hasAuthorIndex) {
      return '';
    }
    return paragraph(this.#ids.indexHeading, bookmark(this.#indexBookmark.id, this.#indexBookmark.name, run(this.labels.authorIndex)));
  }

  /** The whole author index, pre-composed ("Booklet Index Entry" paragraphs). */
  get authorIndexXml(): string {
    let out = '';
    for (const e of this.authorIndex) {
      out += e.entryXml;
    }
    return out;
  }
}
