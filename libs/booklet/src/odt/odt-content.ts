// content.xml of the booklet, built in one pass into an array of strings.
import { printedIndexName } from '../model/author-index.js';
import { splitLines } from '../markup/markup.js';
import type { Block, BookletModel, Contribution, Day, IndexEntry, RichParagraph } from '../model.js';
import { NS_DECLS, S, styleName } from './odt-styles.js';
import { escapeXml as x } from '../xml/xml-text.js';

/** Bookmark of the author index heading (model anchors are unique among themselves; this one is namespaced). */
export const AUTHOR_INDEX_ANCHOR = 'booklet-author-index';
/** `text:name` of the table of contents. */
export const TOC_NAME = 'Booklet Contents';

// Automatic text styles for abstract runs: index = bold | italic << 1 | position << 2 (0 none, 1 sup, 2 sub).
const RUN_STYLES: string[] = [];
const RUN_STYLE_XML: string[] = [];
for (let i = 1; i < 12; i++) {
  const bold = i & 1;
  const italic = i & 2;
  const pos = i >> 2;
  const props =
    (bold ? ' fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"' : '') +
    (italic ? ' fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"' : '') +
    (pos === 1 ? ' style:text-position="super 58%"' : pos === 2 ? ' style:text-position="sub 58%"' : '');
  RUN_STYLES[i] = `T${i}`;
  RUN_STYLE_XML.push(`<style:style style:name="T${i}" style:family="text"><style:text-properties${props}/></style:style>`);
}

const P = (style: string, inner: string): string => `<text:p text:style-name="${style}">${inner}</text:p>`;
const bookmark = (anchor: string): string => `<text:bookmark text:name="${x(anchor)}"/>`;
const link = (anchor: string, style: string, inner: string): string =>
  `<text:a xlink:type="simple" xlink:href="#${x(anchor)}" text:style-name="${style}" text:visited-style-name="${style}">${inner}</text:a>`;

const INDEX_LINK = styleName('Index Link');

/**
 * A prefilled TOC entry: the heading linked to its bookmark, a tab, and its page number as a
 * page-reference field, which LibreOffice computes when it lays the document out (on opening, and
 * in a headless PDF conversion); "Update index" later replaces the entry with its own.
 */
const tocEntry = (anchor: string, text: string): string =>
  link(anchor, INDEX_LINK, `${text}<text:tab/><text:bookmark-ref text:reference-format="page" text:ref-name="${x(anchor)}"></text:bookmark-ref>`);

/** One line of a paragraph as markup (`splitLines` took the line breaks out). */
function richLine(runs: RichParagraph): string {
  let out = '';
  for (const run of runs) {
    if (!run.text) {
      continue;
    }
    const i = (run.bold ? 1 : 0) | (run.italic ? 2 : 0) | (run.sup ? 4 : run.sub ? 8 : 0);
    out += i ? `<text:span text:style-name="${RUN_STYLES[i]}">${x(run.text)}</text:span>` : x(run.text);
  }
  return out;
}

function dayHeading(model: BookletModel, day: Day): string {
  return day.heading || (day.key === 'unscheduled' ? model.labels.unscheduled : day.key);
}

function blockHeading(block: Block): string {
  return block.heading || block.title || block.code;
}

/** The mark printed after a presenter's name: the leading symbol of `labels.presenterNote` ("* presenter"), else "*". */
export function presenterMark(note: string): string {
  return /^\s*([^\p{L}\p{N}\s]+)/u.exec(note)?.[1] ?? '*';
}

