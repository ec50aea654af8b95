/**
 * The booklet view model: everything a writer (ODT, DOCX) prints, already validated, normalised,
 * ordered, converted to the event timezone, formatted for the locale and free of markup.
 * Writers only escape and lay out; they never look at the Indico payload.
 *
 * Every string is plain text (never markup, never `undefined`/`null`), free of XML-invalid
 * characters. Empty string = "not given": writers omit the element.
 */

/** One run of text with a safe subset of formatting. `br` = a line break (its `text` is ''). */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  sup?: boolean;
  sub?: boolean;
  br?: boolean;
}

/** A paragraph of rich text. */
export type RichParagraph = Run[];

export interface BookletModel {
  event: EventInfo;
  /** Localised fixed texts (headings, labels). */
  labels: Labels;
  /** Days ascending; a last pseudo-day with `key: 'unscheduled'` holds unscheduled contributions. */
  days: Day[];
  /** Empty when `includeAuthorIndex` is false. */
  authorIndex: IndexEntry[];
  /** Page size and index style the writers lay out for. */
  layout: { pageSize: 'A4' | 'Letter' | 'A5'; index: 'codes' | 'pages' };
  /** Counts, for progress messages and tests. */
  stats: { days: number; blocks: number; contributions: number; persons: number };
}

export interface EventInfo {
  id: string;
  title: string;
  /** Localised date range, e.g. "22–26 August 2022". */
  dates: string;
  /** Venue / location / address joined, e.g. "Trieste, Italy". */
  venue: string;
  /** IANA timezone every printed time is in. */
  timezone: string;
  /** BCP 47 locale used for dates and sorting (en, it, fr, de, …). */
  locale: string;
}

export interface Labels {
  contents: string;
  authorIndex: string;
  chairs: string;
  chair: string;
  room: string;
  board: string;
  unscheduled: string;
  presenter: string;
  /** Footnote-like explanation of the presenter mark, e.g. "* presenter". */
  presenterNote: string;
  /** Title of the pseudo-block holding scheduled contributions outside any session. */
  contributions: string;
}

export interface Day {
  /** `YYYY-MM-DD` in the event timezone, or `unscheduled`. */
  key: string;
  /** Localised heading, e.g. "Monday, 22 August 2022" (or labels.unscheduled). */
  heading: string;
  /** Stable anchor id for links and bookmarks (`[A-Za-z0-9_-]`). */
  anchor: string;
  blocks: Block[];
}

/** A session block (Indico `SessionSlot`), or a pseudo-block for contributions outside sessions. */
export interface Block {
  /** Stable anchor id (`[A-Za-z0-9_-]`), unique in the booklet; the TOC links to it. */
  anchor: string;
  /** Programme code (block code, else the session's code), may be ''. */
  code: string;
  title: string;
  /** What the TOC and the block heading print: "MOA — Opening Session" (or the title alone). */
  heading: string;
  /** Localised date, e.g. "Monday, 22 August 2022" ('' when unscheduled). */
  date: string;
  /** "09:00–10:30" in the event timezone ('' when unknown). */
  timeRange: string;
  room: string;
  /** Chairs (conveners) with affiliation, e.g. ["A. Chair (CERN)", "B. Chair (DESY)"]. */
  chairs: string[];
  isPoster: boolean;
  contributions: Contribution[];
}

export interface Contribution {
  /** Stable anchor id (`[A-Za-z0-9_-]`), unique in the booklet. */
  anchor: string;
  code: string;
  /** "09:30" for scheduled orals, '' for posters and unscheduled. */
  time: string;
  /** Poster board number ('' when none; posters without one print their code). */
  board: string;
  isPoster: boolean;
  title: string;
  /** Authors grouped by affiliation, in order of first appearance (primary authors first). */
  authorGroups: AuthorGroup[];
  /** Abstract paragraphs (empty when not given or `includeAbstracts` is false). */
  abstract: RichParagraph[];
  /** Selected custom fields that are present and non-empty, in the order asked for. */
  customFields: { name: string; value: string }[];
}

export interface AuthorGroup {
  /** '' when unknown. */
  affiliation: string;
  authors: { name: string; presenter: boolean }[];
}

/** One person in the author index (records of the same name merged; see model/author-index.ts). */
export interface IndexEntry {
  familyName: string;
  givenNames: string;
  /** Printed after the name only to tell apart two people of the same name ('' otherwise). */
  affiliation: string;
  /** Programme codes (or titles when a contribution has no code), in booklet order, unique. */
  codes: string[];
}
