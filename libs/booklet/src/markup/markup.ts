import type { RichParagraph } from '../model.js';
import { cleanLine, cleanText } from './clean-text.js';
import { Parser } from './markup-parser.js';
import { SUBSCRIPT, SUPERSCRIPT } from './markup-tables.js';

export { cleanLine, cleanText } from './clean-text.js';

/**
 * Abstract text → paragraphs of runs, rendering a SAFE SUBSET and printing everything else as
 * literal text (the writers escape it; input never becomes markup):
 * - paragraphs: blank lines, HTML `<p>`/`<div>`/`<li>`/headings; line breaks: a single newline,
 *   `<br>`, LaTeX `\\`;
 * - bold: `<b>`, `<strong>`, Markdown `**x**`; italic: `<i>`, `<em>`, Markdown `*x*`;
 * - superscript/subscript: `<sup>`/`<sub>`, LaTeX `^{…}`/`_{…}` (also `^x`/`_x` inside `$…$`);
 * - LaTeX Greek letters and common symbols (`\mu`, `\times`, `\leq`, `^\circ`, `\AA`…) as Unicode;
 *   `\mathrm{…}`, `\text{…}` and braces unwrap; `$` delimiters disappear;
 * - other HTML tags (`<span …>`, `<font>`, `<a>`): the tag is dropped, its text kept;
 *   `<script>`/`<style>`: dropped with their content; HTML comments dropped;
 * - a `<` that does not open a known HTML tag (`a < b`, `<220>`) stays literal, as do unknown
 *   entities, unknown LaTeX commands and unmatched `$`, `*`, `_`, `^`.
 */
export function parseAbstract(text: string): RichParagraph[] {
  const s = cleanText(text);
  if (s.trim() === '') {
    return [];
  }
  const p = new Parser(s);
  p.parse(0, s.length, false);
  return p.finish();
}

const MAYBE_MARKUP = /[<&$\\_^*]/;

/**
 * A one-line text that may carry the abstract markup (titles: "(TaSe$_4$)$_2$I", "CO<sub>2</sub>")
 * as plain text: the same safe subset, sub/superscripts as Unicode sub/superscript characters
 * when every character has one ("(TaSe₄)₂I"), else as the plain characters; no bold or italic.
 */
export function plainLine(value: string): string {
  const line = cleanLine(value);
  if (!MAYBE_MARKUP.test(line)) {
    return line;
  }
  const out: string[] = [];
  for (const para of parseAbstract(line)) {
    if (out.length > 0) {
      out.push(' ');
    }
    for (const run of para) {
      if (run.br) {
        out.push(' ');
        continue;
      }
      const table = run.sup ? SUPERSCRIPT : run.sub ? SUBSCRIPT : undefined;
      if (table && [...run.text].every((ch) => ch in table)) {
        out.push([...run.text].map((ch) => table[ch]).join(''));
      } else {
        out.push(run.text);
      }
    }
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** A paragraph split at its line breaks: one run list per line (the `br` runs dropped). */
export function splitLines(paragraph: RichParagraph): RichParagraph[] {
  const lines: RichParagraph[] = [[]];
  for (const run of paragraph) {
    if (run.br) {
      lines.push([]);
    } else {
      lines[lines.length - 1].push(run);
    }
  }
  return lines;
}
