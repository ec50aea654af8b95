#!/usr/bin/env node
// Generates the shipped DOCX template of the abstract booklet, templates/booklet-template.docx
// (and src/docx/shipped-template.generated.ts, the same bytes for the library), byte for byte
// reproducibly (fixed zip dates, fixed file order):
//
//   node libs/booklet/scripts/make-docx-template.mjs [out.docx]
//
// The template is plain WordprocessingML: the named "Booklet …" styles (styles.xml), a footer with
// the page number, and a body made of docxtemplater tags (see docs/booklet.md, "DOCX template
// tags"). Tests import makeDocxTemplate() to build organiser-like variants (other fonts, other
// layout, extra static text).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
/** One line of this script's output on stdout. */
const print = (line = '') => process.stdout.write(`${line}\n`);

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Usable text width of an A4 page with 2 cm margins, in twentieths of a point (for right tabs). */
export const TEXT_WIDTH = 11906 - 2 * 1134;

/** Escapes text for XML content and attribute values. */
export function esc(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/** A paragraph in style `styleId` holding `text` (tags included) in one run. */
export function para(styleId, text = '') {
  const pPr = styleId ? `<w:pPr><w:pStyle w:val="${styleId}"/></w:pPr>` : '';
  return `<w:p>${pPr}${text ? `<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r>` : ''}</w:p>`;
}

/** A paragraph holding only a tag, e.g. `{#days}` or `{@tocXml}` (raw-XML and loop tags stand alone). */
export function tag(text) {
  return para('', text);
}

/** A paragraph shown only when `tag` has a value: `{#tag}`, the paragraph, `{/tag}` (paragraph loops). */
export function conditional(tagName, paragraphXml) {
  return tag(`{#${tagName}}`) + paragraphXml + tag(`{/${tagName}}`);
}

/** The body of the shipped template: cover, contents, programme, author index. */
export function shippedBody() {
  return [
    // Cover
    para('BookletTitle', '{event.title}'),
    conditional('event.dates', para('BookletCoverDates', '{event.dates}')),
    conditional('event.venue', para('BookletCoverVenue', '{event.venue}')),
    conditional('presenterNote', para('BookletPresenterNote', '{presenterNote}')),
    // Table of contents (prefilled by the writer; a real TOC field Word/LibreOffice can update)
    para('BookletContentsHeading', '{labels.contents}'),
    tag('{@tocXml}'),
    // Programme: per day a heading; per session block its heading, details and contributions
    tag('{#days}'),
    tag('{@headingXml}'),
    tag('{#blocks}'),
    tag('{@headingXml}'),
    conditional('when', para('BookletSessionInfo', '{when}')),
    conditional('roomLine', para('BookletSessionInfo', '{roomLine}')),
    conditional('chairsLine', para('BookletSessionInfo', '{chairsLine}')),
    tag('{@contributionsXml}'),
    tag('{/blocks}'),
    tag('{/days}'),
    // Author index
    tag('{#hasAuthorIndex}'),
    tag('{@authorIndexHeadingXml}'),
    tag('{@authorIndexXml}'),
    tag('{/hasAuthorIndex}'),
  ].join('');
}

function paragraphStyle(id, name, { basedOn = 'Normal', next, pPr = '', rPr = '', extra = '' } = {}) {
  return (
    `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${id}"><w:name w:val="${esc(name)}"/>` +
    (basedOn ? `<w:basedOn w:val="${basedOn}"/>` : '') +
    (next ? `<w:next w:val="${next}"/>` : '') +
    `<w:qFormat/>${extra}` +
    (pPr ? `<w:pPr>${pPr}</w:pPr>` : '') +
    (rPr ? `<w:rPr>${rPr}</w:rPr>` : '') +
    `</w:style>`
  );
}

function characterStyle(id, name, rPr) {
  return `<w:style w:type="character" w:customStyle="1" w:styleId="${id}"><w:name w:val="${esc(name)}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}</w:style>`;
}

const fonts = (name) => `<w:rFonts w:ascii="${esc(name)}" w:hAnsi="${esc(name)}" w:eastAsia="${esc(name)}" w:cs="${esc(name)}"/>`;
const size = (halfPoints) => `<w:sz w:val="${halfPoints}"/><w:szCs w:val="${halfPoints}"/>`;
const spacing = (before, after) => `<w:spacing w:before="${before}" w:after="${after}"/>`;

const KEEP = '<w:keepNext/>';

/**
 * styles.xml: docDefaults, the built-in styles the booklet relies on, and every "Booklet …" style
 * (the ODT writer's names and looks). Sizes in half-points, spacing in twentieths of a point.
 */
export function stylesXml({ bodyFont = 'Liberation Serif', headingFont = 'Liberation Sans', bodySize = 21 } = {}) {
  const tocTab = `<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="${TEXT_WIDTH}"/></w:tabs>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<w:styles xmlns:w="${W}">` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts(bodyFont)}${size(bodySize)}<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr>${spacing(0, 0)}</w:pPr></w:pPrDefault></w:docDefaults>` +
    // Built-in styles
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl/></w:pPr></w:style>` +
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
    `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr>${KEEP}<w:keepLines/>${spacing(240, 120)}<w:outlineLvl w:val="0"/></w:pPr><w:rPr>${fonts(headingFont)}<w:b/><w:bCs/>${size(32)}</w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr>${KEEP}<w:keepLines/>${spacing(240, 60)}<w:outlineLvl w:val="1"/></w:pPr><w:rPr>${fonts(headingFont)}<w:b/><w:bCs/>${size(26)}</w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr>${tocTab}${spacing(113, 0)}</w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr>${tocTab}<w:ind w:left="283"/></w:pPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>` +
    // Booklet styles (the ODT writer's names)
    paragraphStyle('BookletTitle', 'Booklet Title', { pPr: `${spacing(3402, 567)}<w:jc w:val="center"/>`, rPr: `${fonts(headingFont)}<w:b/><w:bCs/>${size(52)}` }) +
    paragraphStyle('BookletCoverDates', 'Booklet Cover Dates', { pPr: `${spacing(0, 170)}<w:jc w:val="center"/>`, rPr: `${fonts(headingFont)}${size(30)}` }) +
    paragraphStyle('BookletCoverVenue', 'Booklet Cover Venue', { pPr: `${spacing(0, 170)}<w:jc w:val="center"/>`, rPr: `${fonts(headingFont)}${size(30)}` }) +
    paragraphStyle('BookletPresenterNote', 'Booklet Presenter Note', { pPr: `${spacing(1701, 0)}<w:jc w:val="center"/>`, rPr: `<w:i/><w:iCs/>${size(18)}` }) +
    paragraphStyle('BookletContentsHeading', 'Booklet Contents Heading', { next: 'TOC1', pPr: `${KEEP}<w:pageBreakBefore/>${spacing(0, 240)}`, rPr: `${fonts(headingFont)}<w:b/><w:bCs/>${size(32)}` }) +
    paragraphStyle('BookletHeading1', 'Booklet Heading 1', { basedOn: 'Heading1', next: 'BookletHeading2', pPr: `${KEEP}<w:pageBreakBefore/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="3" w:color="000000"/></w:pBdr>${spacing(0, 227)}<w:outlineLvl w:val="0"/>`, rPr: size(36) }) +
    paragraphStyle('BookletHeading2', 'Booklet Heading 2', { basedOn: 'Heading2', next: 'BookletSessionInfo', pPr: `${KEEP}${spacing(340, 85)}<w:outlineLvl w:val="1"/>` }) +
    paragraphStyle('BookletSessionInfo', 'Booklet Session Info', { pPr: `${KEEP}${spacing(0, 28)}`, rPr: `<w:i/><w:iCs/>${size(19)}` }) +
    paragraphStyle('BookletContributionCode', 'Booklet Contribution Code', { next: 'BookletContributionTitle', pPr: `${KEEP}<w:tabs><w:tab w:val="right" w:pos="${TEXT_WIDTH}"/></w:tabs>${spacing(198, 28)}`, rPr: `${fonts(headingFont)}<w:b/><w:bCs/>${size(19)}` }) +
    paragraphStyle('BookletContributionTitle', 'Booklet Contribution Title', { next: 'BookletAuthors', pPr: `${KEEP}${spacing(0, 57)}`, rPr: `<w:b/><w:bCs/>${size(22)}` }) +
    paragraphStyle('BookletAuthors', 'Booklet Authors', { next: 'BookletAbstract', pPr: `${KEEP}${spacing(0, 57)}`, rPr: size(19) }) +
    paragraphStyle('BookletAbstract', 'Booklet Abstract', { pPr: `${spacing(0, 57)}<w:jc w:val="both"/>`, rPr: size(20) }) +
    paragraphStyle('BookletAbstractLines', 'Booklet Abstract Lines', { basedOn: 'BookletAbstract', pPr: spacing(0, 0) }) +
    paragraphStyle('BookletCustomField', 'Booklet Custom Field', { pPr: spacing(0, 57), rPr: size(18) }) +
    paragraphStyle('BookletIndexHeading', 'Booklet Index Heading', { basedOn: 'Heading1', next: 'BookletIndexEntry', pPr: `${KEEP}<w:pageBreakBefore/>${spacing(0, 227)}<w:outlineLvl w:val="0"/>`, rPr: size(36) }) +
    paragraphStyle('BookletIndexEntry', 'Booklet Index Entry', { pPr: `${spacing(0, 28)}<w:ind w:left="283" w:hanging="283"/>`, rPr: size(18) }) +
    paragraphStyle('BookletFooter', 'Booklet Footer', { basedOn: 'Footer', rPr: size(18) }) +
    characterStyle('BookletPresenter', 'Booklet Presenter', '') +
    characterStyle('BookletAffiliation', 'Booklet Affiliation', '<w:i/><w:iCs/>') +
    characterStyle('BookletCustomFieldName', 'Booklet Custom Field Name', '<w:b/><w:bCs/>') +
    characterStyle('BookletIndexName', 'Booklet Index Name', '') +
    characterStyle('BookletIndexCode', 'Booklet Index Code', '') +
    `</w:styles>`
  );
}

