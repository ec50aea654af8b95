// An organiser's .odt/.ott as a styles template: its styles.xml (named styles, automatic
// styles, master pages, font faces) replaces the shipped one; any style the booklet needs and
// the template lacks is merged in from the defaults, so the document always stays valid.
import { unzipSync } from 'fflate';
import { BookletTemplateError } from '../options.js';
import { BASE_STYLES, BOOKLET_STYLES, COVER_MASTER, FONT_FACES, MASTER_PAGE, NS, PAGE_LAYOUT, coverMasterPage } from './odt-styles.js';
import { xmlProblem } from './xml-check.js';

/** Largest uncompressed part read from a template (styles.xml, a picture). */
const MAX_PART_BYTES = 32 * 1024 * 1024;
const ODF_TEXT_MIME = /^application\/vnd\.oasis\.opendocument\.text(?:-template|-master|-master-template)?$/;

export interface TemplateStyles {
  stylesXml: string;
  /** Pictures referenced by the template's styles (headers, backgrounds): path → bytes, media type. */
  pictures: { path: string; bytes: Uint8Array; mediaType: string }[];
}

function fail(message: string): never {
  throw new BookletTemplateError(message, [{ path: 'options.template.odt', reason: message }]);
}

/** Reads and merges a template; throws BookletTemplateError when it cannot be used. */
export function templateStyles(bytes: Uint8Array): TemplateStyles {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    fail('The ODT styles template is empty.');
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        const wanted = f.name === 'styles.xml' || f.name === 'mimetype' || f.name === 'META-INF/manifest.xml' || f.name.startsWith('Pictures/');
        if (wanted && f.originalSize > MAX_PART_BYTES) {
          fail(`The ODT styles template's ${f.name} is too large (${f.originalSize} bytes).`);
        }
        return wanted;
      },
    });
  } catch (e) {
    if (e instanceof BookletTemplateError) {
      throw e;
    }
    fail(`The ODT styles template is not a readable ODF (zip) file: ${(e as Error).message}.`);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const text = (name: string): string | undefined => {
    const data = files[name];
    if (!data) {
      return undefined;
    }
    try {
      return decoder.decode(data);
    } catch {
      return fail(`The ODT styles template's ${name} is not UTF-8.`);
    }
  };
  const mime = text('mimetype')?.trim();
  if (mime !== undefined && !ODF_TEXT_MIME.test(mime)) {
    fail(`The ODT styles template is not a text document (.odt/.ott) but "${mime.slice(0, 80)}".`);
  }
  const styles = text('styles.xml');
  if (styles === undefined) {
    fail('The ODT styles template has no styles.xml (is it an .odt/.ott file?).');
  }
  const problem = xmlProblem(styles);
  if (problem) {
    fail(`The ODT styles template's styles.xml is not well-formed XML: ${problem}.`);
  }
  const root = /<office:document-styles\b[^>]*>/.exec(styles);
  if (!root) {
    fail('The ODT styles template\'s styles.xml has no office:document-styles root.');
  }
  const manifest = text('META-INF/manifest.xml') ?? '';
  const pictures = Object.keys(files)
    .filter((path) => path.startsWith('Pictures/') && !path.endsWith('/') && /^[\w./-]+$/.test(path))
    .map((path) => ({ path, bytes: files[path], mediaType: mediaTypeOf(path, manifest) }));
  return { stylesXml: mergeStyles(styles), pictures };
}

