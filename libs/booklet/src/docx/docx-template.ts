// A .docx template, unzipped once (fflate) and kept as the XML parts docxtemplater needs plus the
// untouched binary parts. The shipped template is read lazily from templates/ and cached.
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { BookletTemplateError } from '../options.js';
import { GENERATED_STYLE_IDS } from './docx-styles.js';

export interface PreparedTemplate {
  /** XML parts (`.xml`, `.rels`) as text: what docxtemplater reads and rewrites. */
  texts: Map<string, string>;
  /** Every part as stored in the template (XML parts included, for unchanged parts). */
  bytes: Map<string, Uint8Array>;
}

const TEXT_PART = /\.(xml|rels)$/i;
const STYLES_PART = 'word/styles.xml';

let shipped: PreparedTemplate | undefined;
let shippedStyles: Map<string, string> | undefined;

/** The shipped template's bytes (templates/booklet-template.docx, next to dist/ and src/). */
export function shippedTemplateBytes(): Uint8Array {
  return readFileSync(new URL('../../templates/booklet-template.docx', import.meta.url));
}

/** The shipped template, prepared once. */
export function shippedTemplate(): PreparedTemplate {
  shipped ??= prepare(shippedTemplateBytes(), false);
  return shipped;
}

/** An organiser's template: unzipped, checked, and completed with the styles the writer needs. */
export function organiserTemplate(bytes: Uint8Array): PreparedTemplate {
  return prepare(bytes, true);
}

function prepare(data: Uint8Array, complete: boolean): PreparedTemplate {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data);
  } catch (error) {
    throw new BookletTemplateError(`The DOCX template is not a .docx file (not a readable zip archive: ${(error as Error).message})`, [
      { path: 'options.template.docx', reason: 'is not a .docx file (not a readable zip archive)' },
    ]);
  }
  if (!files['[Content_Types].xml'] || !files['word/document.xml']) {
    throw new BookletTemplateError('The DOCX template is not a .docx file (no [Content_Types].xml or word/document.xml)', [
      { path: 'options.template.docx', reason: 'is not a .docx file (no [Content_Types].xml or word/document.xml)' },
    ]);
  }
  const bytes = new Map<string, Uint8Array>();
  const texts = new Map<string, string>();
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith('/')) continue; // directory entries
    bytes.set(name, content);
    if (TEXT_PART.test(name)) texts.set(name, strFromU8(content));
  }
  if (complete) {
    const before = new Map(texts);
    completeStyles(texts);
    for (const [name, text] of texts) if (before.get(name) !== text) bytes.set(name, strToU8(text));
  }
  return { texts, bytes };
}

/** `w:style` elements of a styles.xml by styleId. */
function stylesById(stylesXml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of stylesXml.matchAll(/<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*?(?:\/>|>[\s\S]*?<\/w:style>)/g)) out.set(m[1]!, m[0]);
  return out;
}

/**
 * Adds to an organiser's styles.xml the definitions (from the shipped template) of the styles the
 * generated XML uses and the template lacks, with the styles they are based on, so every element
 * keeps a named style whatever template is used. A template without styles.xml gets the shipped one.
 */
function completeStyles(texts: Map<string, string>): void {
  shippedStyles ??= stylesById(shippedTemplate().texts.get(STYLES_PART)!);
  const current = texts.get(STYLES_PART);
  if (current === undefined) {
    texts.set(STYLES_PART, shippedTemplate().texts.get(STYLES_PART)!);
    const ct = texts.get('[Content_Types].xml')!;
    if (!ct.includes('/word/styles.xml')) {
      texts.set('[Content_Types].xml', ct.replace('</Types>', '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>'));
    }
    const relsName = 'word/_rels/document.xml.rels';
    const rels = texts.get(relsName) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    texts.set(relsName, rels.replace('</Relationships>', '<Relationship Id="rIdJpspStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'));
    return;
  }
  const present = stylesById(current);
  const missing: string[] = [];
  const add = (id: string): void => {
    if (present.has(id) || missing.includes(id)) return;
    const def = shippedStyles!.get(id);
    if (!def) return;
    missing.push(id);
    const basedOn = /<w:basedOn w:val="([^"]+)"/.exec(def)?.[1];
    if (basedOn) add(basedOn);
  };
  for (const id of GENERATED_STYLE_IDS) add(id);
  if (missing.length === 0) return;
  const defs = missing.map((id) => shippedStyles!.get(id)!).join('');
  const at = current.lastIndexOf('</w:styles>');
  if (at < 0) throw new BookletTemplateError('The DOCX template has an unreadable word/styles.xml', [{ path: 'options.template.docx', reason: 'word/styles.xml has no </w:styles>' }]);
  texts.set(STYLES_PART, current.slice(0, at) + defs + current.slice(at));
}