/** fontTable.xml: the fonts' families, so Word substitutes sensibly (Times New Roman, Arial) when one is missing. */
export function fontTableXml({ bodyFont = 'Liberation Serif', headingFont = 'Liberation Sans' } = {}) {
  const font = (name, family, alt) =>
    `<w:font w:name="${esc(name)}">${alt ? `<w:altName w:val="${alt}"/>` : ''}<w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`;
  const guess = (name) => (/sans|arial|helvetica/i.test(name) ? ['swiss', 'Arial'] : /mono|courier/i.test(name) ? ['modern', 'Courier New'] : ['roman', 'Times New Roman']);
  const names = [...new Set([bodyFont, headingFont])];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="${W}">${names.map((n) => font(n, ...guess(n))).join('')}</w:fonts>`;
}

/** word/document.xml around `body` (A4, 2 cm margins, page-number footer from page 2 on). */
export function documentXml(body) {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}` +
    `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>` +
    `<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>` +
    `<w:titlePg/></w:sectPr></w:body></w:document>`
  );
}

function footerXml() {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<w:ftr xmlns:w="${W}" xmlns:r="${R}"><w:p><w:pPr><w:pStyle w:val="BookletFooter"/></w:pPr>` +
    `<w:r><w:t xml:space="preserve">{event.title} · </w:t></w:r>` +
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
    `</w:p></w:ftr>`
  );
}

/**
 * Builds a .docx template. Options: `bodyFont`, `headingFont`, `bodySize` (half-points) for the
 * styles; `body` replaces the shipped body (inner XML of <w:body> without <w:sectPr>); `title`
 * is the document's title property (a tag by default: the event title).
 */
export function makeDocxTemplate({ body = shippedBody(), title = '{event.title}', ...styleOptions } = {}) {
  const files = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
      `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
      `<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
      `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
      `<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
      `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
      `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
    '_rels/.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
      `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    'docProps/core.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<dc:title>${esc(title)}</dc:title><dc:creator>JPSP-NG</dc:creator></cp:coreProperties>`,
    'docProps/app.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>JPSP-NG</Application></Properties>`,
    'word/_rels/document.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      `<Relationship Id="rIdFontTable" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
      `<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
      `<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`,
    'word/document.xml': documentXml(body),
    'word/styles.xml': stylesXml(styleOptions),
    'word/fontTable.xml': fontTableXml(styleOptions),
    'word/settings.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="${W}"><w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`,
    'word/footer1.xml': footerXml(),
  };
  // Fixed date: the same input always gives the same bytes.
  const mtime = new Date(2022, 7, 22); // local midnight: zip dates are local, so the bytes do not depend on TZ
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, [strToU8(text), { mtime }]])), { level: 9 });
}

/** The TypeScript module that carries the shipped template's bytes into the library (no file I/O there). */
export function shippedTemplateModule(bytes) {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines = b64.match(/.{1,100}/g).map((l) => `  '${l}'`).join(' +\n');
  return (
    '// Generated by scripts/make-docx-template.mjs from the same code as templates/booklet-template.docx:\n' +
    '// the shipped DOCX template, as bytes the library holds without reading a file. Do not edit.\n' +
    `export const SHIPPED_TEMPLATE_BASE64 =\n${lines};\n`
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../templates/booklet-template.docx', import.meta.url));
  const bytes = makeDocxTemplate();
  writeFileSync(out, bytes);
  print(`wrote ${out} (${bytes.length} bytes)`);
  if (!process.argv[2]) {
    const module = fileURLToPath(new URL('../src/docx/shipped-template.generated.ts', import.meta.url));
    writeFileSync(module, shippedTemplateModule(bytes));
    print(`wrote ${module}`);
  }
}
