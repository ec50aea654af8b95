/** The rule ids a problem carries (stable: reports, CSV columns and clients key on them). */
export const RULE_IDS = ['unreadable', 'page-size', 'fonts-not-embedded', 'type3-fonts', 'pdf-version', 'page-count'] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type Severity = 'error' | 'warning';

export interface Problem {
  rule: RuleId;
  severity: Severity;
  /** 1-based page the problem was first seen on, when it belongs to a page. */
  page?: number;
  /** Plain words an editor can act on. */
  message: string;
}

export interface FontInfo {
  /** BaseFont (subset prefix kept, e.g. `ABCDEF+TimesNewRomanPSMT`); a Type 3 font without one is named by its resource name. */
  name: string;
  /** PDF font subtype: `Type1`, `MMType1`, `TrueType`, `Type0`, `Type3`. */
  type: string;
  embedded: boolean;
}

/** A page size found in the paper: the visible (CropBox) size as displayed (after /Rotate), in points. */
export interface PageSizeInfo {
  width: number;
  height: number;
  /** How many pages have it. */
  pages: number;
  /** The named size it matches within the tolerance, if any (`A4`, `Letter`, `JACoW`, or a rule's name). */
  name?: string;
}

/** What an editor knows about a paper before its file is read (from Indico). */
export interface PaperMeta {
  id: string;
  code?: string;
  title?: string;
  type?: string;
}

export interface PaperReport {
  id: string;
  code: string;
  title?: string;
  type?: string;
  /** No error-severity problem. */
  ok: boolean;
  pages: number;
  pdfVersion: string | null;
  pageSizes: PageSizeInfo[];
  fonts: FontInfo[];
  problems: Problem[];
}

export interface ChecksSummary {
  total: number;
  ok: number;
  withErrors: number;
  /** Papers with a warning (whether or not they also have errors). */
  withWarnings: number;
  unreadable: number;
}
