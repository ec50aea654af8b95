// A deterministic, realistic BookletModel of any size, for writer tests and benchmarks (no Indico
// payload, no buildModel): 5 days, ~13 contributions per session block, one poster block per day,
// abstracts of ~1,500 characters with rich runs, 3–6 authors in 1–3 affiliations, accented and
// particle names ("de", "van", É, Ö), a custom field on every 7th contribution.
import { prng as rng } from '../../bench/generate-event.mjs';
import type { AuthorGroup, Block, BookletModel, Contribution, Day, IndexEntry, RichParagraph, Run } from '../../src/model.js';

export interface SyntheticOptions {
  /** Contributions per session block (default 13, ~150 blocks at 2,000). */
  perBlock?: number;
  /** Days (default 5). */
  days?: number;
  /** Print abstracts (default true). */
  abstracts?: boolean;
}

const FAMILY = ['Müller', 'Smith', 'Rossi', 'de Vries', 'van der Berg', 'Érdi', 'Öztürk', 'García', 'Nakamura', 'Łukasiewicz', 'Dubois', 'Schmidt', "O'Neil", 'Zhang', 'Petrov', 'Andersson', 'da Silva', 'Kim', 'Ndiaye', 'Ivanova'];
const GIVEN = ['Anna', 'Bernd', 'Chiara', 'David', 'Élodie', 'Fatma', 'Giorgio', 'Hiroshi', 'Ingrid', 'Jan', 'Katarzyna', 'Luis', 'Mei', 'Nikolai', 'Olga', 'Pierre', 'Quentin', 'Rania', 'Sven', 'Tomás'];
const AFFIL = ['CERN', 'DESY', 'Elettra-Sincrotrone Trieste S.C.p.A.', 'SLAC National Accelerator Laboratory', 'Paul Scherrer Institut', 'KEK', 'ESRF', 'Fermilab', 'INFN-LNF', 'European XFEL GmbH', 'Helmholtz-Zentrum Berlin', 'Diamond Light Source'];
const WORDS = 'beam electron undulator laser free pulse emittance bunch seeding gain saturation photon cavity linac injector compression wakefield diagnostics timing jitter harmonic brightness coherence radiation spectrum lattice magnet simulation measurement'.split(' ');
const TOPICS = ['Seeded FEL Operation', 'High-Brightness Injectors', 'Undulator Technology', 'Electron Beam Diagnostics', 'Novel Concepts', 'Facility Status', 'Photon Beamlines', 'Beam Dynamics'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const ORAL_LETTERS = 'ABCDEFGHIJKLMNOQRSTUVWXYZ';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function hm(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** `nContributions` contributions spread over days and session blocks (last day may be shorter). */
export function syntheticModel(nContributions: number, options: SyntheticOptions = {}): BookletModel {
  const perBlock = Math.max(1, options.perBlock ?? 13);
  const nDays = Math.max(1, options.days ?? 5);
  const withAbstracts = options.abstracts ?? true;
  const rand = rng(0x5eed + nContributions);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];

  // A pool of persons: about one per two contributions, so people reappear across contributions.
  const nPersons = Math.max(8, Math.ceil(nContributions / 2));
  const persons = Array.from({ length: nPersons }, (_, i) => ({
    id: i,
    family: i < FAMILY.length ? FAMILY[i] : `${pick(FAMILY)}${i % 3 === 0 ? '' : `-${pick(FAMILY)}`}`,
    given: pick(GIVEN),
    affiliation: AFFIL[i % AFFIL.length],
  }));
  const codesOf = new Map<number, string[]>();

  const nBlocks = Math.max(1, Math.ceil(nContributions / perBlock));
  const blocksPerDay = Math.ceil(nBlocks / nDays);
  const days: Day[] = [];
  let made = 0;
  let blockNo = 0;
  for (let d = 0; d < nDays && made < nContributions; d++) {
    const weekday = WEEKDAYS[d % 7];
    const date = `${weekday}, ${22 + d} August 2022`;
    const day: Day = { key: `2022-08-${pad(22 + d)}`, heading: date, anchor: `day-2022-08-${pad(22 + d)}`, blocks: [] };
    for (let b = 0; b < blocksPerDay && made < nContributions; b++, blockNo++) {
      const isPoster = b === blocksPerDay - 1 && blocksPerDay > 1;
      // JACoW-like codes: MOA, MOB, … (P is kept for posters: MOP), then MOA1, MOB1, …
      const code = isPoster ? `${DAY_CODES[d % 7]}P` : `${DAY_CODES[d % 7]}${ORAL_LETTERS[b % ORAL_LETTERS.length]}${b >= ORAL_LETTERS.length ? Math.floor(b / ORAL_LETTERS.length) : ''}`;
      const title = isPoster ? `Poster Session ${d + 1}` : pick(TOPICS);
      const start = 8 * 60 + 30 + (b % 5) * 120;
      const n = Math.min(perBlock, nContributions - made);
      const chairs = Array.from({ length: 1 + (blockNo % 2) }, () => {
        const p = pick(persons);
        return `${p.given.charAt(0)}. ${p.family} (${p.affiliation})`;
      });
      const block: Block = {
        anchor: `block-${code.toLowerCase()}-${blockNo}`,
        code,
        title,
        heading: `${code} — ${title}`,
        date,
        timeRange: `${hm(start)}–${hm(start + (isPoster ? 120 : n * 15))}`,
        room: isPoster ? 'Poster Hall' : pick(['Auditorium', 'Room A', 'Sala Tartini']),
        chairs,
        isPoster,
        contributions: [],
      };
      for (let c = 0; c < n; c++, made++) {
        const ccode = `${code}${pad(c + 1, isPoster ? 3 : 2)}`;
        const authors = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => pick(persons));
        const unique = [...new Map(authors.map((p) => [p.id, p])).values()];
        const groups = new Map<string, AuthorGroup>();
        unique.forEach((p, i) => {
          const group = groups.get(p.affiliation) ?? { affiliation: p.affiliation, authors: [] };
          groups.set(p.affiliation, group);
          group.authors.push({ name: `${p.given.charAt(0)}. ${p.family}`, presenter: i === 0 });
          const list = codesOf.get(p.id) ?? [];
          if (!list.includes(ccode)) {
            list.push(ccode);
          }
          codesOf.set(p.id, list);
        });
        const contribution: Contribution = {
          anchor: `contrib-${ccode.toLowerCase()}`,
          code: ccode,
          time: isPoster ? '' : hm(start + c * 15),
          board: isPoster && c % 4 !== 3 ? `${c + 1}` : '',
          isPoster,
          title: `${pick(TOPICS)}: ${pick(WORDS)} ${pick(WORDS)} at ${1 + Math.floor(rand() * 20)} GeV (${ccode})`,
          authorGroups: [...groups.values()],
          abstract: withAbstracts ? syntheticAbstract(rand, pick) : [],
          customFields: made % 7 === 0 ? [{ name: 'Funding Agency', value: `Grant ${1000 + made} of the ${pick(AFFIL)} fund` }] : [],
        };
        block.contributions.push(contribution);
      }
      day.blocks.push(block);
    }
    days.push(day);
  }

  const collator = new Intl.Collator('en', { sensitivity: 'base' });
  const authorIndex: IndexEntry[] = persons
    .filter((p) => codesOf.has(p.id))
    .map((p) => ({ familyName: p.family, givenNames: p.given, affiliation: '', codes: codesOf.get(p.id)! }))
    .sort((a, b) => collator.compare(a.familyName, b.familyName) || collator.compare(a.givenNames, b.givenNames));

  return {
    event: { id: '9999', title: 'Synthetic Free-Electron Laser Conference 2022', dates: '22–26 August 2022', venue: 'Trieste, Italy', timezone: 'Europe/Rome', locale: 'en' },
    labels: { contents: 'Contents', contributions: 'Contributions', authorIndex: 'Author Index', chairs: 'Chairs', chair: 'Chair', room: 'Room', board: 'Board', unscheduled: 'Unscheduled', presenter: 'presenter', presenterNote: '* presenter' },
    days,
    authorIndex,
    layout: { pageSize: 'A4', index: 'codes' },
    stats: { days: days.length, blocks: blockNo, contributions: made, persons: authorIndex.length },
  };
}

