import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from './build-model.js';
import type { BookletModel } from './model.js';
import { validateEvent, type IndicoEvent } from './validate-event.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

type Obj = Record<string, unknown>;
const at = (date: string, time: string, tz = 'Europe/Zurich') => ({ date, time, tz });
let seq = 0;
const person = (first: string, last: string, extra: Obj = {}) => ({ first_name: first, last_name: last, affiliation: 'Lab', person_id: ++seq, ...extra });
const contribution = (code: string, start: ReturnType<typeof at> | null, extra: Obj = {}) => ({
  code,
  title: `Title of ${code}`,
  description: `Abstract of ${code}`,
  startDate: start,
  endDate: null,
  speakers: [],
  primaryauthors: [],
  coauthors: [],
  ...extra,
});
const block = (code: string, start: ReturnType<typeof at> | null, contributions: Obj[], extra: Obj = {}) => ({
  _type: 'SessionSlot',
  code,
  title: `Session ${code}`,
  startDate: start,
  endDate: null,
  room: 'Room 1',
  conveners: [],
  session: { code, title: `Session ${code}`, isPoster: false },
  contributions,
  ...extra,
});
const eventOf = (sessions: Obj[], extra: Obj = {}): IndicoEvent => ({ _type: 'Conference', id: '1', title: 'Test 2026', timezone: 'Europe/Zurich', sessions, contributions: [], ...extra });

function build(event: IndicoEvent, options = {}): { model: BookletModel; warnings: string[] } {
  const v = validateEvent(event);
  expect(v.errors).toEqual([]);
  return buildModel(v.event!, options);
}

const codes = (m: BookletModel) => m.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions.map((c) => c.code)));
const blockCodes = (m: BookletModel) => m.days.flatMap((d) => d.blocks.map((b) => b.code));

describe('buildModel: the FEL2022 export', () => {
  const { event } = validateEvent(fixture('jacow-fel2022-event-44-detail-sessions.json'));
  const { model, warnings } = buildModel(event!);

  it('keeps every session block, contribution and person', () => {
    // 1,025 Indico person records; 87 names on several records merged, 6 kept apart (below).
    expect(model.stats).toEqual({ days: 5, blocks: 21, contributions: 233, persons: 932 });
    expect(model.authorIndex).toHaveLength(932);
    expect(model.event.title).toBe('FEL2022');
    expect(model.event.dates).toMatch(/21\s*–\s*26 August 2022/);
    expect(warnings).toEqual([
      '1 contribution has no abstract: MOX01',
      expect.stringMatching(/^Author index: 87 people appear under several Indico person records with the same name and were merged into one entry \(.*; and 82 more\)$/),
      expect.stringMatching(/^Author index: 6 names are shared by people with different e-mails and affiliations, kept apart with their affiliation/),
    ]);
  });

  it('prints one index entry per person: records of the same name merged, true homonyms apart with their affiliation', () => {
    const named = (family: string, given: string) => model.authorIndex.filter((e) => e.familyName === family && e.givenNames === given);
    // FEL2022 printed these twice: one entry now, with every code in booklet order.
    for (const [family, given] of [['Allaria', 'Enrico'], ['Aeppli', 'Gabriel'], ['Ghaith', 'Amin'], ['Amstutz', 'Philipp']]) {
      const entries = named(family, given);
      expect(entries, `${family}, ${given}`).toHaveLength(1);
      expect(entries[0].affiliation).toBe('');
    }
    expect(named('Allaria', 'Enrico')[0].codes).toEqual(['MOBI2', 'MOP01', 'TUBO3', 'TUP41', 'TUP42', 'TUP43', 'TUP45', 'TUP46', 'TUP49', 'TUP53', 'TUP54', 'TUP56', 'TUP57', 'TUP58', 'TUP59', 'TUP76', 'WEP04', 'WEP24', 'WEP40']);
    // Different e-mails and unrelated affiliations: two people, told apart by their affiliation.
    expect(named('Colson', 'William').map((e) => e.affiliation)).toEqual(['Naval Postgraduate School', 'WBC Physics']);
    expect(model.authorIndex.filter((e) => e.affiliation !== '')).toHaveLength(12);
  });

  it('orders days, then blocks by start then code, though the JSON is not chronological', () => {
    expect(model.days.map((d) => d.heading)).toEqual(['Monday, 22 August 2022', 'Tuesday, 23 August 2022', 'Wednesday, 24 August 2022', 'Thursday, 25 August 2022', 'Friday, 26 August 2022']);
    expect(blockCodes(model).slice(0, 6)).toEqual(['', 'MOA', 'MOB', 'MOC', 'MOP', 'MOT']);
    expect(model.days[1].blocks.map((b) => b.code)).toEqual(['TUA', 'TUB', 'TUC', 'TU121', 'TUP']);
    const moa = model.days[0].blocks[1];
    expect(moa).toMatchObject({ heading: 'MOA — First lasing', timeRange: '09:30–10:35', room: 'Auditorium Generali', chairs: ['F.\u00a0Curbis (Lund University)'] });
  });

  it('gives every poster session its time once, at its heading, so that posters without a board leave no empty slot', () => {
    const posterBlocks = model.days.flatMap((d) => d.blocks).filter((b) => b.isPoster);
    expect(posterBlocks.length).toBeGreaterThan(3);
    for (const b of posterBlocks) {
      expect(b.timeRange, b.heading).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
      for (const c of b.contributions) {
        expect(c.time, c.code).toBe('');
      }
    }
    // FEL2022 gives no board numbers: the code line then carries the code alone (see the writers).
    expect(posterBlocks.flatMap((b) => b.contributions).filter((c) => c.board === '').length).toBeGreaterThan(100);
  });

  it('orders posters by code (numerically) and prints no time for them', () => {
    const mop = model.days[0].blocks.find((b) => b.code === 'MOP')!;
    expect(mop.isPoster).toBe(true);
    const list = mop.contributions.map((c) => c.code);
    expect(list).toEqual([...list].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    expect(mop.contributions.every((c) => c.time === '')).toBe(true);
  });

  it('a block whose own code is empty takes its session code', () => {
    expect(blockCodes(model)).toContain('MOB');
    expect(blockCodes(model)).toContain('TUA');
  });

  it('groups authors by affiliation and marks presenters', () => {
    const mox = model.days[0].blocks[0].contributions[0];
    expect(mox.code).toBe('MOX01');
    expect(mox.authorGroups).toEqual([{ affiliation: 'Synchrotron Soleil', authors: [{ name: 'M.-E.\u00a0Couprie', presenter: true }] }]);
  });

  it('renders the markup in real abstracts and never prints raw math or null', () => {
    const all = model.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions.flatMap((c) => c.abstract.flat().map((r) => r.text)))).join(' ');
    expect(all).not.toMatch(/\$_|\$\^|undefined|\[object Object\]|\bnull\b|NaN/);
    expect(all).not.toMatch(/<sup>|<\/sup>/i);
  });
});