function toc(model: BookletModel, out: string[]): void {
  const { labels } = model;
  const c1 = S['Booklet Contents 1'];
  const c2 = S['Booklet Contents 2'];
  const head = S['Booklet Contents Heading'];
  const entryTemplate = (level: number, style: string): string =>
    `<text:table-of-content-entry-template text:outline-level="${level}" text:style-name="${style}">` +
    `<text:index-entry-link-start text:style-name="${INDEX_LINK}"/><text:index-entry-text/>` +
    '<text:index-entry-tab-stop style:type="right" style:leader-char="."/><text:index-entry-page-number/>' +
    '<text:index-entry-link-end/></text:table-of-content-entry-template>';
  out.push(
    `<text:table-of-content text:protected="true" text:name="${TOC_NAME}">`,
    '<text:table-of-content-source text:outline-level="2" text:use-outline-level="true" text:use-index-marks="false">',
    `<text:index-title-template text:style-name="${head}">${x(labels.contents)}</text:index-title-template>`,
    entryTemplate(1, c1),
    entryTemplate(2, c2),
    '</text:table-of-content-source><text:index-body>',
    `<text:index-title text:name="${TOC_NAME}_Head">${P(head, x(labels.contents))}</text:index-title>`,
  );
  // Prefilled with every heading the index would collect (outline levels 1–2), linked to their
  // bookmarks, with page-reference fields for the page numbers.
  for (const day of model.days) {
    out.push(P(c1, tocEntry(day.anchor, x(dayHeading(model, day)))));
    for (const block of day.blocks) {
      const heading = blockHeading(block);
      if (heading) {
        out.push(P(c2, tocEntry(block.anchor, x(heading))));
      }
    }
  }
  if (model.authorIndex.length) {
    out.push(P(c1, tocEntry(AUTHOR_INDEX_ANCHOR, x(labels.authorIndex))));
  }
  out.push('</text:index-body></text:table-of-content>');
}

function block(model: BookletModel, b: Block, mark: string, anchors: Map<string, string>, out: string[]): void {
  const { labels } = model;
  const info = S['Booklet Session Info'];
  const heading = blockHeading(b);
  if (heading) {
    out.push(`<text:h text:style-name="${S['Booklet Heading 2']}" text:outline-level="2">${bookmark(b.anchor)}${x(heading)}</text:h>`);
  }
  const when = b.date && b.timeRange ? `${b.date}, ${b.timeRange}` : b.date || b.timeRange;
  if (when) {
    out.push(P(info, x(when)));
  }
  if (b.room) {
    out.push(P(info, x(labels.room ? `${labels.room}: ${b.room}` : b.room)));
  }
  if (b.chairs.length) {
    const label = b.chairs.length > 1 ? labels.chairs : labels.chair;
    const chairs = b.chairs.join(', ');
    out.push(P(info, x(label ? `${label}: ${chairs}` : chairs)));
  }
  for (const c of b.contributions) {
    contribution(model, c, mark, anchors, out);
  }
}

function contribution(model: BookletModel, c: Contribution, mark: string, anchors: Map<string, string>, out: string[]): void {
  const { labels } = model;
  const key = c.code || c.title;
  if (key && !anchors.has(key)) {
    anchors.set(key, c.anchor);
  }
  const detail = c.isPoster ? (c.board ? (labels.board ? `${labels.board}\u00a0${c.board}` : c.board) : '') : c.time;
  let anchorPending = true;
  if (c.code || detail) {
    out.push(P(S['Booklet Contribution Code'], bookmark(c.anchor) + x(c.code) + (detail ? `<text:tab/>${x(detail)}` : '')));
    anchorPending = false;
  }
  if (c.title || anchorPending) {
    out.push(P(S['Booklet Contribution Title'], (anchorPending ? bookmark(c.anchor) : '') + x(c.title)));
  }
  if (c.authorGroups.length) {
    const presenter = S['Booklet Presenter'];
    const affiliation = S['Booklet Affiliation'];
    let authors = '';
    for (const group of c.authorGroups) {
      let names = '';
      for (const a of group.authors) {
        if (!a.name) {
          continue;
        }
        if (names) {
          names += ', ';
        }
        names += a.presenter ? `<text:span text:style-name="${presenter}">${x(a.name)}${x(mark)}</text:span>` : x(a.name);
      }
      if (!names) {
        continue;
      }
      if (authors) {
        authors += '; ';
      }
      authors += group.affiliation ? `${names} <text:span text:style-name="${affiliation}">(${x(group.affiliation)})</text:span>` : names;
    }
    if (authors) {
      out.push(P(S['Booklet Authors'], authors));
    }
  }
  const abstract = S['Booklet Abstract'];
  const abstractLines = S['Booklet Abstract Lines'];
  // One rule for every abstract: justified. A paragraph with line breaks becomes one paragraph per
  // line (a justified line before a manual break would be stretched): "Booklet Abstract Lines"
  // (no space after) for all but its last line, which is a "Booklet Abstract".
  for (const para of c.abstract) {
    const lines = splitLines(para).map(richLine).filter((inner) => inner !== '');
    lines.forEach((inner, i) => out.push(P(i < lines.length - 1 ? abstractLines : abstract, inner)));
  }
  for (const field of c.customFields) {
    if (!field.value) {
      continue;
    }
    out.push(P(S['Booklet Custom Field'], `<text:span text:style-name="${S['Booklet Custom Field Name']}">${x(field.name)}:</text:span> ${x(field.value)}`));
  }
}

