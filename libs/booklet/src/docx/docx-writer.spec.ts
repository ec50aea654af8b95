import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync, zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeDocxTemplate, para, tag, conditional, shippedTemplateModule } from '../../scripts/make-docx-template.mjs';
import { syntheticModel } from '../../test/support/synthetic-model.js';
import type { BookletModel } from '../model.js';
import { BookletTemplateError } from '../options.js';
import { xmlProblem } from '../odt/xml-check.js';
import { STYLE } from './docx-styles.js';
import { presenterMark } from './docx-data.js';
import { escapeXml } from '../xml/xml-text.js';
import { TOC_INSTRUCTION } from './docx-xml.js';
import { shippedTemplateBytes } from './docx-template.js';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { rawXmlAsBytes, tagParser, writeDocx } from './docx-writer.js';

const makeTemplate = makeDocxTemplate;
const p = para;
const t = tag;
const when = conditional;

const HOSTILE = '</w:t></w:r></w:p><w:p><w:r><w:t>INJECTED & {event.title} {#days}{/days} {@tocXml} <script>x</script> "q" \u0001\uD800';
/** What HOSTILE prints as: the same text minus the characters XML cannot hold. */
const HOSTILE_TEXT = HOSTILE.replace(/[\u0001\uD800]/g, '');

/** A small model with every feature: orals, posters, unscheduled, rich runs, hostile strings everywhere. */
function handModel(): BookletModel {
  return {
    event: { id: '1', title: `Conf ${HOSTILE}`, dates: '22–26 August 2022', venue: `Venue ${HOSTILE}`, timezone: 'Europe/Rome', locale: 'en' },
    labels: { contents: 'Contents', authorIndex: 'Author Index', chairs: 'Chairs', chair: 'Chair', room: 'Room', board: 'Board', unscheduled: 'Unscheduled contributions', presenter: 'presenter', presenterNote: '* presenter', contributions: 'Contributions' },
    days: [
      {
        key: '2022-08-22',
        heading: 'Monday, 22 August 2022',
        anchor: 'day-1',
        blocks: [
          {
            anchor: 'b-moa', code: 'MOA', title: 'Opening', heading: 'MOA — Opening', date: 'Monday, 22 August 2022', timeRange: '09:00–10:30',
            room: `Room ${HOSTILE}`, chairs: ['A. Chair (CERN)', `B. ${HOSTILE}`], isPoster: false,
            contributions: [
              {
                anchor: 'c-moa01', code: 'MOA01', time: '09:00', board: '', isPoster: false, title: `Title ${HOSTILE}`,
                authorGroups: [
                  { affiliation: 'CERN', authors: [{ name: 'É. Presenter', presenter: true }, { name: 'B. Coauthor', presenter: false }] },
                  { affiliation: `Affil ${HOSTILE}`, authors: [{ name: `N. ${HOSTILE}`, presenter: false }] },
                ],
                abstract: [
                  [{ text: 'Bi' }, { text: '2', sub: true }, { text: 'Se' }, { text: '3', sub: true }, { text: ' at 10' }, { text: '−6', sup: true }, { text: ' with ' }, { text: 'bold', bold: true }, { text: ' and ' }, { text: 'italic', italic: true }],
                  [{ text: 'line one' }, { text: '', br: true }, { text: `line two ${HOSTILE}` }],
                ],
                customFields: [{ name: 'Funding Agency', value: `Fund ${HOSTILE}` }, { name: 'Empty', value: '' }],
              },
            ],
          },
          {
            anchor: 'b-mop', code: 'MOP', title: 'Posters', heading: 'MOP — Posters', date: 'Monday, 22 August 2022', timeRange: '16:00–18:00', room: '', chairs: [], isPoster: true,
            contributions: [
              { anchor: 'c-mop001', code: 'MOP001', time: '', board: '12', isPoster: true, title: 'A poster', authorGroups: [{ affiliation: '', authors: [{ name: 'P. Oster', presenter: true }] }], abstract: [], customFields: [] },
              { anchor: 'c-mop002', code: 'MOP002', time: '', board: '', isPoster: true, title: 'Poster without board', authorGroups: [], abstract: [], customFields: [] },
            ],
          },
        ],
      },
      {
        key: 'unscheduled',
        heading: '',
        anchor: 'day-unscheduled',
        blocks: [
          {
            anchor: 'b-un', code: '', title: 'Contributions', heading: '', date: '', timeRange: '', room: '', chairs: [], isPoster: false,
            contributions: [{ anchor: 'c-x', code: '', time: '', board: '', isPoster: false, title: 'No code at all', authorGroups: [], abstract: [], customFields: [] }],
          },
        ],
      },
    ],
    authorIndex: [
      { familyName: 'Coauthor', givenNames: 'B.', affiliation: '', codes: ['MOA01'] },
      { familyName: `Évil ${HOSTILE}`, givenNames: '', affiliation: '', codes: ['MOA01', 'No code at all'] },
      { familyName: 'Oster', givenNames: 'P.', affiliation: '', codes: ['MOP001'] },
    ],
    layout: { pageSize: 'A4', index: 'codes' },
    stats: { days: 2, blocks: 3, contributions: 4, persons: 3 },
  };
}

