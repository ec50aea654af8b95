// The ODT writer through real LibreOffice: the document opens and converts to PDF with every
// element in order, and a custom styles template changes the rendering as documented.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOKLET_STYLES } from '../src/odt/odt-styles.js';
import { writeOdt } from '../src/odt/odt-writer.js';
import { xmlProblem } from '../src/odt/xml-check.js';
import { smallModel } from './odt-model.js';
import { SOFFICE, convert, pdfFonts, pdfText, requireSoffice } from './support/soffice.js';
import { expectInOrder } from './support/text-checks.js';

const run = promisify(execFile);
const hasSoffice = requireSoffice();

const flat = (s: string): string => s.replace(/\s+/g, ' ');

/**
 * Opens `odt` in LibreOffice, runs "Update index" on every index (what an organiser does in
 * Writer), and returns the saved document's content.xml and the PDF text. A Basic macro in a
 * fresh profile does it; LibreOffice has no command-line switch for it.
 */
async function updateIndexes(odt: Uint8Array): Promise<{ content: string; text: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-update-'));
  try {
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await run(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--terminate_after_init'], { timeout: 120_000 });
    const q = (t: string): string => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const basic = [
      'Sub UpdateIndexes(path As String)',
      '  Dim args(0) As New com.sun.star.beans.PropertyValue',
      '  args(0).Name = "Hidden" : args(0).Value = True',
      '  doc = StarDesktop.loadComponentFromURL(ConvertToURL(path), "_blank", 0, args())',
      '  indexes = doc.getDocumentIndexes()',
      '  For i = 0 To indexes.getCount() - 1',
      '    indexes.getByIndex(i).update()',
      '  Next',
      '  Dim pdf(0) As New com.sun.star.beans.PropertyValue',
      '  pdf(0).Name = "FilterName" : pdf(0).Value = "writer_pdf_Export"',
      '  doc.storeToURL(ConvertToURL(path & ".pdf"), pdf())',
      '  Dim odt(0) As New com.sun.star.beans.PropertyValue',
      '  odt(0).Name = "FilterName" : odt(0).Value = "writer8"',
      '  doc.storeToURL(ConvertToURL(path & ".updated.odt"), odt())',
      '  doc.close(True)',
      'End Sub',
    ].join('\n');
    await writeFile(
      join(dir, 'profile', 'user', 'basic', 'Standard', 'Module1.xba'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n' +
        `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">${q(basic)}</script:module>`,
    );
    const input = join(dir, 'booklet.odt');
    await writeFile(input, odt);
    await run(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', `macro:///Standard.Module1.UpdateIndexes("${input}")`], { timeout: 180_000 });
    const updated = unzipSync(await readFile(`${input}.updated.odt`));
    return { content: new TextDecoder().decode(updated['content.xml']), text: flat(await pdfText(await readFile(`${input}.pdf`))) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Asserts that every needle occurs in `text`, in this order. */

// The hand-written template of docs/booklet.md ("## ODT styles": uppercase days, monospaced
// titles), read from the docs so that the documented example is the one that is tested.
const DOCS = readFileSync(new URL('../../../docs/booklet.md', import.meta.url), 'utf8');
const ODT_SECTION = DOCS.slice(DOCS.indexOf('## ODT styles'), DOCS.indexOf('\n## ', DOCS.indexOf('## ODT styles')));
const CUSTOM_STYLES = /```xml\n([\s\S]*?)```/.exec(ODT_SECTION)?.[1] ?? '';

describe.runIf(hasSoffice)('ODT writer through LibreOffice', () => {
  const model = smallModel();
  let text = '';
  let pages: string[] = [];
  let fonts: string[] = [];
  let customText = '';
  let customFonts: string[] = [];

  beforeAll(async () => {
    const pdf = await convert(writeOdt(model), 'booklet.odt', 'pdf');
    const raw = await pdfText(pdf);
    pages = raw.split('\f').map((p) => p.trim());
    text = flat(raw);
    fonts = await pdfFonts(pdf);
    const template = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text-template'), { level: 0 }], 'styles.xml': strToU8(CUSTOM_STYLES) });
    const customPdf = await convert(writeOdt(model, { styles: template }), 'custom.odt', 'pdf');
    customText = flat(await pdfText(customPdf));
    customFonts = await pdfFonts(customPdf);
  });

  it('converts to a PDF with the cover, the prefilled contents, every day, session and contribution in order', () => {
    const contributions = model.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions));
    expectInOrder(text, [
      'FEL2022 — 40th Free Electron Laser Conference', '22–26 August 2022', 'Trieste, Italy', '* presenter',
      // the table of contents, before any "Update index"
      'Contents', 'Monday, 22 August 2022', 'MOA — Opening Session', 'MOP — Monday Posters', 'Unscheduled contributions', 'Other contributions', 'Author Index',
      // the programme
      'Monday, 22 August 2022', 'MOA — Opening Session', 'Monday, 22 August 2022, 09:00–10:30', 'Room: Auditorium & Hall <B>', 'Chairs: A. Chair (CERN), B. Chair (DESY)',
    ]);
    // page numbers of the prefilled contents: page-reference fields computed by LibreOffice
    expect(text).toMatch(/Monday, 22 August 2022\.+ ?3 MOA — Opening Session\.+ ?3 MOP — Monday Posters\.+ ?3 Unscheduled contributions\.+ ?4 Other contributions\.+ ?4 Author Index\.+ ?5 /);
    const programme = text.slice(text.indexOf('Chairs: A. Chair'));
    expectInOrder(programme, contributions.flatMap((c) => [c.code, c.title.replace('\u0001', '').replace('\u0000', '')]));
    expectInOrder(programme, ['E. Allaria*', 'J. van der Berg*', 'Board 12', 'S. Reiche*', 'Unscheduled contributions', 'D. de Vries (ESRF)']);
    expect(text).toContain('Lasing at 1 nm: </text:p><script>alert(1)</script>');
    expect(text).toContain('Second line after a break: a < b & c > d, "quoted" ]]> &amp; done.');
    expect(text).toContain('Funding Agency: EU Horizon & Co');
  });

  it('puts the cover on its own page without a page number, the contents on page 2', () => {
    expect(pages[0]).toMatch(/^FEL2022[\s\S]*\* presenter$/);
    expect(pages[1]).toMatch(/^Contents[\s\S]*\n2$/);
    expect(pages[2]).toMatch(/^Monday, 22 August 2022[\s\S]*\n3$/);
  });

  it('ends with the author index, every person with their first code (two columns: pdftotext may read across them, so no order here)', () => {
    const index = text.slice(text.lastIndexOf('Author Index'));
    for (const e of model.authorIndex) {
      expect(index).toMatch(new RegExp(`${e.familyName}, ${e.givenNames}\\s+${e.codes[0]}`));
    }
  });

  it('applies the documented custom template: uppercase day headings, a monospaced contribution title font', () => {
    expect(CUSTOM_STYLES).toContain('fo:text-transform="uppercase"');
    expect(fonts.some((f) => f.startsWith('DejaVuSansMono'))).toBe(false);
    expect(customFonts.some((f) => f.startsWith('DejaVuSansMono'))).toBe(true);
    const programme = (t: string): string => t.slice(t.indexOf('Author Index') + 'Author Index'.length);
    expect(programme(text)).toContain('Monday, 22 August 2022');
    expect(programme(customText)).toContain('MONDAY, 22 AUGUST 2022');
    expect(programme(customText)).toContain('UNSCHEDULED CONTRIBUTIONS');
    // styles the template lacks still come from the defaults: the document is complete
    expectInOrder(customText, ['MOA01', 'Lasing at 1 nm', 'E. Allaria*', 'Funding Agency: EU Horizon & Co', 'Allaria, Enrico']);
  });

  it('accepts a template saved by LibreOffice itself (the documented workflow) and keeps its styles', async () => {
    // LibreOffice saves the generated booklet as an .ott: its full styles.xml (extension
    // namespaces, default styles, page styles) must merge without losing or duplicating a style.
    const ott = await convert(writeOdt(model), 'booklet.odt', 'ott');
    const styles = new TextDecoder().decode(unzipSync(writeOdt(model, { styles: ott }))['styles.xml']);
    expect(xmlProblem(styles)).toBeNull();
    for (const s of BOOKLET_STYLES) {
      expect(styles.match(new RegExp(`style:name="${s.name}"`, 'g')), s.displayName).toHaveLength(1);
    }
    expect(styles).toContain('<style:master-page style:name="Standard"');
    const pdfTextOut = flat(await pdfText(await convert(writeOdt(model, { styles: ott }), 'from-ott.odt', 'pdf')));
    expectInOrder(pdfTextOut, ['FEL2022', 'Contents', 'MOA — Opening Session', 'MOA01', 'E. Allaria*', 'Author Index', 'Allaria, Enrico']);
  });

  it('"Update index" in LibreOffice regenerates the same contents, with the same styles and pages', async () => {
    const { content, text: updated } = await updateIndexes(writeOdt(model));
    const body = /<text:index-body>([\s\S]*)<\/text:index-body>/.exec(content)?.[1] ?? '';
    // LibreOffice's own entries now: links to its heading bookmarks, the page as plain text
    expect(body).toContain('__RefHeading__');
    expect(body).not.toContain('text:bookmark-ref');
    const parentOf = (name: string): string => new RegExp(`<style:style style:name="${name}"[^>]*style:parent-style-name="([^"]+)"`).exec(content)?.[1] ?? name;
    const entryStyles = [...body.matchAll(/<text:p text:style-name="([^"]+)"><text:a /g)].map((m) => parentOf(m[1]));
    expect(entryStyles).toEqual(['Booklet_20_Contents_20_1', 'Booklet_20_Contents_20_2', 'Booklet_20_Contents_20_2', 'Booklet_20_Contents_20_1', 'Booklet_20_Contents_20_2', 'Booklet_20_Contents_20_1']);
    const toc = (t: string): string => t.slice(t.indexOf('Contents'), t.indexOf('Author Index') + 20);
    expect(toc(updated)).toBe(toc(text));
  });
});
