// DOCX writer: renders the booklet model into a .docx template with docxtemplater (core, no paid
// modules) and zips the result with fflate. See docs/booklet.md, "DOCX template tags".
//
// Speed (2,000 contributions in ~0.2–0.3 s of CPU): the shipped template prints each session
// block's contributions through one raw-XML tag whose WordprocessingML is composed here; raw-XML
// values reach docxtemplater as UTF-8 bytes (skipping its per-part scans and its JavaScript UTF-8
// encoder); docxtemplater gets only the XML parts, as strings; a minimal parser resolves tags; the
// large output parts are deflated by native zlib inside an fflate zip.
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import type { BookletModel } from '../model.js';
import { BookletTemplateError, type PageSize } from '../options.js';
import type { FieldError } from '@jpsp/contracts';
import { DocxData } from './docx-data.js';
import { zipEntries } from '../zip/zip-writer.js';
import { organiserTemplate, shippedTemplate, type PreparedTemplate } from './docx-template.js';
import { forPageSize, indexInColumns } from './docx-layout.js';

export interface DocxWriteOptions {
  /** An organiser's .docx template using the documented tags; default: the shipped template. */
  template?: Uint8Array;
}

/**
 * The booklet as .docx bytes. Throws BookletTemplateError (with every problem and where it is)
 * for a template it cannot use.
 */
export function writeDocx(model: BookletModel, options: DocxWriteOptions = {}): Uint8Array {
  // An organiser's template keeps its own page; the shipped one is laid out for the page size.
  const template = options.template ? organiserTemplate(options.template) : shippedFor(model.layout.pageSize);
  const data = new DocxData(model, template.ids);
  const rendered = render(template, data);
  const document = rendered.get('word/document.xml');
  if (data.hasAuthorIndex && document) {
    rendered.set('word/document.xml', indexInColumns(document, data.indexBookmarkName));
  }
  return zip(template, rendered);
}

const shippedBySize = new Map<PageSize, PreparedTemplate>();

function shippedFor(size: PageSize): PreparedTemplate {
  let template = shippedBySize.get(size);
  if (!template) {
    template = forPageSize(shippedTemplate(), size);
    shippedBySize.set(size, template);
  }
  return template;
}

/** Property names a tag may never reach (no prototype walking from a template). */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/**
 * docxtemplater parser: `name`, dotted paths (`event.title`, `labels.room`) and `.` (the current
 * item). No expressions, no function calls: a missing value is `undefined` (docxtemplater then
 * looks in the enclosing loops' scopes, then prints '' via nullGetter).
 */
export function tagParser(tag: string): { get(scope: unknown): unknown } {
  const trimmed = tag.trim();
  if (trimmed === '.' || trimmed === 'this') {
    return { get: (scope) => scope };
  }
  const path = trimmed.split('.');
  return {
    get(scope) {
      let value: unknown = scope;
      for (const key of path) {
        if (value === null || typeof value !== 'object' || FORBIDDEN.has(key)) {
          return undefined;
        }
        value = (value as Record<string, unknown>)[key];
      }
      return typeof value === 'function' ? undefined : value;
    },
  };
}

interface DocxtemplaterErrorLike {
  message: string;
  properties?: { id?: string; explanation?: string; file?: string; offset?: number; xtag?: string; errors?: DocxtemplaterErrorLike[] };
}

/** Where template errors are reported, relative to the task input (as the ODT writer does). */
const TEMPLATE_PATH = 'options.template.docx';

/**
 * Turns a docxtemplater error into a BookletTemplateError listing every problem with its
 * explanation, the part and the position in the part's text, e.g. `The loop with tag "days" is
 * unclosed (word/document.xml, text offset 0; unclosed_loop)`.
 */
function templateError(error: unknown): Error {
  const e = error as DocxtemplaterErrorLike;
  if (!e?.properties) {
    return error as Error;
  }
  const all = e.properties.errors?.length ? e.properties.errors : [e];
  const reasons = all.map((x) => {
    const p = x.properties ?? {};
    const where = [p.file, p.offset !== undefined ? `text offset ${p.offset}` : '', p.id].filter(Boolean).join(', ').replace(/, ([a-z_]+)$/, '; $1');
    return `${p.explanation ?? x.message}${where ? ` (${where})` : ''}`;
  });
  const details: FieldError[] = reasons.map((reason) => ({ path: TEMPLATE_PATH, reason }));
  return new BookletTemplateError(`The DOCX template has ${reasons.length === 1 ? 'an error' : `${reasons.length} errors`}: ${reasons.join('; ')}`, details);
}

const encoder = new TextEncoder();

export interface RenderOptions {
  scopeManager: { getValue(tag: string, meta: { part: unknown }): unknown };
  nullGetter(part: unknown): unknown;
}

/**
 * A docxtemplater module (the documented module API) that renders the raw-XML tags (`{@…}`) as
 * UTF-8 bytes instead of strings. docxtemplater passes byte parts through untouched: they skip its
 * "join uncorrupt" scans (several indexOf passes over every string part, once per loop level) and
 * its JavaScript UTF-8 encoder, which were most of its time. A value it does not handle (not a
 * string) falls through to docxtemplater's own raw-XML module, which reports the error.
 */
export interface RawXmlAsBytesModule {
  name: string;
  priority: number;
  render(part: { module?: string; value: string }, options: RenderOptions): { value: Uint8Array | string } | null;
}

export function rawXmlAsBytes(): RawXmlAsBytesModule {
  return {
    name: 'JpspRawXmlAsBytes',
    priority: 1,
    render(part: { module?: string; value: string }, options: RenderOptions) {
      if (part.module !== 'rawxml') {
        return null;
      }
      let value = options.scopeManager.getValue(part.value, { part });
      if (value === null || value === undefined) {
        value = options.nullGetter(part);
      }
      if (value === '' || value === null || value === undefined) {
        return { value: '' };
      }
      if (typeof value !== 'string') {
        return null;
      }
      return { value: encoder.encode(value) };
    },
  };
}

interface ZipEntry {
  dir: boolean;
  asUint8Array(): Uint8Array;
}

function render(template: PreparedTemplate, data: DocxData): Map<string, Uint8Array> {
  // docxtemplater only needs the XML parts, stored as strings (nothing to inflate or deflate).
  const pizzip = new PizZip();
  for (const [name, content] of template.texts) {
    pizzip.file(name, content);
  }
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(pizzip, { paragraphLoop: true, linebreaks: true, nullGetter: () => '', parser: tagParser, errorLogging: false, modules: [rawXmlAsBytes() as object] });
    doc.render(data);
  } catch (error) {
    throw templateError(error);
  }
  const out = new Map<string, Uint8Array>();
  const files = (doc.getZip() as { files: Record<string, ZipEntry> }).files;
  // Rendered parts are stored as bytes already; the others are the template's strings.
  for (const [name, file] of Object.entries(files)) {
    if (!file.dir) {
      out.set(name, file.asUint8Array());
    }
  }
  return out;
}

/** Zips the rendered XML parts with the template's other parts (media etc., unchanged bytes). */
/** zlib level of the DOCX parts: 4 is ~5× faster than 6 on a 12 MB document.xml for ~15 % more bytes. */
const ZIP_LEVEL = 4;

function zip(template: PreparedTemplate, rendered: Map<string, Uint8Array>): Uint8Array {
  // [Content_Types].xml first, as Word writes it.
  const names = [...new Set(['[Content_Types].xml', ...template.bytes.keys(), ...rendered.keys()])];
  return zipEntries(names.map((name) => ({ name, data: rendered.get(name) ?? template.bytes.get(name)! })), ZIP_LEVEL);
}