function parts(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/** Text of every w:t / w:instrText, XML entities decoded, paragraphs on their own lines. */
function textOf(xml: string): string {
  const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml
    .split(/<\/w:p>/)
    .map((paragraph) => [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1])).join(''))
    .join('\n');
}

function attrValues(xml: string, element: string, attr: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element} [^>]*?${attr}="([^"]*)"`, 'g'))].map((m) => m[1]);
}

describe('writeDocx', () => {
  const out = writeDocx(handModel());
  const files = parts(out);
  const doc = files['word/document.xml'];
  const styles = files['word/styles.xml'];

  it('is a zip with the parts of a WordprocessingML document, [Content_Types].xml first', () => {
    expect(Object.keys(unzipSync(out))[0]).toBe('[Content_Types].xml');
    for (const name of ['_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/_rels/document.xml.rels', 'word/footer1.xml', 'word/settings.xml', 'word/fontTable.xml']) {
      expect(files, name).toHaveProperty([name]);
    }
    expect(files['[Content_Types].xml']).toContain('wordprocessingml.document.main+xml');
  });

  it('writes only well-formed XML parts', () => {
    for (const [name, xml] of Object.entries(files)) {
      expect(xmlProblem(xml), name).toBeNull();
    }
  });

  it('prints hostile strings as text: no markup, no tags, no invalid characters', () => {
    const text = textOf(doc);
    // Event title, venue, room, chairs, title, affiliation, author, abstract, custom field, index name
    expect(text.split(HOSTILE_TEXT).length - 1).toBeGreaterThanOrEqual(10);
    expect(doc).not.toContain('<w:t>INJECTED');
    expect(doc).not.toContain('<script>');
    expect(doc).not.toMatch(/[\u0001]/);
    // The tags inside the data stayed literal: not replaced by the title, not expanded as loops.
    expect(text).toContain('{event.title} {#days}{/days} {@tocXml}');
    // The footer's own tag was rendered.
    expect(textOf(files['word/footer1.xml'])).toContain(`Conf ${HOSTILE_TEXT}`);
    expect(escapeXml('a\uDC00b\uD83D\uDE00c\uFFFE')).toBe('ab\uD83D\uDE00c');
  });

  it('gives every paragraph and run a named style defined in styles.xml', () => {
    const defined = new Set(attrValues(styles, 'w:style', 'w:styleId'));
    const used = [...new Set([...attrValues(doc, 'w:pStyle', 'w:val'), ...attrValues(doc, 'w:rStyle', 'w:val')])];
    expect(used.length).toBeGreaterThan(15);
    for (const id of used) {
      expect(defined, id).toContain(id);
    }
    for (const id of Object.values(STYLE)) {
      expect(defined, id).toContain(id);
    }
    const names = attrValues(styles, 'w:name', 'w:val');
    for (const name of ['Booklet Title', 'Booklet Heading 1', 'Booklet Heading 2', 'Booklet Session Info', 'Booklet Contribution Code', 'Booklet Contribution Title', 'Booklet Authors', 'Booklet Abstract', 'Booklet Custom Field', 'Booklet Index Entry']) {
      expect(names).toContain(name);
    }
    // Every paragraph has a style (the TOC's closing paragraph included).
    const paragraphs = doc.match(/<w:p[ >]/g)!.length;
    expect(doc.match(/<w:p><w:pPr><w:pStyle /g)!.length).toBe(paragraphs);
    expect(styles).toMatch(/w:styleId="BookletHeading1"><w:name w:val="Booklet Heading 1"\/><w:basedOn w:val="Heading1"\/>/);
  });

  it('prefills the table of contents with every day and session block, linked to bookmarked headings', () => {
    expect(doc).toContain(escapeXml(TOC_INSTRUCTION));
    expect(TOC_INSTRUCTION).toMatch(/^TOC \\o "1-2" \\h/);
    const toc = doc.slice(doc.indexOf('TOC \\o'), doc.indexOf('w:fldCharType="end"/></w:r></w:p>', doc.indexOf('TOC \\o')));
    const entries = [...toc.matchAll(/<w:hyperlink w:anchor="([^"]+)"[^>]*><w:r><w:t xml:space="preserve">([^<]*)<\/w:t>/g)].map((m) => [m[1], m[2]]);
    expect(entries.map((e) => e[1])).toEqual(['Monday, 22 August 2022', 'MOA — Opening', 'MOP — Posters', 'Unscheduled contributions', 'Contributions', 'Author Index']);
    const bookmarks = attrValues(doc, 'w:bookmarkStart', 'w:name');
    for (const [anchor] of entries) {
      expect(bookmarks).toContain(anchor);
    }
    // TOC paragraphs use toc 1 (days, index) and toc 2 (blocks)
    expect(toc).toContain('<w:pStyle w:val="TOC1"/>');
    expect(toc).toContain('<w:pStyle w:val="TOC2"/>');
  });

  it('uses Word-valid, unique bookmarks; the author index links codes to their contributions', () => {
    const names = attrValues(doc, 'w:bookmarkStart', 'w:name');
    const ids = attrValues(doc, 'w:bookmarkStart', 'w:id');
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(attrValues(doc, 'w:bookmarkEnd', 'w:id').sort()).toEqual([...ids].sort());
    for (const n of names) {
      expect(n).toMatch(/^_[A-Za-z0-9_]{1,39}$/);
    }
    const links = attrValues(doc, 'w:hyperlink', 'w:anchor');
    for (const l of links) {
      expect(names).toContain(l);
    }
    // MOA01, MOA01, "No code at all", MOP001 in the index + TOC entries
    expect(links.length).toBe(6 + 4);
  });

  it('renders rich abstract runs as real Word formatting', () => {
    expect(doc).toContain('<w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t xml:space="preserve">2</w:t></w:r>');
    expect(doc).toContain('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">−6</w:t></w:r>');
    expect(doc).toContain('<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">bold</w:t></w:r>');
    expect(doc).toContain('<w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">italic</w:t></w:r>');
    expect(doc).toContain('<w:pPr><w:pStyle w:val="BookletAbstractLines"/></w:pPr><w:r><w:t xml:space="preserve">line one</w:t></w:r></w:p>');
    expect(doc).not.toContain('<w:br/>');
  });

  it('lays out codes, times, boards, authors, custom fields and session details', () => {
    const text = textOf(doc);
    // code, tab, time or board (the tab is not text)
    expect(text).toContain('\nMOA0109:00\n');
    expect(text).toContain('\nMOP001Board\u00a012\n');
    expect(text).toContain('É. Presenter*, B. Coauthor (CERN); ');
    expect(text).toContain('P. Oster*');
    expect(text).toContain(`Funding Agency: Fund ${HOSTILE_TEXT}`);
    expect(text).not.toContain('Empty:');
    expect(text).toContain('Monday, 22 August 2022, 09:00–10:30');
    expect(text).toContain(`Chairs: A. Chair (CERN), B. ${HOSTILE_TEXT}`);
    expect(text).toContain('\nMOP002\nPoster without board\n');
    expect(text).toContain('\n* presenter\n');
    expect(text).not.toMatch(/undefined|null|NaN|\[object Object\]/);
    expect(presenterMark('† presenting author')).toBe('†');
    expect(presenterMark('presenter')).toBe('*');
  });

  it('holds the shipped template, generated reproducibly by scripts/make-docx-template.mjs (file and module)', () => {
    const shipped = readFileSync(new URL('../../templates/booklet-template.docx', import.meta.url));
    expect(Buffer.from(makeTemplate()).equals(shipped)).toBe(true);
    expect(Buffer.from(shippedTemplateBytes()).equals(shipped)).toBe(true);
    expect(readFileSync(new URL('./shipped-template.generated.ts', import.meta.url), 'utf8')).toBe(shippedTemplateModule(shipped));
    expect(parts(writeDocx(handModel(), { template: shipped }))['word/document.xml']).toBe(doc);
  });
});