/** The author index flows in two columns (one would take a fifth of the booklet; see docs/booklet.md). */
const INDEX_COLUMNS = 'Booklet_IndexColumns';
const INDEX_COLUMNS_XML =
  `<style:style style:name="${INDEX_COLUMNS}" style:family="section"><style:section-properties text:dont-balance-text-columns="false">` +
  '<style:columns fo:column-count="2" fo:column-gap="0.6cm"/></style:section-properties></style:style>';

function authorIndex(model: BookletModel, entries: IndexEntry[], anchors: Map<string, string>, out: string[]): void {
  out.push(`<text:h text:style-name="${S['Booklet Index Heading']}" text:outline-level="1">${bookmark(AUTHOR_INDEX_ANCHOR)}${x(model.labels.authorIndex)}</text:h>`);
  out.push(`<text:section text:style-name="${INDEX_COLUMNS}" text:name="${x(model.labels.authorIndex)}">`);
  const entry = S['Booklet Index Entry'];
  const name = S['Booklet Index Name'];
  const code = S['Booklet Index Code'];
  const pages = model.layout.index === 'pages';
  for (const e of entries) {
    let refs = '';
    for (const c of e.codes) {
      if (refs) {
        refs += ', ';
      }
      const anchor = anchors.get(c);
      if (pages && anchor) {
        // The page the contribution starts on, filled by LibreOffice when it opens the file (as the TOC's).
        refs += `<text:span text:style-name="${code}"><text:bookmark-ref text:reference-format="page" text:ref-name="${x(anchor)}">?</text:bookmark-ref></text:span>`;
      } else {
        refs += anchor ? link(anchor, code, x(c)) : `<text:span text:style-name="${code}">${x(c)}</text:span>`;
      }
    }
    // "Name, codes" with a hanging indent: the codes wrap under the name, not into a second column.
    out.push(P(entry, `<text:span text:style-name="${name}">${x(printedIndexName(e))}</text:span>\u2002${refs}`));
  }
  out.push('</text:section>');
}

function hasPresenter(model: BookletModel): boolean {
  for (const day of model.days) {
    for (const b of day.blocks) {
      for (const c of b.contributions) {
        for (const g of c.authorGroups) {
          for (const a of g.authors) {
            if (a.presenter) {
              return true;
            }
          }
        }
      }
    }
  }
  return false;
}

/** content.xml as a string (tests, tools). */
export function contentXml(model: BookletModel): string {
  return contentParts(model).join('');
}

/** content.xml as the list of its pieces, in order (encoded piece by piece by the writer: see utf8()). */
export function contentParts(model: BookletModel): string[] {
  const { event, labels } = model;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<office:document-content${NS_DECLS} office:version="1.3">`,
    `<office:automatic-styles>${RUN_STYLE_XML.join('')}${INDEX_COLUMNS_XML}</office:automatic-styles>`,
    '<office:body><office:text>',
  ];
  // Cover.
  out.push(P(S['Booklet Title'], x(event.title)));
  if (event.dates) {
    out.push(P(S['Booklet Cover Dates'], x(event.dates)));
  }
  if (event.venue) {
    out.push(P(S['Booklet Cover Venue'], x(event.venue)));
  }
  const mark = presenterMark(labels.presenterNote);
  if (labels.presenterNote && hasPresenter(model)) {
    out.push(P(S['Booklet Presenter Note'], x(labels.presenterNote)));
  }
  toc(model, out);
  // Programme.
  const anchors = new Map<string, string>();
  for (const day of model.days) {
    out.push(`<text:h text:style-name="${S['Booklet Heading 1']}" text:outline-level="1">${bookmark(day.anchor)}${x(dayHeading(model, day))}</text:h>`);
    for (const b of day.blocks) {
      block(model, b, mark, anchors, out);
    }
  }
  if (model.authorIndex.length) {
    authorIndex(model, model.authorIndex, anchors, out);
  }
  out.push('</office:text></office:body></office:document-content>');
  return out;
}
