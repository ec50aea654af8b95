// The shipped default styles of the ODT booklet: every element of the document carries one of
// the named "Booklet …" styles defined here, so organisers restyle everything in Writer.
// A custom template (see odt-template.ts) replaces these definitions; whatever it lacks is
// merged in from here, so the document always stays valid.
import type { PageSize } from '../options.js';
import { PAGE_GEOMETRY } from '../page-geometry.js';

/** Namespaces the writer's parts use (and that injected definitions need on a template's root). */
export const NS: Record<string, string> = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  style: 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  table: 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  draw: 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0',
  fo: 'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0',
  xlink: 'http://www.w3.org/1999/xlink',
  dc: 'http://purl.org/dc/elements/1.1/',
  meta: 'urn:oasis:names:tc:opendocument:xmlns:meta:1.0',
  number: 'urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0',
  svg: 'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0',
};

export const NS_DECLS = Object.entries(NS)
  .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
  .join('');

/** ODF encodes a display name into a style name: "Booklet Heading 1" → "Booklet_20_Heading_20_1". */
export function styleName(displayName: string): string {
  return displayName.replace(/[^A-Za-z0-9-]/g, (ch) => `_${ch.charCodeAt(0).toString(16)}_`);
}

export interface StyleDef {
  /** The display name organisers see in Writer's style list. */
  displayName: string;
  /** The encoded `style:name`. */
  name: string;
  family: 'paragraph' | 'text';
  /** What it applies to (documentation and tests). */
  appliesTo: string;
  /** Full `<style:style>` element. */
  xml: string;
}

function def(family: 'paragraph' | 'text', displayName: string, appliesTo: string, attrs: string, body: string): StyleDef {
  const name = styleName(displayName);
  const display = name === displayName ? '' : ` style:display-name="${displayName}"`;
  return {
    displayName,
    name,
    family,
    appliesTo,
    xml: `<style:style style:name="${name}"${display} style:family="${family}"${attrs}>${body}</style:style>`,
  };
}

const p = (props: string): string => (props ? `<style:paragraph-properties ${props}/>` : '');
const pt = (props: string, tabs: string): string => `<style:paragraph-properties ${props}><style:tab-stops>${tabs}</style:tab-stops></style:paragraph-properties>`;
const t = (props: string): string => (props ? `<style:text-properties ${props}/>` : '');
const SANS = 'style:font-name="Liberation Sans"';
const KEEP = 'fo:keep-with-next="always"';

/** The styles writers and templates build on (LibreOffice's own names); injected when a template lacks them. */
export const BASE_STYLES: StyleDef[] = [
  def('paragraph', 'Standard', 'base of every paragraph style', ' style:class="text"', ''),
  def('paragraph', 'Heading', 'base of headings', ' style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"',
    p(`fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" ${KEEP}`) + t(`${SANS} fo:font-size="14pt"`)),
  def('paragraph', 'Text body', 'base of body text', ' style:parent-style-name="Standard" style:class="text"', p('fo:margin-top="0cm" fo:margin-bottom="0.247cm"')),
  def('paragraph', 'Heading 1', 'outline level 1', ' style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="1" style:class="text"',
    t('fo:font-size="130%" fo:font-weight="bold"')),
  def('paragraph', 'Heading 2', 'outline level 2', ' style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="2" style:class="text"',
    t('fo:font-size="115%" fo:font-weight="bold"')),
  def('paragraph', 'Index', 'base of index paragraphs', ' style:parent-style-name="Standard" style:class="index"', ''),
  def('paragraph', 'Contents Heading', 'table of contents title', ' style:parent-style-name="Heading" style:class="index"',
    p('fo:margin-left="0cm" fo:margin-right="0cm" fo:text-indent="0cm"') + t('fo:font-size="16pt" fo:font-weight="bold"')),
  def('paragraph', 'Contents 1', 'table of contents, level 1', ' style:parent-style-name="Index" style:class="index"',
    pt('fo:margin-left="0cm" fo:margin-right="0cm" fo:text-indent="0cm"', '<style:tab-stop style:position="17cm" style:type="right" style:leader-style="dotted" style:leader-text="."/>')),
  def('paragraph', 'Contents 2', 'table of contents, level 2', ' style:parent-style-name="Index" style:class="index"',
    pt('fo:margin-left="0.5cm" fo:margin-right="0cm" fo:text-indent="0cm"', '<style:tab-stop style:position="16.5cm" style:type="right" style:leader-style="dotted" style:leader-text="."/>')),
  def('paragraph', 'Header and Footer', 'base of headers and footers', ' style:parent-style-name="Standard" style:class="extra"', ''),
  def('paragraph', 'Footer', 'page footer', ' style:parent-style-name="Header_20_and_20_Footer" style:class="extra"', ''),
  def('text', 'Index Link', 'links of the table of contents', '', ''),
];

