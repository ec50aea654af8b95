// The data docxtemplater renders: a projection of the BookletModel with plain-text fields (escaped
// by docxtemplater) and pre-composed WordprocessingML for the raw-XML tags (`…Xml`, escaped here).
// The heavy XML fields are lazy getters: a template only pays for the tags it uses.
import type { Block, BookletModel, Contribution, Day, EventInfo, IndexEntry, Labels } from '../model.js';
import { STYLE } from './docx-styles.js';
import { abstractXml, bookmark, cleanText, link, paragraph, run, type TocEntry, tocXml } from './docx-xml.js';

/** Bookmark ids start high so they never collide with the template's own (e.g. `_GoBack`, id 0). */
const BOOKMARK_ID_BASE = 100_000;

export interface BookmarkRef {
  id: number;
  name: string;
}

/**
 * Assigns bookmark names and unique ids. Names are Word-valid (≤ 40 characters, [A-Za-z0-9_]) and
 * hidden (leading `_`, like Word's own `_Toc…`): `_jpsp_d1` (day), `_jpsp_b1` (block), `_jpsp_c1`
 * (contribution), `_jpsp_index`.
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
  bookmarks: Bookmarks;
  /** Programme code (or title) → contribution bookmark, for the author index links. */
  targets: Map<string, string>;
}

export class ContributionData {
  readonly code: string;
  readonly time: string;
  readonly board: string;
  readonly isPoster: boolean;
  readonly title: string;
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
    this.customFields = c.customFields.map((f) => ({ name: cleanText(f.name), value: cleanText(f.value) }));
    this.#bm = ctx.bookmarks.make('c');
    const key = c.code || c.title;
    if (key && !ctx.targets.has(key)) ctx.targets.set(key, this.#bm.name);
  }

  /** "Board 12" for posters with a board number, else ''. */
  get boardText(): string {
    return this.board ? `${this.#ctx.labels.board} ${this.board}` : '';
  }

  /** Authors as plain text: "A. Author*, B. Author (Affil 1); C. Author (Affil 2)" (* = presenter). */
  get authors(): string {
    return cleanText(this.#c.authorGroups
      .map((g) => {
        const names = g.authors.map((a) => (a.presenter ? `${a.name}*` : a.name)).join(', ');
        return g.affiliation ? `${names} (${g.affiliation})` : names;
      })
      .join('; '));
  }

