#!/usr/bin/env node
// Generates the shipped DOCX template of the abstract booklet, templates/booklet-template.docx,
// byte for byte reproducibly (fixed zip dates, fixed file order):
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

/** The body of the shipped template: cover, contents, programme, author index. */
export function shippedBody() {
  return [
    // Cover
    para('BookletTitle', '{event.title}'),
    para('BookletSubtitle', '{event.dates}'),
    para('BookletSubtitle', '{event.venue}'),
    // Table of contents (prefilled by the writer; a real TOC field Word/LibreOffice can update)
    para('BookletContentsHeading', '{labels.contents}'),
    tag('{@tocXml}'),
    para('BookletNote', '{labels.presenterNote}'),
    // Programme: one heading per day, per session block its heading and details, then its contributions
    tag('{#days}'),
    tag('{@headingXml}'),
    tag('{#blocks}'),
    tag('{@headingXml}'),
    tag('{#info}'),
    para('BookletSessionInfo', '{info}'),
    tag('{/info}'),
    tag('{#chairs}'),
    `<w:p><w:pPr><w:pStyle w:val="BookletSessionInfo"/></w:pPr><w:r><w:rPr><w:rStyle w:val="BookletLabel"/></w:rPr><w:t xml:space="preserve">{chairsLabel}: </w:t></w:r><w:r><w:t xml:space="preserve">{chairs}</w:t></w:r></w:p>`,
    tag('{/chairs}'),
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
  return `<w:style w:type="character" w:customStyle="1" w:styleId="${id}"><w:name w:val="${esc(name)}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/><w:rPr>${rPr}</w:rPr></w:style>`;
}

const fonts = (name) => `<w:rFonts w:ascii="${esc(name)}" w:hAnsi="${esc(name)}" w:eastAsia="${esc(name)}" w:cs="${esc(name)}"/>`;
const size = (halfPoints) => `<w:sz w:val="${halfPoints}"/><w:szCs w:val="${halfPoints}"/>`;
const spacing = (before, after) => `<w:spacing w:before="${before}" w:after="${after}"/>`;

/** styles.xml: docDefaults, the built-in styles the booklet relies on, and every "Booklet …" style. */
export function stylesXml({ bodyFont = 'Noto Serif', headingFont = 'Noto Sans', bodySize = 20 } = {}) {
  const rightTab = `<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="${TEXT_WIDTH}"/></w:tabs>`;
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
    `<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>${spacing(240, 120)}<w:outlineLvl w:val="0"/></w:pPr><w:rPr>${fonts(headingFont)}<w:b/><w:bCs/>${size(32)}</w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>${spacing(240, 60)}<w:outlineLvl w:val="1"/></w:pPr><w:rPr>${fonts(headingFont)}<w:b/><w:bCs/>${size(26)}</w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr>${rightTab}${spacing(120, 0)}</w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr>${rightTab}<w:ind w:left="284"/></w:pPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>` +
    // Booklet styles (the same names as the ODT writer's)
    paragraphStyle('BookletTitle', 'Booklet Title', { pPr: `${spacing(2400, 480)}<w:jc w:val="center"/>`, rPr: `${fonts(headingFont)}<w:b/><w:bCs/>${size(48)}` }) +
    paragraphStyle('BookletSubtitle', 'Booklet Subtitle', { pPr: `${spacing(120, 120)}<w:jc w:val="center"/>`, rPr: `${fonts(headingFont)}${size(28)}` }) +
    paragraphStyle('BookletContentsHeading', 'Booklet Contents Heading', { next: 'TOC1', pPr: `<w:keepNext/><w:pageBreakBefore/>${spacing(0, 240)}`, rPr: `${fonts(headingFont)}<w:b/><w:bCs/>${size(32)}` }) +
    paragraphStyle('BookletNote', 'Booklet Note', { pPr: spacing(240, 0), rPr: `<w:i/><w:iCs/>${size(bodySize - 2)}` }) +
    paragraphStyle('BookletHeading1', 'Booklet Heading 1', { basedOn: 'Heading1', next: 'BookletHeading2', pPr: `<w:keepNext/><w:pageBreakBefore/>${spacing(0, 240)}<w:outlineLvl w:val="0"/>` }) +
    paragraphStyle('BookletHeading2', 'Booklet Heading 2', { basedOn: 'Heading2', next: 'BookletSessionInfo', pPr: `<w:keepNext/>${spacing(360, 60)}<w:outlineLvl w:val="1"/>` }) +
    paragraphStyle('BookletSessionInfo', 'Booklet Session Info', { pPr: `<w:keepNext/>${spacing(0, 40)}`, rPr: `${fonts(headingFont)}${size(bodySize - 2)}` }) +
    paragraphStyle('BookletContributionCode', 'Booklet Contribution Code', { next: 'BookletContributionTitle', pPr: `<w:keepNext/><w:tabs><w:tab w:val="right" w:pos="${TEXT_WIDTH}"/></w:tabs>${spacing(240, 0)}`, rPr: `${fonts(headingFont)}<w:b/><w:bCs/>${size(bodySize)}` }) +
    paragraphStyle('BookletContributionTitle', 'Booklet Contribution Title', { next: 'BookletAuthors', pPr: `<w:keepNext/>${spacing(0, 40)}`, rPr: `<w:b/><w:bCs/>${size(bodySize + 2)}` }) +
    paragraphStyle('BookletAuthors', 'Booklet Authors', { next: 'BookletAbstract', pPr: `<w:keepNext/>${spacing(0, 80)}`, rPr: size(bodySize - 2) }) +
    paragraphStyle('BookletAbstract', 'Booklet Abstract', { pPr: `${spacing(0, 80)}<w:jc w:val="both"/>` }) +
    paragraphStyle('BookletCustomField', 'Booklet Custom Field', { pPr: spacing(0, 40), rPr: size(bodySize - 2) }) +
    paragraphStyle('BookletIndexEntry', 'Booklet Index Entry', { pPr: `<w:tabs><w:tab w:val="left" w:pos="3402"/></w:tabs><w:ind w:left="3402" w:hanging="3402"/>`, rPr: size(bodySize - 2) }) +
    characterStyle('BookletPresenter', 'Booklet Presenter', '<w:u w:val="single"/>') +
    characterStyle('BookletAffiliation', 'Booklet Affiliation', '<w:i/><w:iCs/>') +
    characterStyle('BookletLabel', 'Booklet Label', '<w:b/><w:bCs/>') +
    paragraphStyle('BookletFooter', 'Booklet Footer', { basedOn: 'Footer', rPr: `${fonts(headingFont)}${size(bodySize - 4)}` }) +
    `</w:styles>`
  );
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
    `<w:r><w:t xml:space="preserve">{event.title} — </w:t></w:r>` +
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
    `</w:p></w:ftr>`
  );
}

/**
 * Builds a .docx template. Options: `bodyFont`, `headingFont`, `bodySize` (half-points) for the
 * styles; `body` replaces the shipped body (inner XML of <w:body> without <w:sectPr>); `title`
 * goes into the document properties.
 */
export function makeDocxTemplate({ body = shippedBody(), title = 'JPSP-NG abstract booklet template', ...styleOptions } = {}) {
  const files = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
      `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
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
      `<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
      `<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`,
    'word/document.xml': documentXml(body),
    'word/styles.xml': stylesXml(styleOptions),
    'word/settings.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="${W}"><w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`,
    'word/footer1.xml': footerXml(),
  };
  // Fixed date: the same input always gives the same bytes.
  const mtime = new Date(2022, 7, 22); // local midnight: zip dates are local, so the bytes do not depend on TZ
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, [strToU8(text), { mtime }]])), { level: 9 });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../templates/booklet-template.docx', import.meta.url));
  const bytes = makeDocxTemplate();
  writeFileSync(out, bytes);
  console.log(`wrote ${out} (${bytes.length} bytes)`);
}