/** The named styles of the booklet, in document order. */
export const BOOKLET_STYLES: StyleDef[] = [
  def('paragraph', 'Booklet Title', 'cover: the event title (on the "Booklet Cover" page style)', ' style:parent-style-name="Standard" style:master-page-name="Booklet_20_Cover" style:class="chapter"',
    p('fo:text-align="center" fo:margin-top="6cm" fo:margin-bottom="1cm"') + t(`${SANS} fo:font-size="26pt" fo:font-weight="bold"`)),
  def('paragraph', 'Booklet Cover Dates', 'cover: the dates of the event', ' style:parent-style-name="Standard" style:class="chapter"',
    p('fo:text-align="center" fo:margin-bottom="0.3cm"') + t(`${SANS} fo:font-size="15pt"`)),
  def('paragraph', 'Booklet Cover Venue', 'cover: the venue', ' style:parent-style-name="Standard" style:class="chapter"',
    p('fo:text-align="center" fo:margin-bottom="0.3cm"') + t(`${SANS} fo:font-size="15pt"`)),
  def('paragraph', 'Booklet Presenter Note', 'cover: the explanation of the presenter mark, e.g. "* presenter"', ' style:parent-style-name="Standard" style:class="chapter"',
    p('fo:text-align="center" fo:margin-top="3cm"') + t('fo:font-size="9pt" fo:font-style="italic"')),
  def('paragraph', 'Booklet Contents Heading', 'title of the table of contents (starts a page in the "Default Page Style")', ' style:parent-style-name="Contents_20_Heading" style:master-page-name="Standard" style:class="index"', ''),
  def('paragraph', 'Booklet Contents 1', 'table of contents: days and the author index', ' style:parent-style-name="Contents_20_1" style:class="index"',
    p('fo:margin-top="0.2cm"') + t('fo:font-weight="bold"')),
  def('paragraph', 'Booklet Contents 2', 'table of contents: session blocks', ' style:parent-style-name="Contents_20_2" style:class="index"', ''),
  def('paragraph', 'Booklet Heading 1', 'a day (outline level 1, starts a page)', ' style:parent-style-name="Heading_20_1" style:next-style-name="Booklet_20_Heading_20_2" style:default-outline-level="1" style:class="text"',
    p(`fo:break-before="page" fo:margin-top="0cm" fo:margin-bottom="0.4cm" fo:padding-bottom="0.1cm" fo:border-bottom="0.5pt solid #000000" ${KEEP}`) + t(`${SANS} fo:font-size="18pt" fo:font-weight="bold"`)),
  def('paragraph', 'Booklet Heading 2', 'a session block: "code — title" (outline level 2)', ' style:parent-style-name="Heading_20_2" style:next-style-name="Booklet_20_Session_20_Info" style:default-outline-level="2" style:class="text"',
    p(`fo:margin-top="0.6cm" fo:margin-bottom="0.15cm" ${KEEP}`) + t(`${SANS} fo:font-size="13pt" fo:font-weight="bold"`)),
  def('paragraph', 'Booklet Session Info', 'a session block: date and time range, room, chairs', ' style:parent-style-name="Standard" style:class="text"',
    p(`fo:margin-top="0cm" fo:margin-bottom="0.05cm" ${KEEP}`) + t('fo:font-size="9.5pt" fo:font-style="italic"')),
  def('paragraph', 'Booklet Contribution Code', 'a contribution: programme code, then time (orals) or board (posters)', ' style:parent-style-name="Standard" style:class="text"',
    pt(`fo:margin-top="0.35cm" fo:margin-bottom="0.05cm" ${KEEP}`, '<style:tab-stop style:position="17cm" style:type="right"/>') + t(`${SANS} fo:font-size="9.5pt" fo:font-weight="bold"`)),
  def('paragraph', 'Booklet Contribution Title', 'a contribution: title', ' style:parent-style-name="Standard" style:class="text"',
    p(`fo:margin-top="0cm" fo:margin-bottom="0.1cm" ${KEEP}`) + t('fo:font-size="11pt" fo:font-weight="bold"')),
  def('paragraph', 'Booklet Authors', 'a contribution: authors grouped by affiliation', ' style:parent-style-name="Standard" style:class="text"',
    p(`fo:margin-top="0cm" fo:margin-bottom="0.1cm" ${KEEP}`) + t('fo:font-size="9.5pt"')),
  def('paragraph', 'Booklet Abstract', 'a contribution: each paragraph of the abstract', ' style:parent-style-name="Standard" style:class="text"',
    p('fo:text-align="justify" fo:margin-top="0cm" fo:margin-bottom="0.1cm" fo:orphans="2" fo:widows="2"') + t('fo:font-size="10pt"')),
  def('paragraph', 'Booklet Abstract Lines', 'a contribution: a line of an abstract paragraph that has line breaks, but its last (justified like the others, no space after: each line is its own paragraph, so nothing is stretched)', ' style:parent-style-name="Booklet_20_Abstract" style:class="text"',
    p('fo:margin-bottom="0cm"')),
  def('paragraph', 'Booklet Custom Field', 'a contribution: a custom field, "name: value"', ' style:parent-style-name="Standard" style:class="text"',
    p('fo:margin-top="0cm" fo:margin-bottom="0.1cm"') + t('fo:font-size="9pt"')),
  def('paragraph', 'Booklet Index Heading', 'title of the author index (outline level 1, starts a page)', ' style:parent-style-name="Heading_20_1" style:default-outline-level="1" style:class="text"',
    p(`fo:break-before="page" fo:margin-top="0cm" fo:margin-bottom="0.4cm" ${KEEP}`) + t(`${SANS} fo:font-size="18pt" fo:font-weight="bold"`)),
  def('paragraph', 'Booklet Index Entry', 'author index (two columns): "Family, Given names", then the programme codes or pages; wrapped lines indented', ' style:parent-style-name="Index" style:class="index"',
    p('fo:margin-left="0.5cm" fo:text-indent="-0.5cm" fo:margin-top="0cm" fo:margin-bottom="0.05cm"') + t('fo:font-size="9pt"')),
  def('paragraph', 'Booklet Footer', 'page footer: the page number', ' style:parent-style-name="Footer" style:class="extra"',
    p('fo:text-align="center"') + t('fo:font-size="9pt"')),
  def('text', 'Booklet Presenter', 'authors: the name and mark of a presenter', '', ''),
  def('text', 'Booklet Affiliation', 'authors: an affiliation', '', t('fo:font-style="italic"')),
  def('text', 'Booklet Custom Field Name', 'custom field: its name', '', t('fo:font-weight="bold"')),
  def('text', 'Booklet Index Name', 'author index: the name of a person', '', ''),
  def('text', 'Booklet Index Code', 'author index: a programme code (a link to the contribution)', '', ''),
];

