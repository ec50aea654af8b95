// Test and benchmark PDFs made by real producers: LibreOffice exports (embedded fonts) at the
// JACoW size, A4 and US Letter, an encrypted export, and pdf-lib files with what editors find in
// real submissions (standard-14 fonts not embedded, a Type 3 font inside a figure's Form XObject,
// a form field whose appearance uses an unembedded font). Used by the papers tests, the server's
// papers-check tests and `npm run bench`.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts, drawObject, popGraphicsState, pushGraphicsState } from '@cantoo/pdf-lib';

const run = promisify(execFile);
export const SOFFICE = process.env.JPSP_SOFFICE || '/usr/bin/soffice';
export const JACOW_MM = { width: '210mm', height: '279.4mm' };
export const A4_MM = { width: '210mm', height: '297mm' };
export const LETTER_MM = { width: '215.9mm', height: '279.4mm' };

const LOREM =
  'The beam dynamics of the injector were simulated with space charge and coherent synchrotron radiation; ' +
  'the measured emittance agrees with the model within ten percent over the whole charge range. ';

/** A flat ODT (`.fodt`) of `pages` pages at `size`, with a figure (a text frame) on page 1 when asked. */
export function fodt({ size, pages, title = 'A Test Paper', figure = false }) {
  const body = [];
  for (let p = 1; p <= pages; p++) {
    const style = p === 1 ? 'P0' : 'P1';
    body.push(`<text:p text:style-name="${style}">${p === 1 ? title : `Section ${p}`}</text:p>`);
    if (p === 1 && figure) {
      // A photo-like figure (noise: it does not compress away) and its caption.
      const png = noisePng(480, 320, pages).toString('base64');
      body.push(`<text:p><draw:frame draw:name="Figure" text:anchor-type="as-char" svg:width="80mm" svg:height="53mm"><draw:image><office:binary-data>${png}</office:binary-data></draw:image></draw:frame></text:p>`);
      body.push('<text:p>Figure 1: beam size (mm) along the linac.</text:p>');
    }
    for (let i = 0; i < 3; i++) {
      body.push(`<text:p>${LOREM.repeat(3)}</text:p>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Serif" fo:font-size="10pt"/></style:default-style></office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="${size.width}" fo:page-height="${size.height}" fo:margin-top="19mm" fo:margin-bottom="19mm" fo:margin-left="20mm" fo:margin-right="20mm"/></style:page-layout>
<style:style style:name="P0" style:family="paragraph"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>${body.join('\n')}</office:text></office:body></office:document>
`;
}

/** An RGB PNG of deterministic noise (`seed`), made with zlib (a figure that does not compress away). */
export function noisePng(width, height, seed = 1) {
  let x = seed * 2654435761 >>> 0 || 1;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let i = 0; i < raw.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = i % (width * 3 + 1) === 0 ? 0 : (x >>> 0) & 0xff;
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// The open password is made per run: the tests only need the file to be encrypted.
const ENCRYPT_FILTER = `pdf:writer_pdf_Export:${JSON.stringify({ EncryptFile: { type: 'boolean', value: 'true' }, DocumentOpenPassword: { type: 'string', value: randomBytes(12).toString('hex') } })}`;

/**
 * Converts `{ name: fodtText }` to PDFs with LibreOffice (one soffice run, a fresh profile) and
 * returns `{ name: bytes }`. `encrypt`: export with an open password.
 */
export async function officePdfs(docs, { encrypt = false } = {}) {
  if (!existsSync(SOFFICE)) {
    throw new Error(`LibreOffice is needed for these test PDFs: ${SOFFICE} is missing (apt-get install libreoffice-writer-nogui)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-papers-'));
  try {
    const inputs = [];
    for (const [name, text] of Object.entries(docs)) {
      const file = join(dir, `${name}.fodt`);
      await writeFile(file, text);
      inputs.push(file);
    }
    const out = join(dir, 'out');
    await mkdir(out);
    await run(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', encrypt ? ENCRYPT_FILTER : 'pdf', '--outdir', out, ...inputs], { timeout: 180_000 });
    const result = {};
    for (const name of Object.keys(docs)) {
      const file = join(out, `${name}.pdf`);
      if (!existsSync(file)) {
        throw new Error(`LibreOffice did not write ${name}.pdf`);
      }
      result[name] = new Uint8Array(await readFile(file));
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const JACOW_PT = [595, 792];

/** pdf-lib with a standard-14 font: Helvetica, not embedded, used on every page. */
export async function standard14Pdf(pages = 2) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    doc.addPage(JACOW_PT).drawText(`Page ${i + 1}`, { font, size: 12, x: 72, y: 700 });
  }
  return doc.save();
}

/** Page 1 plain; page 2 paints a figure (Form XObject) whose text uses a Type 3 font. */
export async function type3FigurePdf() {
  const doc = await PDFDocument.create();
  doc.addPage(JACOW_PT);
  const page = doc.addPage(JACOW_PT);
  const ctx = doc.context;
  const glyph = ctx.register(ctx.stream('10 0 0 0 10 10 d1 0 0 10 10 re f', {}));
  const t3 = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type3',
      Name: 'T3Figure',
      FontBBox: [0, 0, 10, 10],
      FontMatrix: [0.1, 0, 0, 0.1, 0, 0],
      CharProcs: { a: glyph },
      Encoding: { Type: 'Encoding', Differences: [97, 'a'] },
      FirstChar: 97,
      LastChar: 97,
      Widths: [10],
      Resources: {},
    }),
  );
  const figure = ctx.register(ctx.stream('BT /F9 12 Tf 10 10 Td (aaa) Tj ET', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 200, 200], Resources: { Font: { F9: t3 } } }));
  page.node.setXObject(PDFName.of('Fig1'), figure);
  page.pushOperators(pushGraphicsState(), drawObject('Fig1'), popGraphicsState());
  return doc.save();
}

/** Page 1 plain; page 2 has a form field whose appearance stream uses Helvetica (not embedded). */
export async function annotationFontPdf() {
  const doc = await PDFDocument.create();
  doc.addPage(JACOW_PT);
  const page = doc.addPage(JACOW_PT);
  const field = doc.getForm().createTextField('comment');
  field.setText('Reviewed');
  field.addToPage(page, { x: 72, y: 600, width: 200, height: 24 });
  return doc.save({ updateFieldAppearances: true });
}

/** The same file with its header saying PDF `version` (same length: the offsets stay right). */
export function withHeaderVersion(bytes, version) {
  const out = new Uint8Array(bytes);
  const head = Buffer.from(out.subarray(0, 16)).toString('latin1');
  const at = head.indexOf('%PDF-');
  if (at < 0 || version.length !== 3) {
    throw new Error('not a PDF header, or a version that is not x.y');
  }
  out.set(Buffer.from(`%PDF-${version}`, 'latin1'), at);
  return out;
}

/** The first `fraction` of the file, as an interrupted upload leaves it. */
export function truncated(bytes, fraction = 0.6) {
  return bytes.slice(0, Math.floor(bytes.byteLength * fraction));
}

export const HTML_ERROR_PAGE = new TextEncoder().encode('<!DOCTYPE html>\n<html><head><title>Login required</title></head><body><p>Please log in.</p></body></html>\n');
