// Page size and the author index's two columns for a rendered DOCX: string edits of the shipped
// template (page size, tab stops, type scale) and of the rendered document's last section.
import { strToU8 } from 'fflate';
import type { PageSize } from '../options.js';
import { PAGE_GEOMETRY, twips } from '../page-geometry.js';
import type { PreparedTemplate } from './docx-template.js';

/** The right tab stops of the shipped template sit at its A4 text width (scripts/make-docx-template.mjs: TEXT_WIDTH). */
const TEXT_WIDTH_A4 = 11906 - 2 * 1134;

/** The shipped template laid out for `size` (A4 is the template as shipped). */
export function forPageSize(template: PreparedTemplate, size: PageSize): PreparedTemplate {
  if (size === 'A4') {
    return template;
  }
  const g = PAGE_GEOMETRY[size];
  const side = twips(g.side);
  const texts = new Map(template.texts);
  const bytes = new Map(template.bytes);
  const edit = (name: string, change: (xml: string) => string): void => {
    const xml = texts.get(name);
    if (xml !== undefined) {
      const next = change(xml);
      texts.set(name, next);
      bytes.set(name, strToU8(next));
    }
  };
  edit('word/document.xml', (xml) =>
    xml
      .replace(/<w:pgSz [^>]*\/>/, `<w:pgSz w:w="${g.twips.w}" w:h="${g.twips.h}"/>`)
      .replace(/<w:pgMar w:top="\d+" w:right="\d+" w:bottom="\d+" w:left="\d+"/, `<w:pgMar w:top="${twips(g.top)}" w:right="${side}" w:bottom="${twips(g.bottom)}" w:left="${side}"`),
  );
  const width = g.twips.w - 2 * side;
  edit('word/styles.xml', (xml) =>
    xml
      .replace(new RegExp(`w:pos="${TEXT_WIDTH_A4}"`, 'g'), `w:pos="${width}"`)
      .replace(new RegExp(`w:pos="${TEXT_WIDTH_A4 - 283}"`, 'g'), `w:pos="${width - 283}"`)
      .replace(/<w:(sz|szCs) w:val="(\d+)"\/>/g, (_m, tag: string, half: string) => `<w:${tag} w:val="${Math.round(Number(half) * g.scale)}"/>`),
  );
  return { ...template, texts, bytes };
}

const decoder = new TextDecoder();

/**
 * The author index in two columns: the section that ends with the index heading keeps the
 * document's page settings in one column; the last section (the entries) continues on the same
 * page in two columns. `document` is the rendered word/document.xml; `heading` the index
 * heading's bookmark name. Returns the document unchanged when either is not found.
 */
export function indexInColumns(document: Uint8Array, heading: string): Uint8Array {
  const buffer = Buffer.from(document.buffer, document.byteOffset, document.byteLength);
  const last = buffer.lastIndexOf('<w:sectPr');
  const mark = buffer.lastIndexOf(`w:name="${heading}"`);
  if (last < 0 || mark < 0 || mark > last) {
    return document;
  }
  const paraStart = buffer.lastIndexOf('<w:p>', mark);
  const pPrEnd = buffer.indexOf('</w:pPr>', paraStart);
  if (paraStart < 0 || pPrEnd < 0 || pPrEnd > mark) {
    return document;
  }
  const tail = decoder.decode(buffer.subarray(last));
  const sectEnd = tail.indexOf('</w:sectPr>') + '</w:sectPr>'.length;
  const sectPr = tail.slice(0, sectEnd);
  // The entries' section: continuous, two columns, no distinct first page (that is the cover's).
  const columns = sectPr
    .replace(/<w:titlePg\/>/, '')
    .replace(/<w:type [^>]*\/>/, '')
    .replace(/<w:cols [^>]*\/>|<w:cols [^>]*>[\s\S]*?<\/w:cols>/, '');
  return Buffer.concat([
    buffer.subarray(0, pPrEnd),
    Buffer.from(sectPr.replace(/<w:sectPr(\s[^>]*)?>/, '<w:sectPr>')),
    buffer.subarray(pPrEnd, last),
    Buffer.from(orderSectPr(columns)),
    Buffer.from(tail.slice(sectEnd)),
  ]);
}

/**
 * CT_SectPr is a sequence: references, footnotePr, endnotePr, type, pgSz, pgMar, …, cols, …,
 * titlePg, …: put `w:type` before `w:pgSz` and `w:cols` after `w:pgMar`, as the schema wants.
 */
function orderSectPr(xml: string): string {
  const type = '<w:type w:val="continuous"/>';
  const cols = '<w:cols w:num="2" w:space="340"/>';
  let out = xml;
  out = out.includes('<w:pgSz') ? out.replace('<w:pgSz', `${type}<w:pgSz`) : out.replace('</w:sectPr>', `${type}</w:sectPr>`);
  const pgMar = /<w:pgMar [^>]*\/>/.exec(out);
  return pgMar ? out.replace(pgMar[0], `${pgMar[0]}${cols}`) : out.replace('</w:sectPr>', `${cols}</w:sectPr>`);
}
