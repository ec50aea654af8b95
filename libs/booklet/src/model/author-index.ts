// Step 4 of buildModel: the author index, one entry per person with the codes of their
// contributions in booklet order, sorted with the locale's collation.
//
// Indico often holds one person under several person records (a new record per abstract
// submission): FEL2022 has 92 names on more than one record. Records with the same normalised
// name are merged into one person unless there is evidence of two people: both records carry an
// e-mail hash and the hashes differ, *and* their affiliations are unrelated (no shared
// distinctive word, neither an acronym of the other, neither contained in the other). On
// FEL2022 this merges 87 names and keeps 6 apart (e.g. "Colson, William": Naval Postgraduate
// School and WBC Physics, different e-mails); those print their affiliation to tell them apart.
// The rule and its numbers are in docs/booklet.md.
import type { IndexEntry } from '../model.js';
import type { OrderedDay } from './ordering.js';
import type { PersonInfo } from './persons.js';

export interface AuthorIndex {
  entries: IndexEntry[];
  /** Distinct persons after merging (also when the index is not printed). */
  persons: number;
  contributions: number;
  /** What an editor should know about merges and homonyms. */
  warnings: string[];
}

/** One Indico person record and the contributions it appears on (ordinals in booklet order). */
interface PersonRecord {
  person: PersonInfo;
  emails: Set<string>;
  affiliations: Set<string>;
  refs: Map<string, number>;
}

export function buildAuthorIndex(days: OrderedDay[], collator: Intl.Collator, print: boolean): AuthorIndex {
  const records = new Map<string, PersonRecord>();
  let contributions = 0;
  for (const { blocks } of days) {
    for (const db of blocks) {
      for (const d of db.drafts) {
        const ordinal = contributions++;
        const ref = d.contribution.code || d.contribution.title;
        for (const p of d.persons) {
          let r = records.get(p.key);
          if (!r) {
            r = { person: p, emails: new Set(), affiliations: new Set(), refs: new Map() };
            records.set(p.key, r);
          }
          if (p.email) {
            r.emails.add(p.email);
          }
          if (p.affiliation) {
            r.affiliations.add(p.affiliation);
          }
          if (ref && !r.refs.has(ref)) {
            r.refs.set(ref, ordinal);
          }
        }
      }
    }
  }

  const byName = new Map<string, PersonRecord[]>();
  for (const r of records.values()) {
    const name = nameKey(r.person);
    const group = byName.get(name);
    if (group) {
      group.push(r);
    } else {
      byName.set(name, [r]);
    }
  }
  const people: { person: PersonInfo; affiliation: string; refs: Map<string, number>; homonym: boolean }[] = [];
  const merged: string[] = [];
  const apart: string[] = [];
  for (const group of byName.values()) {
    const clusters: PersonRecord[][] = [];
    for (const r of group) {
      const home = clusters.find((c) => c.every((m) => samePerson(r, m)));
      if (home) {
        home.push(r);
      } else {
        clusters.push([r]);
      }
    }
    const label = indexName(group[0].person);
    if (clusters.some((c) => c.length > 1)) {
      merged.push(label);
    }
    if (clusters.length > 1) {
      apart.push(label);
    }
    for (const c of clusters) {
      const refs = new Map<string, number>();
      for (const r of c) {
        for (const [ref, ordinal] of r.refs) {
          refs.set(ref, Math.min(ordinal, refs.get(ref) ?? ordinal));
        }
      }
      const affiliation = c.flatMap((r) => [...r.affiliations])[0] ?? '';
      people.push({ person: c[0].person, affiliation, refs, homonym: clusters.length > 1 });
    }
  }

  const warnings: string[] = [];
  if (merged.length > 0) {
    warnings.push(`Author index: ${count(merged.length, 'person appears', 'people appear')} under several Indico person records with the same name and ${merged.length === 1 ? 'was' : 'were'} merged into one entry (${sample(merged)})`);
  }
  if (apart.length > 0) {
    warnings.push(`Author index: ${count(apart.length, 'name is', 'names are')} shared by people with different e-mails and affiliations, kept apart with their affiliation (${sample(apart)})`);
  }
  const entries: IndexEntry[] = print
    ? people
        .map((e) => ({
          familyName: e.person.last || e.person.first,
          givenNames: e.person.last ? e.person.first : '',
          affiliation: e.homonym ? e.affiliation : '',
          codes: [...e.refs].sort((a, b) => a[1] - b[1]).map(([ref]) => ref),
          key: e.person.key,
        }))
        .sort(
          (a, b) =>
            collator.compare(a.familyName, b.familyName) ||
            collator.compare(a.givenNames, b.givenNames) ||
            collator.compare(a.affiliation, b.affiliation) ||
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
        )
        .map(({ familyName, givenNames, affiliation, codes }) => ({ familyName, givenNames, affiliation, codes }))
    : [];
  return { entries, persons: people.length, contributions, warnings };
}

