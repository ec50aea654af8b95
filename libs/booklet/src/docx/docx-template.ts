// A .docx template, unzipped once (fflate) and kept as the XML parts docxtemplater needs plus the
// untouched binary parts. The shipped template is read lazily from templates/ and cached.
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { BookletTemplateError } from '../options.js';
import { GENERATED_STYLE_IDS, STYLE, type StyleIds } from './docx-styles.js';
import { SHIPPED_TEMPLATE_BASE64 } from './shipped-template.generated.js';

export interface PreparedTemplate {
  /** XML parts (`.xml`, `.rels`) as text: what docxtemplater reads and rewrites. */
  texts: Map<string, string>;
  /** Every part as stored in the template (XML parts included, for unchanged parts). */
  bytes: Map<string, Uint8Array>;
  /** The style ids the generated XML must use with this template. */
  ids: StyleIds;
}

const TEXT_PART = /\.(xml|rels)$/i;
/** Limits of an organiser's template once unzipped (Word templates are a few hundred kB). */
const MAX_PART_BYTES = 64 * 1024 * 1024;
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

class TemplateTooLarge extends Error {
  constructor(
    readonly part: string,
    readonly size: number,
  ) {
    super(`${part} is too large`);
  }
}
const STYLES_PART = 'word/styles.xml';

let shipped: PreparedTemplate | undefined;
let shippedStyles: Map<string, string> | undefined;

/** The shipped template's bytes (the same as templates/booklet-template.docx; no file is read). */
export function shippedTemplateBytes(): Uint8Array {
  return Buffer.from(SHIPPED_TEMPLATE_BASE64, 'base64');
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
  let total = 0;
  try {
    // Sizes as the archive declares them, checked before inflating (no zip bomb in a worker).
    files = unzipSync(data, {
      filter: (f) => {
        total += f.originalSize;
        if (f.originalSize > MAX_PART_BYTES || total > MAX_TOTAL_BYTES) {
          throw new TemplateTooLarge(f.name, f.originalSize);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof TemplateTooLarge) {
      const reason = `is too large once unzipped (${error.part}: ${error.size} bytes; at most ${MAX_PART_BYTES} per part, ${MAX_TOTAL_BYTES} in all)`;
      throw new BookletTemplateError(`The DOCX template ${reason}`, [{ path: 'options.template.docx', reason }]);
    }
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
    if (name.endsWith('/')) { // directory entries
      continue;
    }
    bytes.set(name, content);
    if (TEXT_PART.test(name)) {
      texts.set(name, strFromU8(content));
    }
  }
  let ids: StyleIds = { ...STYLE };
  if (complete) {
    const before = new Map(texts);
    acceptDocumentType(texts);
    ids = completeStyles(texts);
    for (const [name, text] of texts) {
      if (before.get(name) !== text) {
        bytes.set(name, strToU8(text));
      }
    }
  }
  return { texts, bytes, ids };
}

/** `w:style` elements of a styles.xml by styleId. */
function stylesById(stylesXml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of stylesXml.matchAll(/<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*?(?:\/>|>[\s\S]*?<\/w:style>)/g)) {
    out.set(m[1], m[0]);
  }
  return out;
}

const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const DOTX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml';

/**
 * A Word template (.dotx) is accepted: its main part becomes a document's, so the output opens as
 * the .docx it is named. Macro-enabled files (.docm/.dotm) are refused: the booklet carries no macros.
 */
function acceptDocumentType(texts: Map<string, string>): void {
  const types = texts.get('[Content_Types].xml')!;
  if (/macroEnabled/i.test(types)) {
    throw new BookletTemplateError('The DOCX template is macro-enabled (.docm/.dotm); save it as a Word Document (.docx) or Template (.dotx)', [
      { path: 'options.template.docx', reason: 'is macro-enabled (.docm/.dotm); save it as .docx or .dotx' },
    ]);
  }
  if (types.includes(DOTX_MAIN)) {
    texts.set('[Content_Types].xml', types.split(DOTX_MAIN).join(DOCX_MAIN));
  }
}

const nameOf = (styleXml: string): string => /<w:name w:val="([^"]*)"/.exec(styleXml)?.[1]?.toLowerCase() ?? '';

/**
 * Makes an organiser's styles.xml hold every style the generated XML uses, and returns the ids to
 * use. A style the template has (same id) is used as is. A built-in style the template has under
 * another id — Word localises the ids of built-in styles ("toc 1" is `TOC1` in English Word,
 * `Sommario1` in Italian Word) — is used under the template's id. Any other style is added with
 * its shipped definition, and so are the styles it is based on, so every element keeps a named
 * style whatever template is used. A template without styles.xml gets the shipped one.
 */
function completeStyles(texts: Map<string, string>): StyleIds {
  const ids: StyleIds = { ...STYLE };
  const shippedXml = shippedTemplate().texts.get(STYLES_PART)!;
  shippedStyles ??= stylesById(shippedXml);
  const current = texts.get(STYLES_PART);
  if (current === undefined) {
    texts.set(STYLES_PART, shippedXml);
    const ct = texts.get('[Content_Types].xml')!;
    if (!ct.includes('/word/styles.xml')) {
      texts.set('[Content_Types].xml', ct.replace('</Types>', '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>'));
    }
    const relsName = 'word/_rels/document.xml.rels';
    const rels = texts.get(relsName) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    texts.set(relsName, rels.replace('</Relationships>', '<Relationship Id="rIdJpspStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'));
    return ids;
  }
  const present = stylesById(current);
  const idByName = new Map<string, string>();
  for (const [id, xml] of present) {
    if (!idByName.has(nameOf(xml))) {
      idByName.set(nameOf(xml), id);
    }
  }
  const resolved = new Map<string, string>();
  const added: string[] = [];
  const resolve = (id: string): string => {
    const known = resolved.get(id);
    if (known !== undefined) {
      return known;
    }
    const def = shippedStyles!.get(id);
    if (present.has(id) || def === undefined) {
      resolved.set(id, id);
      return id;
    }
    const sameName = idByName.get(nameOf(def));
    if (sameName !== undefined) {
      resolved.set(id, sameName);
      return sameName;
    }
    resolved.set(id, id);
    let xml = def;
    for (const m of def.matchAll(/<w:(basedOn|next|link) w:val="([^"]+)"\/>/g)) {
      const target = resolve(m[2]);
      if (target !== m[2]) {
        xml = xml.replace(m[0], `<w:${m[1]} w:val="${target}"/>`);
      }
    }
    added.push(xml);
    return id;
  };
  for (const key of GENERATED_STYLE_IDS) {
    ids[key] = resolve(STYLE[key]);
  }
  if (added.length === 0) {
    return ids;
  }
  const at = current.lastIndexOf('</w:styles>');
  if (at < 0) {
    throw new BookletTemplateError('The DOCX template has an unreadable word/styles.xml', [{ path: 'options.template.docx', reason: 'word/styles.xml has no </w:styles>' }]);
  }
  texts.set(STYLES_PART, current.slice(0, at) + added.join('') + current.slice(at));
  return ids;
}
