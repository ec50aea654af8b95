// Hand-built booklet models for the ODT specs and the ODT speed check (no buildModel needed).
import type { BookletModel, Contribution, Day, Labels } from '../src/model.js';

export const LABELS: Labels = {
  contents: 'Contents',
  authorIndex: 'Author Index',
  chairs: 'Chairs',
  chair: 'Chair',
  room: 'Room',
  board: 'Board',
  unscheduled: 'Unscheduled contributions',
  presenter: 'presenter',
  presenterNote: '* presenter',
  contributions: 'Contributions',
};

/** A small booklet with every feature: orals, posters, unscheduled, hostile strings, rich runs. */
export function smallModel(): BookletModel {
  const days: Day[] = [
    {
      key: '2022-08-22',
      heading: 'Monday, 22 August 2022',
      anchor: 'day-2022-08-22',
      blocks: [
        {
          anchor: 'blk-MOA',
          code: 'MOA',
          title: 'Opening Session',
          heading: 'MOA — Opening Session',
          date: 'Monday, 22 August 2022',
          timeRange: '09:00–10:30',
          room: 'Auditorium & Hall <B>',
          chairs: ['A. Chair (CERN)', 'B. Chair (DESY)'],
          isPoster: false,
          contributions: [
            {
              anchor: 'c-MOA01',
              code: 'MOA01',
              time: '09:00',
              board: '',
              isPoster: false,
              title: 'Lasing at 1 nm: </text:p><script>alert(1)</script>',
              authorGroups: [
                { affiliation: 'Elettra-Sincrotrone Trieste S.C.p.A.', authors: [{ name: 'E. Allaria', presenter: true }, { name: 'L. Badano', presenter: false }] },
                { affiliation: 'CERN', authors: [{ name: 'Ö. Çelik', presenter: false }] },
              ],
              abstract: [
                [{ text: 'We report Bi' }, { text: '2', sub: true }, { text: 'Se' }, { text: '3', sub: true }, { text: ' with ' }, { text: 'italic', italic: true }, { text: ' and ' }, { text: 'bold', bold: true }, { text: ' and x' }, { text: '2', sup: true }, { text: '.' }],
                [{ text: 'Second line' }, { text: '', br: true }, { text: 'after a break: a < b & c > d, "quoted" ]]> &amp; done.' }],
              ],
              customFields: [{ name: 'Funding Agency', value: 'EU Horizon & Co' }],
            },
            {
              anchor: 'c-MOA02',
              code: 'MOA02',
              time: '09:30',
              board: '',
              isPoster: false,
              title: 'Seeded FEL operation\u0001 with control\u0000 chars',
              authorGroups: [{ affiliation: '', authors: [{ name: 'J. van der Berg', presenter: true }] }],
              abstract: [],
              customFields: [],
            },
          ],
        },
        {
          anchor: 'blk-MOP',
          code: 'MOP',
          title: 'Monday Posters',
          heading: 'MOP — Monday Posters',
          date: 'Monday, 22 August 2022',
          timeRange: '16:00–18:00',
          room: 'Poster Area',
          chairs: [],
          isPoster: true,
          contributions: [
            {
              anchor: 'c-MOP01',
              code: 'MOP01',
              time: '',
              board: '12',
              isPoster: true,
              title: 'Undulator tapering studies',
              authorGroups: [{ affiliation: 'PSI', authors: [{ name: 'S. Reiche', presenter: true }, { name: 'É. Prat', presenter: false }] }],
              abstract: [[{ text: 'Poster abstract.' }]],
              customFields: [],
            },
          ],
        },
      ],
    },
    {
      key: 'unscheduled',
      heading: 'Unscheduled contributions',
      anchor: 'day-unscheduled',
      blocks: [
        {
          anchor: 'blk-unscheduled',
          code: '',
          title: 'Other contributions',
          heading: 'Other contributions',
          date: '',
          timeRange: '',
          room: '',
          chairs: ['C. Solo (ESRF)'],
          isPoster: false,
          contributions: [
            {
              anchor: 'c-XYZ99',
              code: 'XYZ99',
              time: '',
              board: '',
              isPoster: false,
              title: 'An unscheduled talk',
              authorGroups: [{ affiliation: 'ESRF', authors: [{ name: 'D. de Vries', presenter: false }] }],
              abstract: [[{ text: 'Text with an emoji 🚀 and a lone \uD800 surrogate.' }]],
              customFields: [],
            },
          ],
        },
      ],
    },
  ];
  return {
    event: { id: '44', title: 'FEL2022 — 40th Free Electron Laser Conference', dates: '22–26 August 2022', venue: 'Trieste, Italy', timezone: 'Europe/Rome', locale: 'en' },
    labels: LABELS,
    days,
    authorIndex: [
      { familyName: 'Allaria', givenNames: 'Enrico', affiliation: '', codes: ['MOA01'] },
      { familyName: 'Badano', givenNames: 'Laura', affiliation: '', codes: ['MOA01'] },
      { familyName: 'Çelik', givenNames: 'Özgür', affiliation: '', codes: ['MOA01'] },
      { familyName: 'de Vries', givenNames: 'Dirk', affiliation: '', codes: ['XYZ99'] },
      { familyName: 'Prat', givenNames: 'Éduard', affiliation: '', codes: ['MOP01'] },
      { familyName: 'Reiche', givenNames: 'Sven', affiliation: '', codes: ['MOP01'] },
      { familyName: 'van der Berg', givenNames: 'Jan', affiliation: '', codes: ['MOA02'] },
    ],
    layout: { pageSize: 'A4', index: 'codes' },
    stats: { days: 2, blocks: 3, contributions: 4, persons: 7 },
  };
}