  /** Abstract as plain text, paragraphs separated by line breaks (formatting lost). */
  get abstractText(): string {
    return cleanText(this.#c.abstract.map((p) => p.map((r) => (r.br ? '\n' : r.text)).join('')).join('\n'));
  }

  /** The code line: code, then tab and time (orals) or board (posters); bookmarked for the index. */
  get codeXml(): string {
    const second = this.isPoster ? this.boardText : this.time;
    if (!this.code && !second) return '';
    const content = run(this.code) + (second ? `<w:r><w:tab/></w:r>${run(second)}` : '');
    return paragraph(STYLE.contributionCode, bookmark(this.#bm.id, this.#bm.name, content));
  }

  get titleXml(): string {
    return this.title ? paragraph(STYLE.contributionTitle, run(this.title)) : '';
  }

  get authorsXml(): string {
    if (this.#c.authorGroups.length === 0) return '';
    let runs = '';
    this.#c.authorGroups.forEach((g, gi) => {
      if (gi > 0) runs += run('; ');
      g.authors.forEach((a, ai) => {
        if (ai > 0) runs += run(', ');
        runs += a.presenter ? run(`${a.name}*`, STYLE.presenter) : run(a.name);
      });
      if (g.affiliation) runs += `${run(' (')}${run(g.affiliation, STYLE.affiliation)}${run(')')}`;
    });
    return paragraph(STYLE.authors, runs);
  }

  get abstractXml(): string {
    return abstractXml(this.#c.abstract);
  }

  get customFieldsXml(): string {
    let out = '';
    for (const f of this.#c.customFields) out += paragraph(STYLE.customField, run(`${f.name}: `, STYLE.label) + run(f.value));
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
  readonly heading: string;
  readonly date: string;
  readonly timeRange: string;
  readonly room: string;
  /** Chairs joined: "A. Chair (CERN), B. Chair (DESY)". */
  readonly chairs: string;
  readonly chairsList: string[];
  /** labels.chair or labels.chairs, by the number of chairs. */
  readonly chairsLabel: string;
  /** Date · time range · "Room: …", the parts that are given. */
  readonly info: string;
  readonly isPoster: boolean;
  readonly contributions: ContributionData[];
  readonly #bookmark: BookmarkRef;

  constructor(b: Block, ctx: Context) {
    this.code = cleanText(b.code);
    this.title = cleanText(b.title);
    this.heading = cleanText(b.heading);
    this.date = cleanText(b.date);
    this.timeRange = cleanText(b.timeRange);
    this.room = cleanText(b.room);
    this.chairsList = b.chairs.map(cleanText).filter((c) => c !== '');
    this.chairs = this.chairsList.join(', ');
    this.chairsLabel = this.chairsList.length > 1 ? ctx.labels.chairs : ctx.labels.chair;
    this.info = [this.date, this.timeRange, this.room ? `${ctx.labels.room}: ${this.room}` : ''].filter((s) => s !== '').join(' · ');
    this.isPoster = b.isPoster;
    this.#bookmark = ctx.bookmarks.make('b');
    this.contributions = b.contributions.map((c) => new ContributionData(c, ctx));
  }

  /** Name of the heading's bookmark (what the table of contents links to). */
  get bookmarkName(): string {
    return this.#bookmark.name;
  }

  /** "Booklet Heading 2" with the bookmark the table of contents links to. */
  get headingXml(): string {
    return paragraph(STYLE.heading2, bookmark(this.#bookmark.id, this.#bookmark.name, run(this.heading)));
  }

  /** Every contribution of the block, pre-composed (the fastest way to print them). */
  get contributionsXml(): string {
    let out = '';
    for (const c of this.contributions) out += c.contributionXml;
    return out;
  }
}

export class DayData {
  readonly key: string;
  readonly heading: string;
  readonly anchor: string;
  readonly blocks: BlockData[];
  readonly #bookmark: BookmarkRef;

  constructor(d: Day, ctx: Context) {
    this.key = d.key;
    this.heading = cleanText(d.heading);
    this.anchor = d.anchor;
    this.#bookmark = ctx.bookmarks.make('d');
    this.blocks = d.blocks.map((b) => new BlockData(b, ctx));
  }

  /** Name of the heading's bookmark (what the table of contents links to). */
  get bookmarkName(): string {
    return this.#bookmark.name;
  }

  /** "Booklet Heading 1" with the bookmark the table of contents links to. */
  get headingXml(): string {
    return paragraph(STYLE.heading1, bookmark(this.#bookmark.id, this.#bookmark.name, run(this.heading)));
  }
}

export class IndexEntryData {
  readonly familyName: string;
  readonly givenNames: string;
  /** "Family, Given" (or the family name alone). */
  readonly name: string;
  /** Codes joined: "MOA01, TUP012". */
  readonly codes: string;
  readonly codesList: string[];
  readonly #ctx: Context;

  constructor(e: IndexEntry, ctx: Context) {
    this.#ctx = ctx;
    this.familyName = cleanText(e.familyName);
    this.givenNames = cleanText(e.givenNames);
    this.name = this.givenNames ? `${this.familyName}, ${this.givenNames}` : this.familyName;
    this.codesList = e.codes.map(cleanText);
    this.codes = this.codesList.join(', ');
  }

  /** "Booklet Index Entry": name, tab, codes hyperlinked to their contributions. */
  get entryXml(): string {
    let codes = '';
    this.codesList.forEach((code, i) => {
      if (i > 0) codes += run(', ');
      const target = this.#ctx.targets.get(code);
      codes += target ? link(target, run(code)) : run(code);
    });
    return paragraph(STYLE.indexEntry, `${run(this.name)}<w:r><w:tab/></w:r>${codes}`);
  }
}

export class DocxData {
  readonly event: EventInfo;
  readonly labels: Labels;
  readonly days: DayData[];
  readonly authorIndex: IndexEntryData[];
  readonly hasAuthorIndex: boolean;
  readonly #indexBookmark: BookmarkRef;

  constructor(model: BookletModel) {
    const e = model.event;
    this.event = { id: e.id, title: cleanText(e.title), dates: cleanText(e.dates), venue: cleanText(e.venue), timezone: e.timezone, locale: e.locale };
    // Every label, cleaned (a label added to the model is available to templates at once).
    this.labels = Object.fromEntries(Object.entries(model.labels).map(([k, v]) => [k, cleanText(String(v))])) as unknown as Labels;
    const ctx: Context = { labels: this.labels, bookmarks: new Bookmarks(), targets: new Map() };
    this.days = model.days.map((d) => new DayData(d, ctx));
    this.authorIndex = model.authorIndex.map((e) => new IndexEntryData(e, ctx));
    this.hasAuthorIndex = this.authorIndex.length > 0;
    this.#indexBookmark = ctx.bookmarks.make('index');
  }

  /** The table of contents: a TOC field prefilled with every day, session block and the index. */
  get tocXml(): string {
    const entries: TocEntry[] = [];
    for (const d of this.days) {
      entries.push({ level: 1, text: d.heading, bookmark: d.bookmarkName });
      for (const b of d.blocks) entries.push({ level: 2, text: b.heading, bookmark: b.bookmarkName });
    }
    if (this.hasAuthorIndex) entries.push({ level: 1, text: this.labels.authorIndex, bookmark: this.#indexBookmark.name });
    return tocXml(entries);
  }

  /** "Booklet Heading 1" for the author index, bookmarked for the table of contents. */
  get authorIndexHeadingXml(): string {
    if (!this.hasAuthorIndex) return '';
    return paragraph(STYLE.heading1, bookmark(this.#indexBookmark.id, this.#indexBookmark.name, run(this.labels.authorIndex)));
  }

  /** The whole author index, pre-composed. */
  get authorIndexXml(): string {
    let out = '';
    for (const e of this.authorIndex) out += e.entryXml;
    return out;
  }
}
