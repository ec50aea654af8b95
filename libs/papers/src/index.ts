export { checkPaper, pageList, pdfHeaderVersion } from './check-paper.js';
export { unreadableReport } from './unreadable.js';
export { papersCsv, CSV_COLUMNS } from './report-csv.js';
export { papersHtml, type HtmlReportOptions } from './report-html.js';
export { DEFAULT_RULES, JACOW_PAGE, KNOWN_SIZES, compareVersions, pageLimit, resolveRules, type PageSizeRule, type PaperRules, type ResolvedRules } from './rules.js';
export { reportOrder, ruleSentences, summarize } from './summary.js';
export { RULE_IDS, type ChecksSummary, type FontInfo, type PageSizeInfo, type PaperMeta, type PaperReport, type Problem, type RuleId, type Severity } from './types.js';
