// ODT writer: the booklet model → an ODF 1.3 text document, written in-process as strings and
// zipped (zip/zip-writer.ts; no LibreOffice). Every element carries a named "Booklet …" style.
import { strToU8 } from 'fflate';
import type { BookletModel } from '../model.js';
import type { PageSize } from '../options.js';
import { contentParts } from './odt-content.js';
import { NS_DECLS, defaultStylesXml } from './odt-styles.js';
import { templateStyles, type TemplateStyles } from './odt-template.js';
import { zipEntries, type ZipEntry } from '../zip/zip-writer.js';
import { escapeXml as x } from '../xml/xml-text.js';

export interface OdtWriteOptions {
  /** An organiser's .odt/.ott whose styles replace the shipped default styles. */
  styles?: Uint8Array;
}

export const ODT_MIME = 'application/vnd.oasis.opendocument.text';
/** Deflate level of the XML parts (native zlib; see zip/zip-writer.ts): on a 5.8 MB content.xml level 1
 * takes ~20 ms (0.83 MB), 4 ~45 ms (0.66 MB), 6 ~150 ms (0.55 MB); speed matters more than 200 kB. */
const LEVEL = 1;

function manifestXml(extra: { path: string; mediaType: string }[]): string {
  const entry = (path: string, type: string): string => `<manifest:file-entry manifest:full-path="${x(path)}" manifest:media-type="${x(type)}"/>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
    `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODT_MIME}"/>` +
    entry('content.xml', 'text/xml') +
    entry('styles.xml', 'text/xml') +
    entry('meta.xml', 'text/xml') +
    extra.map((e) => entry(e.path, e.mediaType)).join('') +
    '</manifest:manifest>'
  );
}

function metaXml(model: BookletModel, now: Date): string {
  const date = now.toISOString().slice(0, 19);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<office:document-meta${NS_DECLS} office:version="1.3"><office:meta>` +
    '<meta:generator>JPSP-NG @jpsp/booklet</meta:generator>' +
    `<dc:title>${x(model.event.title)}</dc:title>` +
    (model.event.locale ? `<dc:language>${x(model.event.locale)}</dc:language>` : '') +
    `<meta:creation-date>${date}</meta:creation-date><dc:date>${date}</dc:date>` +
    '</office:meta></office:document-meta>'
  );
}

/**
 * UTF-8 bytes of `parts` joined, written piece by piece into one buffer: ~3× faster than joining
 * a 7 MB string (two-byte as soon as one character is beyond Latin-1) and encoding it.
 */
export function utf8(parts: readonly string[]): Uint8Array {
  if (typeof Buffer === 'undefined') {
    return strToU8(parts.join(''));
  }
  let length = 0;
  for (const part of parts) {
    length += part.length;
  }
  const buffer = Buffer.allocUnsafe(length * 3);
  let at = 0;
  for (const part of parts) {
    at += buffer.write(part, at);
  }
  return buffer.subarray(0, at);
}

const defaultStyles = new Map<PageSize, string>();

/** Writes the booklet as an .odt file. Throws BookletTemplateError for an unusable `options.styles`. */
export function writeOdt(model: BookletModel, options: OdtWriteOptions = {}): Uint8Array {
  const template: TemplateStyles = options.styles ? templateStyles(options.styles) : { stylesXml: shippedStyles(model.layout.pageSize), pictures: [] };
  const entries: ZipEntry[] = [
    // First entry, stored: lets tools identify the file type from its first bytes.
    { name: 'mimetype', data: strToU8(ODT_MIME), store: true },
    { name: 'META-INF/manifest.xml', data: strToU8(manifestXml(template.pictures)) },
    { name: 'meta.xml', data: strToU8(metaXml(model, new Date())) },
    { name: 'styles.xml', data: strToU8(template.stylesXml) },
    { name: 'content.xml', data: utf8(contentParts(model)) },
  ];
  for (const picture of template.pictures) {
    entries.push({ name: picture.path, data: picture.bytes, store: true });
  }
  return zipEntries(entries, LEVEL);
}

function shippedStyles(size: PageSize): string {
  let xml = defaultStyles.get(size);
  if (xml === undefined) {
    xml = defaultStylesXml(size);
    defaultStyles.set(size, xml);
  }
  return xml;
}