const WORDS = 'beam electron laser undulator photon bunch energy spread emittance seeding harmonic gain saturation wakefield cavity gun cathode linac compressor diagnostics timing jitter pulse femtosecond x-ray spectrum'.split(' ');

/** A deterministic synthetic booklet of `n` contributions (~1,100-character abstracts, 3–6 authors). */
export function syntheticModel(n: number): BookletModel {
  let seed = 42;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const words = (k: number): string => Array.from({ length: k }, () => WORDS[rnd(WORDS.length)]).join(' ');
  const perBlock = 14;
  const blocksPerDay = Math.ceil(n / perBlock / 5);
  const days: Day[] = [];
  const index = new Map<string, string[]>();
  let made = 0;
  for (let d = 0; made < n; d++) {
    const day: Day = { key: `2022-08-${22 + d}`, heading: `Day ${d + 1}, ${22 + d} August 2022`, anchor: `day-${d}`, blocks: [] };
    days.push(day);
    for (let b = 0; b < blocksPerDay && made < n; b++) {
      const code = `D${d}B${b}`;
      const isPoster = b % 4 === 3;
      const contributions: Contribution[] = [];
      for (let c = 0; c < perBlock && made < n; c++, made++) {
        const ccode = `${code}${String(c + 1).padStart(2, '0')}`;
        const names = Array.from({ length: 3 + rnd(4) }, (_, i) => ({ name: `A. Author${rnd(900)}`, presenter: i === 0 }));
        for (const a of names) {
          index.set(a.name, [...(index.get(a.name) ?? []), ccode]);
        }
        contributions.push({
          anchor: `c-${ccode}`,
          code: ccode,
          time: isPoster ? '' : `${9 + (c >> 2)}:${String((c % 4) * 15).padStart(2, '0')}`,
          board: isPoster ? String(c + 1) : '',
          isPoster,
          title: `${words(8)} & ${words(3)}`,
          authorGroups: [
            { affiliation: `Laboratory ${rnd(60)}`, authors: names.slice(0, 2) },
            { affiliation: `University ${rnd(90)} <Dept>`, authors: names.slice(2) },
          ],
          abstract: [
            [{ text: `${words(60)} Bi` }, { text: '2', sub: true }, { text: `Se ${words(30)} ` }, { text: words(4), italic: true }, { text: ` ${words(20)} < 5 & ${words(10)}.` }],
            [{ text: words(40) }, { text: '', br: true }, { text: `${words(20)}.` }],
          ],
          customFields: c % 3 === 0 ? [{ name: 'Funding Agency', value: words(5) }] : [],
        });
      }
      day.blocks.push({
        anchor: `blk-${code}`,
        code,
        title: words(4),
        heading: `${code} — ${words(4)}`,
        date: day.heading,
        timeRange: '09:00–10:30',
        room: `Room ${b}`,
        chairs: [`C. Chair${b} (Lab ${d})`],
        isPoster,
        contributions,
      });
    }
  }
  const authorIndex = [...index.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, codes]) => ({ familyName: name.slice(3), givenNames: 'A.', affiliation: '', codes: [...new Set(codes)] }));
  return {
    event: { id: 'synthetic', title: `Synthetic conference of ${n} contributions`, dates: '22–26 August 2022', venue: 'Somewhere', timezone: 'UTC', locale: 'en' },
    labels: LABELS,
    days,
    authorIndex,
    layout: { pageSize: 'A4', index: 'codes' },
    stats: { days: days.length, blocks: days.reduce((s, d) => s + d.blocks.length, 0), contributions: n, persons: authorIndex.length },
  };
}

