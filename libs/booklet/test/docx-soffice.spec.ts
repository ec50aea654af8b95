// DOCX → PDF through real LibreOffice: the shipped template prints the whole programme in order,
// hostile strings stay text, and an organiser's own template (other font, other layout, its own
// static text) is used as documented.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDocxTemplate, para, tag, conditional } from '../scripts/make-docx-template.mjs';
import { writeDocx } from '../src/docx/docx-writer.js';
import type { BookletModel } from '../src/model.js';
import { convert, pdfFonts, pdfText, requireSoffice, SOFFICE } from './support/soffice.js';
import { expectInOrder, norm } from './support/text-checks.js';
import { syntheticModel } from './support/synthetic-model.js';

const hasSoffice = requireSoffice();
const makeTemplate = makeDocxTemplate;
const p = para;
const t = tag;
const when = conditional;

/**
 * Opens a document in LibreOffice, updates every index (Tools ▸ Update ▸ Update All does the same)
 * and exports it to PDF, through a Basic macro in a fresh profile.
 */
async function updateIndexesToPdf(bytes: Uint8Array, fileName: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-update-'));
  const run = promisify(execFile);
  try {
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await run(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--terminate_after_init'], { timeout: 120_000 });
    const basic = join(dir, 'profile', 'user', 'basic', 'Standard');
    await mkdir(basic, { recursive: true });
    const q = '&quot;';
    await writeFile(
      join(basic, 'Module1.xba'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n` +
        `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">\n` +
        `Sub UpdateAndExport(inUrl As String, outUrl As String)\n` +
        `  Dim args(0) As New com.sun.star.beans.PropertyValue\n  args(0).Name = ${q}Hidden${q}\n  args(0).Value = True\n` +
        `  doc = StarDesktop.loadComponentFromURL(inUrl, ${q}_blank${q}, 0, args())\n` +
        `  idx = doc.getDocumentIndexes()\n  For i = 0 To idx.getCount() - 1\n    idx.getByIndex(i).update()\n  Next\n` +
        `  Dim f(0) As New com.sun.star.beans.PropertyValue\n  f(0).Name = ${q}FilterName${q}\n  f(0).Value = ${q}writer_pdf_Export${q}\n` +
        `  doc.storeToURL(outUrl, f())\n  doc.close(True)\nEnd Sub\n</script:module>\n`,
    );
    const input = join(dir, fileName);
    const output = join(dir, 'updated.pdf');
    await writeFile(input, bytes);
    const call = `macro:///Standard.Module1.UpdateAndExport("${pathToFileURL(input).href}","${pathToFileURL(output).href}")`;
    await run(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', call], { timeout: 180_000 });
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const HOSTILE = '</w:t></w:r></w:p><w:p><w:r><w:t>INJECTED & {event.title} {#days} <b>not bold</b>';

/** 40 synthetic contributions in 5 blocks, one of them carrying hostile strings everywhere. */
function model(): BookletModel {
  const m = syntheticModel(40, { perBlock: 8, days: 2 });
  const c = m.days[0].blocks[0].contributions[1];
  c.title = `Hostile ${HOSTILE}`;
  c.authorGroups[0].affiliation = `Lab ${HOSTILE}`;
  c.abstract = [[{ text: `Abstract ${HOSTILE}` }, { text: '2', sup: true }]];
  c.customFields = [{ name: 'Funding Agency', value: `Fund ${HOSTILE}` }];
  return m;
}

const contributions = (m: BookletModel) => m.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions));
const presenters = (m: BookletModel) => contributions(m).flatMap((c) => c.authorGroups.flatMap((g) => g.authors.filter((a) => a.presenter).map((a) => `${a.name}*`)));

describe.runIf(hasSoffice)('DOCX with the shipped template through LibreOffice', () => {
  const m = model();
  let text = '';
  let fonts = '';

  beforeAll(async () => {
    const pdf = await convert(writeDocx(m), 'booklet.docx', 'pdf');
    text = norm(await pdfText(pdf));
    fonts = (await pdfFonts(pdf)).join('\n');
  });

  it('prints the cover, then a table of contents listing every day and session block', () => {
    expect(text.startsWith(norm(`${m.event.title}${m.event.dates}${m.event.venue}`))).toBe(true);
    const tocStart = text.indexOf('Contents');
    const toc = text.slice(tocStart, text.indexOf(norm(m.labels.authorIndex), tocStart));
    expect(m.stats.blocks).toBe(5);
    expectInOrder(toc, m.days.flatMap((d) => [d.heading, ...d.blocks.map((b) => b.heading)]).map(norm), 'contents');
  });

  it('prints every code, title and presenter, in programme order', () => {
    const programme = text.slice(text.indexOf(norm(m.labels.authorIndex)) + 1, text.lastIndexOf(norm(m.labels.authorIndex)));
    expectInOrder(programme, contributions(m).flatMap((c) => [norm(c.code), norm(c.title)]), 'programme');
    for (const name of presenters(m)) {
      expect(programme).toContain(norm(name));
    }
    expectInOrder(programme, m.days.flatMap((d) => d.blocks.flatMap((b) => [norm(b.heading), norm(`${b.date}, ${b.timeRange}`)])), 'session details');
  });

  it('keeps hostile strings as text', () => {
    // in the title, the affiliation, the abstract and the custom field
    expect(text.split(norm(HOSTILE)).length - 1).toBe(4);
    expect(text).toContain(norm(`Abstract ${HOSTILE}2`));
  });

  it('ends with the author index', () => {
    const index = text.slice(text.lastIndexOf(norm(m.labels.authorIndex)));
    expectInOrder(index, m.authorIndex.flatMap((e) => [norm(`${e.familyName}, ${e.givenNames}`), ...e.codes]), 'author index');
  });

  it('uses the template\'s fonts', () => {
    expect(fonts).not.toContain('DejaVuSansMono');
  });
});

describe.runIf(hasSoffice)('DOCX table of contents updated by LibreOffice', () => {
  it('is rebuilt with the same entries, each once, now with page numbers', async () => {
    const m = model();
    const text = norm(await pdfText(await updateIndexesToPdf(writeDocx(m), 'booklet.docx')));
    const tocStart = text.indexOf('Contents');
    const toc = text.slice(tocStart, text.indexOf(norm(m.labels.authorIndex), tocStart) + 200);
    const entries = [...m.days.flatMap((d) => [d.heading, ...d.blocks.map((b) => b.heading)]), m.labels.authorIndex].map(norm);
    expectInOrder(toc, entries, 'updated contents');
    for (const entry of entries) {
      expect(toc.split(entry).length - 1, `${entry} listed once`).toBe(1);
      expect(toc, `${entry} has a page number`).toMatch(new RegExp(`${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.*\\d+`));
    }
  });
});

describe.runIf(hasSoffice)('DOCX with the shipped template after a round trip through LibreOffice', () => {
  it('still works once an organiser has opened and saved the template in LibreOffice Writer', async () => {
    const shipped = readFileSync(new URL('../templates/booklet-template.docx', import.meta.url));
    // LibreOffice rewrites every part: other style ids for built-ins ("TOC 1" is Contents1), its own runs and settings.
    const saved = await convert(shipped, 'template.docx', 'docx:MS Word 2007 XML');
    const m = model();
    const text = norm(await pdfText(await convert(writeDocx(m, { template: saved }), 'roundtrip.docx', 'pdf')));
    const tocStart = text.indexOf('Contents');
    const toc = text.slice(tocStart, text.indexOf(norm(m.labels.authorIndex), tocStart));
    expectInOrder(toc, m.days.flatMap((d) => [d.heading, ...d.blocks.map((b) => b.heading)]).map(norm), 'contents');
    expectInOrder(text.slice(tocStart + toc.length), contributions(m).flatMap((c) => [norm(c.code), norm(c.title)]), 'programme');
  });
});

describe.runIf(hasSoffice)('DOCX with an organiser\'s own template through LibreOffice', () => {
  const m = model();
  let text = '';
  let fonts = '';
  const STATIC = 'Programme Book of the Organisers';

  beforeAll(async () => {
    // Another font, no table of contents, its own static heading, contributions laid out with the
    // fine-grained tags, the author index as a loop.
    const body = [
      p('BookletTitle', STATIC),
      p('BookletCoverDates', '{event.title} ({event.dates})'),
      t('{#days}'),
      t('{@headingXml}'),
      t('{#blocks}'),
      t('{@headingXml}'),
      when('chairsLine', p('BookletSessionInfo', '{chairsLine}')),
      t('{#contributions}'),
      p('BookletContributionCode', '{code} @ {time}{boardText}'),
      p('BookletContributionTitle', '{title}'),
      when('authors', p('BookletAuthors', 'By {authors}')),
      t('{@abstractXml}'),
      t('{/contributions}'),
      t('{/blocks}'),
      t('{/days}'),
      p('BookletIndexHeading', 'Index of Authors'),
      t('{#authorIndex}'),
      p('BookletIndexEntry', '{name}: {codes}'),
      t('{/authorIndex}'),
    ].join('');
    const template = makeTemplate({ body, bodyFont: 'DejaVu Sans Mono', headingFont: 'DejaVu Sans Mono' });
    const pdf = await convert(writeDocx(m, { template }), 'own.docx', 'pdf');
    text = norm(await pdfText(pdf));
    fonts = (await pdfFonts(pdf)).join('\n');
  });

  it('prints the template\'s own static text and layout', () => {
    expect(text.startsWith(norm(`${STATIC}${m.event.title}(${m.event.dates})`))).toBe(true);
    expect(text).not.toContain('Contents');
    expectInOrder(text, contributions(m).flatMap((c) => [norm(`${c.code} @ ${c.time}`), norm(c.title), norm('By ')]), 'programme');
    expect(text).toContain(norm('Index of Authors'));
    const index = text.slice(text.indexOf(norm('Index of Authors')));
    expectInOrder(index, m.authorIndex.map((e) => norm(`${e.familyName}, ${e.givenNames}: ${e.codes.join(', ')}`)), 'author index');
  });

  it('uses the template\'s font', () => {
    expect(fonts).toContain('DejaVuSansMono');
  });
});
