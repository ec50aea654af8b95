// Step 4 of buildModel: the author index, one entry per person with the codes of their
// contributions in booklet order, sorted with the locale's collation.
import type { IndexEntry } from '../model.js';
import type { OrderedDay } from './ordering.js';
import type { PersonInfo } from './persons.js';

export interface AuthorIndex {
  entries: IndexEntry[];
  /** Distinct persons (also when the index is not printed). */
  persons: number;
  contributions: number;
}

export function buildAuthorIndex(days: OrderedDay[], collator: Intl.Collator, print: boolean): AuthorIndex {
  const index = new Map<string, { person: PersonInfo; codes: string[]; seen: Set<string> }>();
  let contributions = 0;
  for (const { blocks } of days) {
    for (const db of blocks) {
      for (const d of db.drafts) {
        contributions++;
        const ref = d.contribution.code || d.contribution.title;
        for (const p of d.persons) {
          let entry = index.get(p.key);
          if (!entry) {
            entry = { person: p, codes: [], seen: new Set() };
            index.set(p.key, entry);
          }
          if (ref && !entry.seen.has(ref)) {
            entry.seen.add(ref);
            entry.codes.push(ref);
          }
        }
      }
    }
  }
  const entries: IndexEntry[] = print
    ? [...index.values()]
        .map((e) => ({ familyName: e.person.last || e.person.first, givenNames: e.person.last ? e.person.first : '', codes: e.codes, key: e.person.key }))
        .sort((a, b) => collator.compare(a.familyName, b.familyName) || collator.compare(a.givenNames, b.givenNames) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ familyName, givenNames, codes }) => ({ familyName, givenNames, codes }))
    : [];
  return { entries, persons: index.size, contributions };
}