/** A clean example booklet (the content of the shipped templates/booklet-styles.ott). */
export function sampleModel(): BookletModel {
  const day = 'Monday, 7 September 2026';
  return {
    event: { id: 'example', title: 'Example Accelerator Conference 2026', dates: '7–11 September 2026', venue: 'Example City, Country', timezone: 'UTC', locale: 'en' },
    labels: LABELS,
    days: [
      {
        key: '2026-09-07',
        heading: day,
        anchor: 'day-2026-09-07',
        blocks: [
          {
            anchor: 'blk-MOA',
            code: 'MOA',
            title: 'Opening Session',
            heading: 'MOA — Opening Session',
            date: day,
            timeRange: '09:00–10:30',
            room: 'Main Auditorium',
            chairs: ['A. Chair (Example Laboratory)'],
            isPoster: false,
            contributions: [
              {
                anchor: 'c-MOA01',
                code: 'MOA01',
                time: '09:00',
                board: '',
                isPoster: false,
                title: 'Status of the Example Light Source',
                authorGroups: [
                  { affiliation: 'Example Laboratory', authors: [{ name: 'B. Speaker', presenter: true }, { name: 'C. Author', presenter: false }] },
                  { affiliation: 'Example University', authors: [{ name: 'D. Coauthor', presenter: false }] },
                ],
                abstract: [
                  [{ text: 'The abstract, in the "Booklet Abstract" paragraph style. Rich text keeps ' }, { text: 'italic', italic: true }, { text: ', ' }, { text: 'bold', bold: true }, { text: ', sub' }, { text: 'scripts', sub: true }, { text: ' and super' }, { text: 'scripts', sup: true }, { text: ' (Bi' }, { text: '2', sub: true }, { text: 'Se' }, { text: '3', sub: true }, { text: ', 10' }, { text: '−6', sup: true }, { text: ').' }],
                  [{ text: 'A paragraph with a line break uses "Booklet Abstract Lines";' }, { text: '', br: true }, { text: 'this is the line after the break.' }],
                ],
                customFields: [{ name: 'Funding Agency', value: 'Example Research Council' }],
              },
              {
                anchor: 'c-MOA02',
                code: 'MOA02',
                time: '09:30',
                board: '',
                isPoster: false,
                title: 'A Second Talk',
                authorGroups: [{ affiliation: 'Example Institute', authors: [{ name: 'E. Presenter', presenter: true }] }],
                abstract: [[{ text: 'Another abstract.' }]],
                customFields: [],
              },
            ],
          },
          {
            anchor: 'blk-MOP',
            code: 'MOP',
            title: 'Monday Poster Session',
            heading: 'MOP — Monday Poster Session',
            date: day,
            timeRange: '16:00–18:00',
            room: 'Exhibition Hall',
            chairs: [],
            isPoster: true,
            contributions: [
              {
                anchor: 'c-MOP01',
                code: 'MOP01',
                time: '',
                board: '1',
                isPoster: true,
                title: 'A Poster',
                authorGroups: [{ affiliation: 'Example Laboratory', authors: [{ name: 'C. Author', presenter: true }, { name: 'B. Speaker', presenter: false }] }],
                abstract: [[{ text: 'A poster abstract.' }]],
                customFields: [],
              },
            ],
          },
        ],
      },
    ],
    authorIndex: [
      { familyName: 'Author', givenNames: 'Carla', affiliation: '', codes: ['MOA01', 'MOP01'] },
      { familyName: 'Coauthor', givenNames: 'Dmitri', affiliation: '', codes: ['MOA01'] },
      { familyName: 'Presenter', givenNames: 'Eva', affiliation: '', codes: ['MOA02'] },
      { familyName: 'Speaker', givenNames: 'Bruno', affiliation: '', codes: ['MOA01', 'MOP01'] },
    ],
    layout: { pageSize: 'A4', index: 'codes' },
    stats: { days: 1, blocks: 2, contributions: 3, persons: 4 },
  };
}