/** Two records of the same name are one person unless both e-mails differ and the affiliations are unrelated. */
function samePerson(a: PersonRecord, b: PersonRecord): boolean {
  const differentEmails = a.emails.size > 0 && b.emails.size > 0 && ![...a.emails].some((e) => b.emails.has(e));
  if (!differentEmails || a.affiliations.size === 0 || b.affiliations.size === 0) {
    return true;
  }
  return [...a.affiliations].some((x) => [...b.affiliations].some((y) => relatedAffiliations(x, y)));
}

/** Words that name no institution in particular: sharing them is no evidence. */
const GENERIC = new Set(
  'university universita universitat universite universidad college school institute institut istituto instituto laboratory laboratories laboratorio laboratoire lab national nazionale research center centre centro science sciences technology technologies department dipartimento physics fisica academy accelerator facility the and for und der des del della degli dei studi and of at de di la le et'.split(' '),
);

function words(affiliation: string): string[] {
  return normalise(affiliation).split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** Related: one contains the other, they share a distinctive word, or one is an acronym of the other. */
export function relatedAffiliations(a: string, b: string): boolean {
  const na = words(a).join(' ');
  const nb = words(b).join(' ');
  if (na === '' || nb === '' || na.includes(nb) || nb.includes(na)) {
    return true;
  }
  const wa = new Set(words(a).filter((w) => w.length >= 3 && !GENERIC.has(w)));
  if (words(b).some((w) => w.length >= 3 && !GENERIC.has(w) && wa.has(w))) {
    return true;
  }
  return acronymOf(a, b) || acronymOf(b, a);
}

/** "HZDR" ~ "Helmholtz-Zentrum Dresden-Rossendorf", "DESY" ~ "Deutsches Elektronen-Synchrotron". */
function acronymOf(short: string, long: string): boolean {
  const initials = words(long)
    .filter((w) => !['of', 'and', 'the', 'for', 'at', 'de', 'di', 'la', 'der', 'und'].includes(w))
    .map((w) => w[0])
    .join('');
  return words(short).some((w) => w.length >= 3 && initials.length >= 3 && (initials.startsWith(w) || w.startsWith(initials)));
}

function normalise(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

function nameKey(p: PersonInfo): string {
  return `${normalise(p.last).replace(/\s+/g, ' ').trim()}|${normalise(p.first).replace(/\s+/g, ' ').trim()}`;
}

function indexName(p: PersonInfo): string {
  return p.last && p.first ? `${p.last}, ${p.first}` : p.last || p.first;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first few names, then how many more. */
function sample(names: string[]): string {
  const shown = names.slice(0, 5).join('; ');
  return names.length > 5 ? `${shown}; and ${names.length - 5} more` : shown;
}

/** How an index entry's person is printed: "Family, Given", and "(Affiliation)" for homonyms. */
export function printedIndexName(e: IndexEntry): string {
  const name = e.givenNames ? (e.familyName ? `${e.familyName}, ${e.givenNames}` : e.givenNames) : e.familyName;
  return e.affiliation ? `${name} (${e.affiliation})` : name;
}