/** Encoded names, for the writer. */
export const S = Object.fromEntries(BOOKLET_STYLES.map((s) => [s.displayName, s.name])) as Record<string, string>;

export const FONT_FACES: { name: string; xml: string }[] = [
  { name: 'Liberation Serif', xml: `<style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman" style:font-pitch="variable"/>` },
  { name: 'Liberation Sans', xml: `<style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/>` },
];

const DEFAULT_STYLE =
  '<style:default-style style:family="paragraph">' +
  '<style:paragraph-properties fo:orphans="2" fo:widows="2" style:writing-mode="page"/>' +
  '<style:text-properties style:font-name="Liberation Serif" fo:font-size="10.5pt" fo:hyphenate="false"/>' +
  '</style:default-style>';

const OUTLINE_STYLE =
  '<text:outline-style style:name="Outline">' +
  Array.from({ length: 10 }, (_, i) => `<text:outline-level-style text:level="${i + 1}" style:num-format=""/>`).join('') +
  '</text:outline-style>';

/** Width of the text column of a page size (cm). */
export function textWidth(size: PageSize): number {
  const g = PAGE_GEOMETRY[size];
  return Math.round((g.width - 2 * g.side) * 100) / 100;
}

/** The page layout and the master page with a footer; names chosen not to clash with a template's. */
export function pageLayout(size: PageSize = 'A4'): string {
  const g = PAGE_GEOMETRY[size];
  return (
    '<style:page-layout style:name="Booklet_PageLayout">' +
    `<style:page-layout-properties fo:page-width="${g.width}cm" fo:page-height="${g.height}cm" style:print-orientation="portrait" fo:margin-top="${g.top}cm" fo:margin-bottom="${g.bottom}cm" fo:margin-left="${g.side}cm" fo:margin-right="${g.side}cm"/>` +
    '<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/></style:footer-style>' +
    '</style:page-layout>'
  );
}