describe('buildModel: ordering rules', () => {
  it('days ascending, blocks by start then code, contributions by start then code, unscheduled last', () => {
    const event = eventOf([
      block('B2', at('2026-05-02', '09:00:00'), [contribution('B2-2', at('2026-05-02', '09:30:00')), contribution('B2-1', at('2026-05-02', '09:00:00'))]),
      block('A9', at('2026-05-01', '14:00:00'), [contribution('A9-1', at('2026-05-01', '14:00:00'))]),
      block('A2', at('2026-05-01', '09:00:00'), [
        contribution('A2-3', null),
        contribution('A2-2', at('2026-05-01', '09:00:00')),
        contribution('A2-1', at('2026-05-01', '09:00:00')),
      ]),
      block('A1', at('2026-05-01', '09:00:00'), []),
    ]);
    const { model, warnings } = build(event);
    expect(model.days.map((d) => d.key)).toEqual(['2026-05-01', '2026-05-02']);
    expect(blockCodes(model)).toEqual(['A1', 'A2', 'A9', 'B2']);
    expect(codes(model)).toEqual(['A2-1', 'A2-2', 'A2-3', 'A9-1', 'B2-1', 'B2-2']);
    expect(model.days[0].blocks[0].contributions).toEqual([]);
    expect(warnings).toContain('1 session block has no contributions');
    expect(warnings.some((w) => w.startsWith('1 contribution is not scheduled'))).toBe(true);
  });

  it('puts unscheduled contributions outside sessions on a last pseudo-day, scheduled ones in a pseudo-block of their day', () => {
    const event = eventOf([block('S1', at('2026-05-01', '09:00:00'), [contribution('S1-1', at('2026-05-01', '09:00:00'))])], {
      contributions: [contribution('U2', null), contribution('U1', null), contribution('L1', at('2026-05-01', '18:00:00'))],
    });
    const { model } = build(event);
    expect(model.days.map((d) => d.key)).toEqual(['2026-05-01', 'unscheduled']);
    expect(model.days[1].heading).toBe('Unscheduled contributions');
    expect(model.days[1].blocks[0].contributions.map((c) => c.code)).toEqual(['U1', 'U2']);
    expect(model.days[0].blocks.map((b) => b.heading)).toEqual(['S1 — Session S1', 'Contributions']);
    expect(model.days[0].blocks[1].contributions[0]).toMatchObject({ code: 'L1', time: '18:00' });
  });

  it('can leave out posters, abstracts and the author index', () => {
    const poster = block('P', at('2026-05-01', '16:00:00'), [contribution('P1', at('2026-05-01', '16:00:00'), { primaryauthors: [person('Ann', 'Poster')] })], { session: { code: 'P', isPoster: true } });
    const oral = block('O', at('2026-05-01', '09:00:00'), [contribution('O1', at('2026-05-01', '09:00:00'), { primaryauthors: [person('Bob', 'Oral')] })]);
    const all = build(eventOf([poster, oral])).model;
    expect(blockCodes(all)).toEqual(['O', 'P']);
    expect(all.authorIndex.map((e) => e.familyName)).toEqual(['Oral', 'Poster']);
    const some = build(eventOf([poster, oral]), { includePosters: false, includeAbstracts: false, includeAuthorIndex: false }).model;
    expect(blockCodes(some)).toEqual(['O']);
    expect(some.days[0].blocks[0].contributions[0].abstract).toEqual([]);
    expect(some.authorIndex).toEqual([]);
    const noPosterIndex = build(eventOf([poster, oral]), { includePosters: false }).model;
    expect(noPosterIndex.authorIndex.map((e) => e.familyName)).toEqual(['Oral']);
  });
});

