// Style ids (w:styleId) the DOCX writer puts on what it generates. Every one is defined in the
// shipped template's styles.xml (scripts/make-docx-template.mjs); the display names (w:name) are
// the ones organisers see, shared with the ODT writer ("Booklet Heading 1", …).
export const STYLE = {
  title: 'BookletTitle',
  subtitle: 'BookletSubtitle',
  contentsHeading: 'BookletContentsHeading',
  note: 'BookletNote',
  heading1: 'BookletHeading1',
  heading2: 'BookletHeading2',
  sessionInfo: 'BookletSessionInfo',
  contributionCode: 'BookletContributionCode',
  contributionTitle: 'BookletContributionTitle',
  authors: 'BookletAuthors',
  abstract: 'BookletAbstract',
  customField: 'BookletCustomField',
  indexEntry: 'BookletIndexEntry',
  footer: 'BookletFooter',
  toc1: 'TOC1',
  toc2: 'TOC2',
  // character styles
  presenter: 'BookletPresenter',
  affiliation: 'BookletAffiliation',
  label: 'BookletLabel',
} as const;

/** Styles the writer's generated XML refers to: a template without one gets the shipped definition. */
export const GENERATED_STYLE_IDS: readonly string[] = [
  STYLE.heading1,
  STYLE.heading2,
  STYLE.sessionInfo,
  STYLE.contributionCode,
  STYLE.contributionTitle,
  STYLE.authors,
  STYLE.abstract,
  STYLE.customField,
  STYLE.indexEntry,
  STYLE.toc1,
  STYLE.toc2,
  STYLE.presenter,
  STYLE.affiliation,
  STYLE.label,
];
