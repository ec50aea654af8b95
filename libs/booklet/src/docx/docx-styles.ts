// Style ids (w:styleId) the DOCX writer puts on what it generates. Every one is defined in the
// shipped template's styles.xml (scripts/make-docx-template.mjs). The display names (w:name) are
// what organisers see, the same as the ODT writer's ("Booklet Heading 1", …), except the table of
// contents entries: Word's built-in "toc 1"/"toc 2", which Word uses when it rebuilds the table.
export const STYLE = {
  title: 'BookletTitle',
  coverDates: 'BookletCoverDates',
  coverVenue: 'BookletCoverVenue',
  presenterNote: 'BookletPresenterNote',
  contentsHeading: 'BookletContentsHeading',
  toc1: 'TOC1',
  toc2: 'TOC2',
  heading1: 'BookletHeading1',
  heading2: 'BookletHeading2',
  sessionInfo: 'BookletSessionInfo',
  contributionCode: 'BookletContributionCode',
  contributionTitle: 'BookletContributionTitle',
  authors: 'BookletAuthors',
  abstract: 'BookletAbstract',
  abstractLines: 'BookletAbstractLines',
  customField: 'BookletCustomField',
  indexHeading: 'BookletIndexHeading',
  indexEntry: 'BookletIndexEntry',
  footer: 'BookletFooter',
  // character styles
  presenter: 'BookletPresenter',
  affiliation: 'BookletAffiliation',
  customFieldName: 'BookletCustomFieldName',
  indexName: 'BookletIndexName',
  indexCode: 'BookletIndexCode',
} as const;

/** The style ids one render uses: STYLE, or the ids an organiser's template gives the same styles. */
export type StyleIds = { -readonly [K in keyof typeof STYLE]: string };

/** Styles the writer's generated XML refers to: a template without one gets the shipped definition. */
export const GENERATED_STYLE_IDS: readonly (keyof typeof STYLE)[] = [
  'toc1',
  'toc2',
  'heading1',
  'heading2',
  'sessionInfo',
  'contributionCode',
  'contributionTitle',
  'authors',
  'abstract',
  'abstractLines',
  'customField',
  'indexHeading',
  'indexEntry',
  'presenter',
  'affiliation',
  'customFieldName',
  'indexName',
  'indexCode',
];