describe('buildModel: timezones', () => {
  it('converts from the zone each date names to the event timezone', () => {
    // The Indico server speaks Europe/Zurich; the event is in Tokyo (+7 h in summer).
    const event = eventOf([block('S', at('2026-07-01', '02:00:00'), [contribution('C1', at('2026-07-01', '02:30:00'))], { endDate: at('2026-07-01', '04:00:00') })], { timezone: 'Asia/Tokyo' });
    const { model } = build(event);
    expect(model.days[0].key).toBe('2026-07-01');
    expect(model.days[0].blocks[0].timeRange).toBe('09:00–11:00');
    expect(model.days[0].blocks[0].contributions[0].time).toBe('09:30');
  });

  it('moves a session to the next day when the conversion crosses midnight', () => {
    const event = eventOf([block('S', at('2026-07-01', '20:00:00'), [contribution('C1', at('2026-07-01', '20:00:00'))])], { timezone: 'Asia/Tokyo' });
    const { model } = build(event);
    expect(model.days[0].key).toBe('2026-07-02');
    expect(model.days[0].blocks[0].contributions[0].time).toBe('03:00');
  });

  it('handles a DST change inside the event (Europe, last Sunday of October)', () => {
    // Dates in UTC; the event runs in Europe/Zurich across 25 Oct 2026 03:00 CEST → 02:00 CET.
    const event = eventOf(
      [
        block('SAT', at('2026-10-24', '07:00:00', 'UTC'), [contribution('SAT1', at('2026-10-24', '07:00:00', 'UTC'))]),
        block('MON', at('2026-10-26', '07:00:00', 'UTC'), [contribution('MON1', at('2026-10-26', '07:00:00', 'UTC'))]),
      ],
      { timezone: 'Europe/Zurich' },
    );
    const { model } = build(event);
    expect(model.days.map((d) => d.blocks[0].contributions[0].time)).toEqual(['09:00', '08:00']);
  });

  it('prints in the timezone option when given, and converts local wall-clock times across DST correctly', () => {
    const event = eventOf([block('S', at('2026-03-29', '01:30:00'), [contribution('A', at('2026-03-29', '01:30:00')), contribution('B', at('2026-03-29', '03:30:00'))])]);
    const { model } = build(event, { timezone: 'UTC' });
    // 01:30 CET = 00:30 UTC; 03:30 CEST = 01:30 UTC (the clocks jumped from 02:00 to 03:00).
    expect(model.days[0].blocks[0].contributions.map((c) => c.time)).toEqual(['00:30', '01:30']);
    expect(model.event.timezone).toBe('UTC');
  });
});