/** 1–3 paragraphs, ~1,500 characters in total, with sub/superscripts, italic, bold and a line break. */
function syntheticAbstract(rand: () => number, pick: <T>(l: readonly T[]) => T): RichParagraph[] {
  const paragraphs: RichParagraph[] = [];
  const nPar = 1 + Math.floor(rand() * 3);
  for (let p = 0; p < nPar; p++) {
    const runs: Run[] = [];
    let length = 0;
    const target = 1500 / nPar;
    while (length < target) {
      const sentence = `${Array.from({ length: 12 + Math.floor(rand() * 10) }, () => pick(WORDS)).join(' ')}. `;
      const plain = sentence.charAt(0).toUpperCase() + sentence.slice(1);
      const last = runs[runs.length - 1];
      // Adjacent plain text is one run, as parseAbstract makes it.
      if (last && !last.br && !last.bold && !last.italic && !last.sup && !last.sub) {
        last.text += plain;
      } else {
        runs.push({ text: plain });
      }
      length += sentence.length;
      const r = rand();
      if (r < 0.15) {
        runs.push({ text: 'Bi' }, { text: '2', sub: true }, { text: 'Se' }, { text: '3', sub: true }, { text: ' samples and 10' }, { text: '−6', sup: true }, { text: ' m. ' });
      } else if (r < 0.25) {
        runs.push({ text: 'In situ', italic: true }, { text: ' with ' }, { text: 'λ = 1.2 nm', bold: true }, { text: ', ℓ ≠ 0. ' });
      } else if (r < 0.3) {
        runs.push({ text: '', br: true });
      }
    }
    paragraphs.push(runs);
  }
  return paragraphs;
}
