// WordprocessingML fragments the DOCX writer emits through docxtemplater's raw-XML tags.
// Every piece of model text goes through `text()`/`escapeXml()`: input never becomes markup.
import type { RichParagraph, Run } from '../model.js';
import { splitLines } from '../markup/markup.js';
import { escapeXml } from '../xml/xml-text.js';
import { STYLE, type StyleIds } from './docx-styles.js';

/** Anything text() must look at: what escapeXml changes, and tab, LF, CR. */
const NEEDS_ESCAPE = /[&<>"\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * The inner content of a run for `value`: `<w:t>` with tabs as `<w:tab/>` and line breaks
 * (LF, CR LF, CR) as `<w:br/>`.
 */
export function text(value: string): string {
  if (value === '') {
    return '';
  }
  // One scan for the common case: nothing to escape, no tab, no line break.
  if (!NEEDS_ESCAPE.test(value)) {
    return `<w:t xml:space="preserve">${value}</w:t>`;
  }
  if (!/[\t\r\n]/.test(value)) {
    return `<w:t xml:space="preserve">${escapeXml(value)}</w:t>`;
  }
  let out = '';
  for (const piece of value.split(/(\t|\r\n|\r|\n)/)) {
    if (piece === '\t') {
      out += '<w:tab/>';
    } else if (piece === '\n' || piece === '\r' || piece === '\r\n') {
      out += '<w:br/>';
    } else if (piece !== '') {
      out += `<w:t xml:space="preserve">${escapeXml(piece)}</w:t>`;
    }
  }
  return out;
}

/** A run of plain text, optionally in a character style. */
export function run(value: string, charStyle?: string): string {
  if (value === '') {
    return '';
  }
  return charStyle ? `<w:r><w:rPr><w:rStyle w:val="${charStyle}"/></w:rPr>${text(value)}</w:r>` : `<w:r>${text(value)}</w:r>`;
}

/** `<w:p>` in a paragraph style around already-built runs. */
export function paragraph(style: string, content: string): string {
  return `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr>${content}</w:p>`;
}

/** A rich run: bold/italic/superscript/subscript as real Word formatting (schema order of rPr). */
export function richRun(r: Run): string {
  if (r.br) {
    return '<w:r><w:br/></w:r>';
  }
  if (r.text === '') {
    return '';
  }
  let rPr = '';
  if (r.bold) {
    rPr += '<w:b/><w:bCs/>';
  }
  if (r.italic) {
    rPr += '<w:i/><w:iCs/>';
  }
  if (r.sup) {
    rPr += '<w:vertAlign w:val="superscript"/>';
  } else if (r.sub) {
    rPr += '<w:vertAlign w:val="subscript"/>';
  }
  return rPr ? `<w:r><w:rPr>${rPr}</w:rPr>${text(r.text)}</w:r>` : `<w:r>${text(r.text)}</w:r>`;
}

function sameFormat(a: Run, b: Run): boolean {
  return !a.br && !b.br && !a.bold === !b.bold && !a.italic === !b.italic && !a.sup === !b.sup && !a.sub === !b.sub;
}

/**
 * Abstract paragraphs in "Booklet Abstract", all justified: a paragraph with line breaks becomes
 * one paragraph per line (a justified line before a manual break would be stretched), each a
 * "Booklet Abstract Lines" but the last; empty lines are dropped. Adjacent runs with the same
 * formatting become one `<w:r>` (smaller XML, faster to zip and open).
 */
export function abstractXml(paragraphs: readonly RichParagraph[], ids: Pick<StyleIds, 'abstract' | 'abstractLines'> = STYLE): string {
  let out = '';
  for (const para of paragraphs) {
    const lines = splitLines(para)
      .map((line) => lineXml(line))
      .filter((runs) => runs !== undefined);
    lines.forEach((runs, i) => {
      out += paragraph(i < lines.length - 1 ? ids.abstractLines : ids.abstract, runs);
    });
  }
  return out;
}

/** The runs of one line (same-format runs merged), or undefined when it holds no text. */
function lineXml(p: RichParagraph): string | undefined {
  let runs = '';
  let hasText = false;
  for (let i = 0; i < p.length; i++) {
    let r = p[i];
    if (!r.br && r.text.trim() !== '') {
      hasText = true;
    }
    if (i + 1 < p.length && sameFormat(r, p[i + 1])) {
      let merged = r.text;
      while (i + 1 < p.length && sameFormat(r, p[i + 1])) {
        merged += p[++i].text;
      }
      r = { ...r, text: merged };
      if (merged.trim() !== '') {
        hasText = true;
      }
    }
    runs += richRun(r);
  }
  return hasText ? runs : undefined;
}

/** A bookmark around `content` (w:id must be unique in the document). */
export function bookmark(id: number, name: string, content: string): string {
  return `<w:bookmarkStart w:id="${id}" w:name="${name}"/>${content}<w:bookmarkEnd w:id="${id}"/>`;
}

/** An internal hyperlink to a bookmark. */
export function link(bookmarkName: string, content: string): string {
  return `<w:hyperlink w:anchor="${bookmarkName}" w:history="1">${content}</w:hyperlink>`;
}

/** A complex field `instruction` whose cached result is `result` (runs); `result` may be ''. */
export function field(instruction: string, result: string): string {
  return (
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${escapeXml(instruction)} </w:instrText></w:r>` +
    `<w:r><w:fldChar w:fldCharType="separate"/></w:r>${result}<w:r><w:fldChar w:fldCharType="end"/></w:r>`
  );
}

export interface TocEntry {
  level: 1 | 2;
  text: string;
  bookmark: string;
}

/**
 * The table of contents field, as Word's own "Insert Table of Contents" writes it: outline levels
 * 1–2 (\o, and \u for the outline level of any style: Booklet Heading 1/2 and Booklet Index
 * Heading carry theirs), entries hyperlinked (\h).
 */
export const TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u';

/**
 * A real TOC field (TOC_INSTRUCTION) whose cached result already lists `entries` (styles "toc 1"
 * and "toc 2"), each hyperlinked to its heading's bookmark, with a PAGEREF page-number field left
 * empty: Word and LibreOffice show the list as is and fill in the page numbers on "Update
 * field/index". The field begins in the first entry's paragraph and ends in a paragraph of its own.
 */
export function tocXml(entries: readonly TocEntry[], ids: Pick<StyleIds, 'toc1' | 'toc2'> = STYLE): string {
  const begin =
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${escapeXml(TOC_INSTRUCTION)} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`;
  const end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>';
  if (entries.length === 0) {
    return paragraph(ids.toc1, begin + end);
  }
  let out = '';
  entries.forEach((e, i) => {
    const content = `<w:r>${text(e.text)}</w:r><w:r><w:tab/></w:r>${field(`PAGEREF ${e.bookmark} \\h`, '')}`;
    out += paragraph(e.level === 1 ? ids.toc1 : ids.toc2, (i === 0 ? begin : '') + link(e.bookmark, content));
  });
  return out + paragraph(ids.toc2, end);
}