describe('buildModel: locales', () => {
  const event = eventOf([block('S', at('2026-05-04', '09:00:00'), [contribution('C', at('2026-05-04', '09:00:00'))])], { startDate: at('2026-05-04', '09:00:00'), endDate: at('2026-05-08', '17:00:00') });
  it.each([
    ['en', 'Monday, 4 May 2026', 'Author Index'],
    ['it', 'Lunedì 4 maggio 2026', 'Indice degli autori'],
    ['fr', 'Lundi 4 mai 2026', 'Index des auteurs'],
    ['de', 'Montag, 4. Mai 2026', 'Autorenverzeichnis'],
  ])('%s: day headings and labels', (locale, heading, indexLabel) => {
    const { model, warnings } = build(event, { locale });
    expect(model.days[0].heading).toBe(heading);
    expect(model.labels.authorIndex).toBe(indexLabel);
    expect(warnings.filter((w) => /locale/i.test(w))).toEqual([]);
  });

  it('falls back to English labels for a language without labels, and says so', () => {
    const { model, warnings } = build(event, { locale: 'es' });
    expect(model.days[0].heading).toBe('Lunes, 4 de mayo de 2026');
    expect(model.labels.authorIndex).toBe('Author Index');
    expect(warnings.some((w) => w.includes('es'))).toBe(true);
  });
});

describe('buildModel: persons and the author index', () => {
  it('merges records of the same name unless both e-mails differ and the affiliations are unrelated', () => {
    // Explicit ids far from the helper's counter.
    const a1 = person('Ann', 'Smith', { person_id: 90_007, db_id: 1 });
    const a2 = person('Ann', 'Smith', { person_id: 90_007, db_id: 2 });
    const sameNoEmail = person('Ann', 'Smith', { person_id: 90_008 });
    const acronym = person('Bo', 'Lee', { emailHash: 'b1', affiliation: 'Helmholtz-Zentrum Dresden-Rossendorf' });
    const acronym2 = person('Bo', 'Lee', { emailHash: 'b2', affiliation: 'HZDR' });
    const x1 = person('Cy', 'Ng', { emailHash: 'c1', affiliation: 'Stanford University' });
    const x2 = person('Cy', 'Ng', { emailHash: 'c2', affiliation: 'Lund University' });
    const event = eventOf([
      block('S', at('2026-05-01', '09:00:00'), [
        contribution('C1', at('2026-05-01', '09:00:00'), { primaryauthors: [a1, acronym, x1] }),
        contribution('C2', at('2026-05-01', '10:00:00'), { primaryauthors: [a2, sameNoEmail, acronym2, x2] }),
      ]),
    ]);
    const { model, warnings } = build(event);
    expect(model.authorIndex).toEqual([
      { familyName: 'Lee', givenNames: 'Bo', affiliation: '', codes: ['C1', 'C2'] },
      { familyName: 'Ng', givenNames: 'Cy', affiliation: 'Lund University', codes: ['C2'] },
      { familyName: 'Ng', givenNames: 'Cy', affiliation: 'Stanford University', codes: ['C1'] },
      { familyName: 'Smith', givenNames: 'Ann', affiliation: '', codes: ['C1', 'C2'] },
    ]);
    expect(model.stats.persons).toBe(4);
    expect(warnings).toContain('Author index: 2 people appear under several Indico person records with the same name and were merged into one entry (Smith, Ann; Lee, Bo)');
    expect(warnings).toContain('Author index: 1 name is shared by people with different e-mails and affiliations, kept apart with their affiliation (Ng, Cy)');
  });

  it('falls back to emailHash, then the normalised name, when person_id is missing', () => {
    const p = (first: string, last: string, extra: Obj) => ({ first_name: first, last_name: last, ...extra });
    const event = eventOf([
      block('S', at('2026-05-01', '09:00:00'), [
        contribution('C1', at('2026-05-01', '09:00:00'), { primaryauthors: [p('Bo', 'Lee', { emailHash: 'h1' }), p('Cy', 'Ng', {})] }),
        contribution('C2', at('2026-05-01', '10:00:00'), { primaryauthors: [p('Bo', 'Lee', { emailHash: 'h1' }), p('CY', 'NG', {})] }),
      ]),
    ]);
    const { model } = build(event);
    expect(model.authorIndex.map((e) => [e.familyName, e.codes])).toEqual([
      ['Lee', ['C1', 'C2']],
      ['Ng', ['C1', 'C2']],
    ]);
  });

  it('groups authors by affiliation (primary authors first), marks presenters, adds a speaker who is not an author', () => {
    const ann = person('Ann', 'Alpha', { affiliation: 'CERN' });
    const bob = person('Bob', 'Beta', { affiliation: 'DESY' });
    const cat = person('Cat', 'Gamma', { affiliation: 'CERN' });
    const dan = person('Dan', 'Delta', { affiliation: 'PSI' });
    const event = eventOf([block('S', at('2026-05-01', '09:00:00'), [contribution('C1', at('2026-05-01', '09:00:00'), { primaryauthors: [ann, bob], coauthors: [cat], speakers: [{ ...bob }, dan] })])]);
    const c = build(event).model.days[0].blocks[0].contributions[0];
    expect(c.authorGroups).toEqual([
      { affiliation: 'CERN', authors: [{ name: 'A.\u00a0Alpha', presenter: false }, { name: 'C.\u00a0Gamma', presenter: false }] },
      { affiliation: 'DESY', authors: [{ name: 'B.\u00a0Beta', presenter: true }] },
      { affiliation: 'PSI', authors: [{ name: 'D.\u00a0Delta', presenter: true }] },
    ]);
  });

  it('keeps names in Cyrillic, Greek, Arabic, CJK and with combining accents, and sorts them with the locale', () => {
    const names: [string, string][] = [
      ['Иван', 'Петров'],
      ['Νίκος', 'Παπαδόπουλος'],
      ['محمد', 'العلي'],
      ['小明', '王'],
      ['Émile', 'Zola'],
      ['Eve', '\u00c9lan'], // É precomposed
      ['Olga', 'O\u0308stlund'], // O + combining diaeresis
      ['Jan', 'van Dijk'],
      ['Luc', 'de Broglie'],
      ['Zoe', 'Adams'],
    ];
    const authors = names.map(([f, l]) => person(f, l));
    const event = eventOf([block('S', at('2026-05-01', '09:00:00'), [contribution('C1', at('2026-05-01', '09:00:00'), { primaryauthors: authors })])]);
    const { model } = build(event);
    const families = model.authorIndex.map((e) => e.familyName);
    // Nothing lost: every person is there, with the text normalised to NFC.
    expect(families).toHaveLength(names.length);
    for (const [, last] of names) {
      expect(families).toContain(last.normalize('NFC'));
    }
    // Latin names sort with their accents folded: Adams, de Broglie, Élan, Östlund, van Dijk, Zola.
    expect(families.filter((f) => /^[\p{Script=Latin}\s]+$/u.test(f))).toEqual(['Adams', 'de Broglie', 'Élan', 'Östlund', 'van Dijk', 'Zola']);
    // Display names: initials for cased scripts, full names for scripts without initials.
    const shown = model.days[0].blocks[0].contributions[0].authorGroups.flatMap((g) => g.authors.map((a) => a.name));
    expect(shown).toContain('И.\u00a0Петров');
    expect(shown).toContain('Ν.\u00a0Παπαδόπουλος');
    expect(shown).toContain('محمد العلي');
    expect(shown).toContain('小明 王');
    expect(shown).toContain('É.\u00a0Zola');
  });
});