function mediaTypeOf(path: string, manifest: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const entry = new RegExp(`<manifest:file-entry\\b[^>]*manifest:full-path="${escaped}"[^>]*>`).exec(manifest)?.[0];
  const declared = entry && /manifest:media-type="([^"<&]*)"/.exec(entry)?.[1];
  if (declared) {
    return declared;
  }
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ({ png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml' } as Record<string, string>)[ext] ?? 'application/octet-stream';
}

/** Attributes of every start tag named `tag` inside `xml`. */
function attributesOf(xml: string, tag: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  const re = new RegExp(`<${tag}\\b([^>]*)>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs = new Map<string, string>();
    for (const a of (m[1]).matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attrs.set(a[1], a[2] ?? a[3] ?? '');
    }
    out.push(attrs);
  }
  return out;
}

/** The region of `<name>…</name>` (or a self-closing `<name/>`), as [start, insertAt, end]. */
function region(xml: string, name: string): { start: number; insertAt: number; end: number } | null {
  const open = new RegExp(`<${name}\\b[^>]*?(/?)>`).exec(xml);
  if (!open) {
    return null;
  }
  if (open[1] === '/') {
    return { start: open.index, insertAt: -1, end: open.index + open[0].length };
  }
  const close = xml.indexOf(`</${name}>`, open.index);
  if (close < 0) {
    return null;
  }
  return { start: open.index, insertAt: close, end: close + name.length + 3 };
}

/** Adds `content` inside the section `name`, creating it (after the sections listed in `after`) when absent. */
function addToSection(xml: string, name: string, content: string, after: string[]): string {
  if (!content) {
    return xml;
  }
  const r = region(xml, name);
  if (r && r.insertAt >= 0) {
    return xml.slice(0, r.insertAt) + content + xml.slice(r.insertAt);
  }
  const section = `<${name}>${content}</${name}>`;
  if (r) {
    return xml.slice(0, r.start) + section + xml.slice(r.end);
  }
  let at = -1;
  for (const prev of after) {
    const pr = region(xml, prev);
    if (pr) {
      at = Math.max(at, pr.end);
    }
  }
  if (at < 0) {
    at = (/<office:document-styles\b[^>]*>/.exec(xml) as RegExpExecArray).index + (/<office:document-styles\b[^>]*>/.exec(xml) as RegExpExecArray)[0].length;
  }
  return xml.slice(0, at) + section + xml.slice(at);
}

/** Merges the defaults into a template's styles.xml (the template's definitions win). */
export function mergeStyles(styles: string): string {
  let xml = styles;
  // Namespaces the injected definitions use, declared on the root when the template lacks them.
  const rootMatch = /<office:document-styles\b[^>]*?(\/?)>/.exec(xml) as RegExpExecArray;
  const missingNs = Object.entries(NS)
    .filter(([prefix]) => !new RegExp(`\\sxmlns:${prefix}\\s*=`).test(rootMatch[0]))
    .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
    .join('');
  if (rootMatch[1] === '/') {
    // An empty root: treat as a template with nothing in it.
    xml = `${xml.slice(0, rootMatch.index)}${rootMatch[0].slice(0, -2)}${missingNs}></office:document-styles>${xml.slice(rootMatch.index + rootMatch[0].length)}`;
  } else if (missingNs) {
    const at = rootMatch.index + rootMatch[0].length - 1;
    xml = xml.slice(0, at) + missingNs + xml.slice(at);
  }

  // Named styles: only those in office:styles count (automatic styles are not visible to content.xml).
  const officeStyles = region(xml, 'office:styles');
  const named = officeStyles && officeStyles.insertAt >= 0 ? xml.slice(officeStyles.start, officeStyles.insertAt) : '';
  const have = new Set(attributesOf(named, 'style:style').map((a) => `${a.get('style:family')}|${a.get('style:name')}`));
  const missingStyles = [...BASE_STYLES, ...BOOKLET_STYLES]
    .filter((s) => !have.has(`${s.family}|${s.name}`))
    .map((s) => s.xml)
    .join('');

  const fontsRegion = region(xml, 'office:font-face-decls');
  const fonts = fontsRegion ? xml.slice(fontsRegion.start, fontsRegion.end) : '';
  const haveFonts = new Set(attributesOf(fonts, 'style:font-face').map((a) => a.get('style:name')));
  const missingFonts = FONT_FACES.filter((f) => !haveFonts.has(f.name)).map((f) => f.xml).join('');
  xml = addToSection(xml, 'office:font-face-decls', missingFonts, []);
  xml = addToSection(xml, 'office:styles', missingStyles, ['office:font-face-decls']);

  // No master page at all: the booklet's own page (A4 with a page-number footer).
  const masters = region(xml, 'office:master-styles');
  const hasMaster = masters !== null && /<style:master-page\b/.test(xml.slice(masters.start, masters.end));
  if (!hasMaster) {
    xml = addToSection(xml, 'office:automatic-styles', PAGE_LAYOUT, ['office:font-face-decls', 'office:styles']);
    xml = addToSection(xml, 'office:master-styles', MASTER_PAGE + coverMasterPage('Booklet_PageLayout'), ['office:font-face-decls', 'office:styles', 'office:automatic-styles']);
  } else {
    // The cover's page style, when the template lacks it: the page of its default page style
    // ("Standard", else its first), without header or footer.
    const masterRegion = region(xml, 'office:master-styles') as { start: number; end: number };
    const pages = attributesOf(xml.slice(masterRegion.start, masterRegion.end), 'style:master-page');
    if (!pages.some((a) => a.get('style:name') === COVER_MASTER)) {
      const base = pages.find((a) => a.get('style:name') === 'Standard') ?? pages[0];
      const layout = base?.get('style:page-layout-name');
      if (layout && /^[\w.-]+$/.test(layout)) {
        xml = addToSection(xml, 'office:master-styles', coverMasterPage(layout), []);
      }
    }
  }
  return xml;
}