describe('writeDocx with an organiser template', () => {
  /** A template whose body is `body`, zipped like the shipped one. */
  const template = (body: string, options: { bodyFont?: string } = {}): Uint8Array => makeTemplate({ body, ...options });

  it('renders the fine-grained tags of a custom layout', () => {
    const body = [
      p('BookletTitle', 'Own book: {event.title}'),
      t('{#days}'),
      p('BookletHeading1', '{heading}'),
      t('{#blocks}'),
      p('BookletHeading2', '{code} | {title} | {when} | {roomLine} | {chairsLabel}: {chairs}'),
      t('{#contributions}'),
      p('BookletContributionCode', '[{code}] [{time}] [{boardText}] [{detail}]'),
      p('BookletContributionTitle', '{title}'),
      when('authors', p('BookletAuthors', '{authors}')),
      t('{@abstractXml}'),
      t('{#customFields}'),
      p('BookletCustomField', '{name} = {value}'),
      t('{/customFields}'),
      t('{/contributions}'),
      t('{/blocks}'),
      t('{/days}'),
      t('{#authorIndex}'),
      p('BookletIndexEntry', '{familyName} / {givenNames} / {codes} / {labels.board}'),
      t('{/authorIndex}'),
      p('', '{constructor}{__proto__}{labels.constructor.name}{event.title.length}'),
    ].join('');
    const files = parts(writeDocx(handModel(), { template: template(body) }));
    const text = textOf(files['word/document.xml']);
    expect(text).toContain(`Own book: Conf ${HOSTILE_TEXT}`);
    expect(text).toContain(`MOA | Opening | Monday, 22 August 2022, 09:00–10:30 | Room: Room ${HOSTILE_TEXT} | Chairs: A. Chair (CERN), B. ${HOSTILE_TEXT}`);
    expect(text).toContain('[MOA01] [09:00] [] [09:00]');
    expect(text).toContain('[MOP001] [] [Board\u00a012] [Board\u00a012]');
    expect(text).toContain(`É. Presenter*, B. Coauthor (CERN); N. ${HOSTILE_TEXT} (Affil ${HOSTILE_TEXT})`);
    expect(text).toContain(`Funding Agency = Fund ${HOSTILE_TEXT}`);
    expect(text).toContain('Oster / P. / MOP001 / Board');
    expect(text).toContain('Unscheduled contributions');
    expect(files['word/document.xml']).toContain('<w:vertAlign w:val="superscript"/>');
    // No prototype walking, no functions: those tags print nothing.
    expect(text).not.toMatch(/function|Object|\[object|undefined|^\d+$/m);
    for (const xml of Object.values(files)) {
      expect(xmlProblem(xml)).toBeNull();
    }
  });

  it('adds the styles the generated XML needs when the template lacks them', () => {
    const bytes = template(t('{#days}') + t('{@headingXml}') + t('{/days}'));
    const files = unzipSync(bytes);
    const styles = strFromU8(files['word/styles.xml'])
      .replace(/<w:style [^>]*w:styleId="(BookletHeading1|Heading1|BookletPresenter)"[\s\S]*?<\/w:style>/g, '');
    files['word/styles.xml'] = strToU8(styles);
    const out = parts(writeDocx(handModel(), { template: zipSync(files) }));
    const ids = attrValues(out['word/styles.xml'], 'w:style', 'w:styleId');
    expect(ids).toContain('BookletHeading1');
    expect(ids).toContain('Heading1'); // what it is based on
    expect(ids).toContain('BookletPresenter');
    expect(new Set(ids).size).toBe(ids.length);
    expect(xmlProblem(out['word/styles.xml'])).toBeNull();
  });

  it('uses the template\'s own ids for built-in styles (Word localises them)', () => {
    // As Italian Word saves it: "toc 1" is Sommario1, "heading 1" is Titolo1.
    const files = unzipSync(template(t('{@tocXml}') + t('{#days}') + t('{@headingXml}') + t('{/days}')));
    const styles = strFromU8(files['word/styles.xml'])
      .replace(/w:styleId="TOC1"/, 'w:styleId="Sommario1"')
      .replace(/w:styleId="Heading1"/, 'w:styleId="Titolo1"')
      .replace(/w:val="Heading1"/g, 'w:val="Titolo1"')
      .replace(/<w:style [^>]*w:styleId="BookletHeading1"[\s\S]*?<\/w:style>/, '');
    files['word/styles.xml'] = strToU8(styles);
    const out = parts(writeDocx(handModel(), { template: zipSync(files) }));
    const doc = out['word/document.xml'];
    const outStyles = out['word/styles.xml'];
    expect(doc).toContain('<w:pStyle w:val="Sommario1"/>');
    expect(doc).not.toContain('<w:pStyle w:val="TOC1"/>');
    expect(doc).toContain('<w:pStyle w:val="BookletHeading1"/>');
    expect(outStyles).toMatch(/w:styleId="BookletHeading1"><w:name w:val="Booklet Heading 1"\/><w:basedOn w:val="Titolo1"\/>/);
    const ids = attrValues(outStyles, 'w:style', 'w:styleId');
    expect(ids).not.toContain('TOC1');
    expect(ids).not.toContain('Heading1');
    const names = attrValues(outStyles, 'w:name', 'w:val');
    expect(new Set(names).size).toBe(names.length);
  });

  it('accepts a Word template (.dotx) and writes a document; refuses macro-enabled files', () => {
    const files = unzipSync(template(t('{#days}') + p('BookletHeading1', '{heading}') + t('{/days}')));
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
    const dotx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml';
    files['[Content_Types].xml'] = strToU8(strFromU8(files['[Content_Types].xml']).replace(docx, dotx));
    const out = parts(writeDocx(handModel(), { template: zipSync(files) }));
    expect(out['[Content_Types].xml']).toContain(docx);
    expect(out['[Content_Types].xml']).not.toContain(dotx);
    expect(textOf(out['word/document.xml'])).toContain('Monday, 22 August 2022');

    files['[Content_Types].xml'] = strToU8(strFromU8(files['[Content_Types].xml']).replace(dotx, 'application/vnd.ms-word.template.macroEnabledTemplate.main+xml'));
    expect(() => writeDocx(handModel(), { template: zipSync(files) })).toThrow(/macro-enabled/);
  });

  it('rejects an unusable template with BookletTemplateError and docxtemplater\'s explanation', () => {
    const unclosed = template(p('BookletTitle', '{event.title'));
    let error: unknown;
    try {
      writeDocx(handModel(), { template: unclosed });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BookletTemplateError);
    const e = error as BookletTemplateError;
    expect(e.message).toBe('The DOCX template has an error: The tag beginning with "{event.title" is unclosed (word/document.xml, text offset 0; unclosed_tag)');
    expect(e.details).toEqual([{ path: 'options.template.docx', reason: 'The tag beginning with "{event.title" is unclosed (word/document.xml, text offset 0; unclosed_tag)' }]);

    expect(() => writeDocx(handModel(), { template: template(p('', 'text {@tocXml}')) })).toThrow(/The raw tag "tocXml" should be the only text in this paragraph/);
    expect(() => writeDocx(handModel(), { template: template(p('', '{#a}{/b}') + p('', '{x}}')) })).toThrow(/^The DOCX template has 2 errors: (?=.*The tag "a" is closed by the tag "b")(?=.*has duplicate close tags)/);
    expect(() => writeDocx(handModel(), { template: template(t('{#days}')) })).toThrow(/loop with tag "days" is unclosed/);
    expect(() => writeDocx(handModel(), { template: strToU8('not a zip at all') })).toThrow(BookletTemplateError);
    const bomb = unzipSync(template(p('', 'x')));
    bomb['word/media/huge.bin'] = new Uint8Array(65 * 1024 * 1024); // deflates to ~65 kB
    expect(() => writeDocx(handModel(), { template: zipSync(bomb, { level: 1 }) })).toThrow(/too large once unzipped \(word\/media\/huge\.bin: 68157440 bytes/);
    expect(() => writeDocx(handModel(), { template: zipSync({ 'a.txt': strToU8('x') }) })).toThrow(/not a \.docx/);
  });
});

describe('rawXmlAsBytes', () => {
  it('takes over docxtemplater\'s raw-XML tags (the speed depends on it)', () => {
    const module = rawXmlAsBytes();
    const render = module.render.bind(module);
    let bytes = 0;
    module.render = (part, options) => {
      const out = render(part, options);
      if (out?.value instanceof Uint8Array) {
        bytes++;
      }
      return out;
    };
    const zip = new PizZip(makeTemplate({ body: t('{@a}') + t('{@b}') + p('', '{c}') }));
    const doc = new Docxtemplater(zip, { paragraphLoop: true, parser: tagParser, modules: [module as object] });
    doc.render({ a: '<w:p><w:r><w:t>A</w:t></w:r></w:p>', b: '', c: 'C' });
    expect(bytes).toBe(1); // `a`; `b` is empty, `c` is not raw XML
    const xml = strFromU8(unzipSync(doc.toUint8Array())['word/document.xml']);
    expect(xml).toContain('<w:body><w:p><w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">C</w:t></w:r></w:p><w:sectPr');
  });
});

// Speed is measured by `npm run bench:booklet` (docs/benchmarks.md), never asserted here.
describe('writeDocx at scale', () => {
  it('writes 2,000 contributions, every one of them in the document', () => {
    const model = syntheticModel(2000);
    const xml = strFromU8(unzipSync(writeDocx(model))['word/document.xml']);
    const all = model.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions));
    expect(all).toHaveLength(2000);
    let from = 0;
    for (const c of all) {
      const at = xml.indexOf(`>${c.code}<`, from);
      expect(at, c.code).toBeGreaterThan(from);
      from = at;
    }
  });
});