describe('buildModel: tolerance', () => {
  it('accepts the Indico 1.x documented example (no codes, no persons)', () => {
    const v = validateEvent(fixture('indico-docs-event-137346-detail-sessions.json'));
    expect(v.errors).toEqual([]);
    const { model, warnings } = buildModel(v.event!);
    expect(model.stats.contributions).toBeGreaterThan(0);
    expect(warnings.some((w) => w.includes('no programme code'))).toBe(true);
    expect(JSON.stringify(model)).not.toMatch(/undefined|null|\[object Object\]|NaN/);
  });

  it('ignores unknown extra fields and missing optional ones', () => {
    const event = eventOf([{ ...block('S', at('2026-05-01', '09:00:00'), [{ ...contribution('C1', at('2026-05-01', '09:00:00')), someNewField: { deep: [1, 2] }, description: undefined, speakers: undefined }]), futureThing: 42 }], { newTopLevel: true });
    const { model, warnings } = build(event);
    expect(codes(model)).toEqual(['C1']);
    expect(warnings).toContain('1 contribution has no abstract: C1');
    expect(JSON.stringify(model)).not.toMatch(/undefined|null|\[object Object\]/);
  });

  it('prints selected custom fields when present and warns about absent ones', () => {
    const event = eventOf([
      block('S', at('2026-05-01', '09:00:00'), [
        contribution('C1', at('2026-05-01', '09:00:00'), { custom_fields: [{ name: 'Funding Agency', value: 'EU Horizon' }] }),
        contribution('C2', at('2026-05-01', '10:00:00'), { fields: { 'funding agency': ['DOE', 'NSF'] } }),
      ]),
    ]);
    const { model, warnings } = build(event, { customFields: ['Funding Agency', 'Missing Field'] });
    expect(model.days[0].blocks[0].contributions.map((c) => c.customFields)).toEqual([[{ name: 'Funding Agency', value: 'EU Horizon' }], [{ name: 'Funding Agency', value: 'DOE, NSF' }]]);
    expect(warnings).toContain('Custom field "Missing Field" is not present in any contribution');
  });
});
