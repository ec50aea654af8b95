/**
 * The rules a paper is checked against. The defaults are JACoW's published requirements:
 * - page size: "A4 wide by US letter high" (210 mm × 11 in = 595 × 792 pt), JACoW, Technical
 *   Requirements for Publication, https://epaper.kek.jp/jacow/Documents/JACoW_Tech_Requuirements.htm;
 * - Type 3 fonts: "we make a maximum effort to avoid type 3 fonts" (same page);
 * - every font embedded: JACoW's templates and the "Preparation of papers for JACoW conferences"
 *   instructions (fonts must be embedded for the PDF to be processed and archived).
 * Page limits differ per conference and per contribution type (e.g. 5 pages for contributed
 * papers at IPAC/IBIC, more for invited orals): none by default.
 */
export interface PageSizeRule {
  name: string;
  /** Points (1/72 in), portrait: width ≤ height is not required, the page is compared as displayed. */
  width: number;
  height: number;
}

export interface PaperRules {
  pageSizes?: PageSizeRule[];
  /** Accepted difference on each side, in points. */
  tolerancePt?: number;
  maxPages?: number;
  /** Contribution type name (as in Indico) → page limit; overrides `maxPages` for that type. */
  maxPagesByType?: Record<string, number>;
  /** Highest accepted PDF version, `major.minor`. */
  maxPdfVersion?: string;
  allowType3?: boolean;
}

export type ResolvedRules = Required<Omit<PaperRules, 'maxPages'>> & { maxPages?: number };

export const JACOW_PAGE: PageSizeRule = { name: 'JACoW', width: 595, height: 792 };

/** Sizes named in messages when a page matches none of the rules' sizes. */
export const KNOWN_SIZES: readonly PageSizeRule[] = [
  { name: 'A4', width: 595.28, height: 841.89 },
  { name: 'US Letter', width: 612, height: 792 },
  JACOW_PAGE,
  { name: 'A5', width: 419.53, height: 595.28 },
  { name: 'US Legal', width: 612, height: 1008 },
];

export const DEFAULT_RULES: ResolvedRules = {
  pageSizes: [JACOW_PAGE],
  tolerancePt: 3,
  maxPagesByType: {},
  maxPdfVersion: '1.7',
  allowType3: false,
};

export function resolveRules(rules: PaperRules | undefined): ResolvedRules {
  const out: ResolvedRules = {
    pageSizes: rules?.pageSizes?.length ? rules.pageSizes : DEFAULT_RULES.pageSizes,
    tolerancePt: rules?.tolerancePt ?? DEFAULT_RULES.tolerancePt,
    maxPagesByType: rules?.maxPagesByType ?? {},
    maxPdfVersion: rules?.maxPdfVersion ?? DEFAULT_RULES.maxPdfVersion,
    allowType3: rules?.allowType3 ?? DEFAULT_RULES.allowType3,
  };
  if (rules?.maxPages !== undefined) {
    out.maxPages = rules.maxPages;
  }
  return out;
}

/** The page limit of a paper of this contribution type, if any. */
export function pageLimit(rules: ResolvedRules, type: string | undefined): number | undefined {
  if (type !== undefined && Object.hasOwn(rules.maxPagesByType, type)) {
    return rules.maxPagesByType[type];
  }
  return rules.maxPages;
}

/** `1.7` < `2.0`; `1.10` > `1.9`. */
export function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}