export const PAGE_LAYOUT = pageLayout('A4');

/**
 * The shipped styles laid out for a page size: right tab stops at the text column's edge (they
 * are written for A4's 17 cm), type scaled (to the nearest half point).
 */
function forPage(xml: string, size: PageSize): string {
  if (size === 'A4') {
    return xml;
  }
  const width = textWidth(size);
  const { scale, height } = PAGE_GEOMETRY[size];
  return xml
    .replace(/style:position="17cm"/g, `style:position="${width}cm"`)
    .replace(/style:position="16\.5cm"/g, `style:position="${Math.round((width - 0.5) * 100) / 100}cm"`)
    .replace(/fo:font-size="([\d.]+)pt"/g, (_m, pt: string) => `fo:font-size="${Math.round(Number(pt) * scale * 2) / 2}pt"`)
    .replace(/fo:margin-top="6cm"/g, `fo:margin-top="${Math.round(6 * scale * (height / 29.7) * 10) / 10}cm"`);
}

export const MASTER_PAGE =
  '<style:master-page style:name="Standard" style:page-layout-name="Booklet_PageLayout">' +
  `<style:footer><text:p text:style-name="${styleName('Booklet Footer')}"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>` +
  '</style:master-page>';

/** The page style of the cover ("Booklet Title" starts it): the page of `layout`, without footer. */
export const COVER_MASTER = 'Booklet_20_Cover';
export function coverMasterPage(layout: string): string {
  return `<style:master-page style:name="${COVER_MASTER}" style:display-name="Booklet Cover" style:page-layout-name="${layout}" style:next-style-name="Standard"/>`;
}

/** The shipped styles.xml, laid out for `size`. */
export function defaultStylesXml(size: PageSize = 'A4'): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<office:document-styles${NS_DECLS} office:version="1.3">` +
    `<office:font-face-decls>${FONT_FACES.map((f) => f.xml).join('')}</office:font-face-decls>` +
    `<office:styles>${forPage(DEFAULT_STYLE + BASE_STYLES.map((s) => s.xml).join('') + BOOKLET_STYLES.map((s) => s.xml).join(''), size)}${OUTLINE_STYLE}</office:styles>` +
    `<office:automatic-styles>${pageLayout(size)}</office:automatic-styles>` +
    `<office:master-styles>${MASTER_PAGE}${coverMasterPage('Booklet_PageLayout')}</office:master-styles>` +
    '</office:document-styles>'
  );
}
