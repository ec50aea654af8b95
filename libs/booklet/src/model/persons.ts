// People in the export: names, identity, display form, and a contribution's authors by affiliation.
import { cleanLine } from '../markup/markup.js';
import type { AuthorGroup } from '../model.js';
import { listOf, text, type Obj } from './values.js';

export interface PersonInfo {
  key: string;
  first: string;
  last: string;
  display: string;
  affiliation: string;
  /** Indico's e-mail hash ('' when the export has none): evidence when telling homonyms apart. */
  email: string;
}

/** Authors of a contribution grouped by affiliation (primary authors first), presenters marked. */
export function authorsOf(c: Obj): { groups: AuthorGroup[]; persons: PersonInfo[] } {
  const speakers = listOf(c.speakers).map(person);
  const presenterKeys = new Set(speakers.map((p) => p.key));
  const persons: PersonInfo[] = [];
  const seen = new Set<string>();
  for (const p of [...listOf(c.primaryauthors).map(person), ...listOf(c.coauthors).map(person), ...speakers]) {
    if (p.display === '' || seen.has(p.key)) {
      continue;
    }
    seen.add(p.key);
    persons.push(p);
  }
  const groups = new Map<string, AuthorGroup>();
  for (const p of persons) {
    let g = groups.get(p.affiliation);
    if (!g) {
      g = { affiliation: p.affiliation, authors: [] };
      groups.set(p.affiliation, g);
    }
    g.authors.push({ name: p.display, presenter: presenterKeys.has(p.key) });
  }
  return { groups: [...groups.values()], persons };
}

const personCache = new Map<string, PersonInfo>();

/**
 * A person's names, identity key (person_id, else emailHash, else normalised name) and display.
 * Cached on the raw fields: a programme repeats the same people hundreds of times.
 */
export function person(p: Obj): PersonInfo {
  const raw = `${text(p.person_id)}\u0000${text(p.emailHash)}\u0000${text(p.first_name)}\u0000${text(p.last_name)}\u0000${text(p.fullName)}\u0000${text(p.name)}\u0000${text(p.affiliation)}`;
  let info = personCache.get(raw);
  if (!info) {
    info = personUncached(p);
    if (personCache.size > 200_000) {
      personCache.clear();
    }
    personCache.set(raw, info);
  }
  return info;
}

function personUncached(p: Obj): PersonInfo {
  let first = cleanLine(text(p.first_name));
  let last = cleanLine(text(p.last_name));
  if (!first && !last) {
    const full = cleanLine(text(p.fullName) || text(p.name));
    const comma = full.indexOf(',');
    if (comma > 0) {
      last = full.slice(0, comma).trim();
      first = full.slice(comma + 1).trim();
    } else {
      last = full;
    }
  }
  const affiliation = cleanLine(text(p.affiliation));
  const id = text(p.person_id);
  const key = id ? `p:${id}` : text(p.emailHash) ? `e:${text(p.emailHash)}` : `n:${`${last}|${first}`.normalize('NFKC').toLowerCase()}`;
  return { key, first, last, display: displayName(first, last), affiliation, email: text(p.emailHash) };
}

const INITIAL = /^\P{M}\p{M}*/u;

/** "M.-E.\u00a0Couprie" (non-breaking) for cased scripts; full names for scripts without initials (CJK, Arabic…). */
function displayName(first: string, last: string): string {
  if (!first) {
    return last;
  }
  if (!last) {
    return first;
  }
  const head = first[0];
  if (head.toLowerCase() === head.toUpperCase()) {
    return `${first} ${last}`;
  }
  const initials = first
    .split(/\s+/)
    .map((part) =>
      part
        .split('-')
        .map((x) => {
          const m = INITIAL.exec(x);
          return m ? `${m[0]}.` : '';
        })
        .filter((x) => x !== '')
        .join('-'),
    )
    .filter((x) => x !== '')
    .join(NBSP);
  // No line break inside a name ("M. / Manfredda"): non-breaking spaces after each initial.
  return `${initials}${NBSP}${last}`;
}

const NBSP = '\u00a0';
