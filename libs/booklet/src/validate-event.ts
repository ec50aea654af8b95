import type { FieldError } from '@jpsp/contracts';

/**
 * The Indico event as the export API returns it (`/export/event/<id>.json?detail=sessions`).
 * Loosely typed on purpose: Indico 1.x–3.3 differ, fields go missing, unknown ones appear.
 * `validateEvent` guarantees the shapes `buildModel` relies on; everything else is optional.
 */
export type IndicoEvent = Record<string, unknown> & {
  sessions?: Record<string, unknown>[];
  contributions?: Record<string, unknown>[];
};

/** Stop collecting after this many errors (a hostile payload must not build a huge answer). */
const MAX_ERRORS = 50;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the structure of an export payload (the `{count, results: [event]}` wrapper or the bare
 * event). Missing optional fields and unknown extra fields are fine; a field of the wrong type
 * is an error with its path (relative to the payload, e.g. `results[0].sessions[2].title`).
 * Only the first event of `results` is used.
 */
export function validateEvent(payload: unknown): { event?: IndicoEvent; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (path: string, reason: string) => {
    if (errors.length < MAX_ERRORS) {
      errors.push({ path: path || '(root)', reason });
    }
  };

  if (!isObject(payload)) {
    err('', 'must be an Indico event export (an object), got ' + typeName(payload));
    return { errors };
  }
  let event: Record<string, unknown>;
  let base: string;
  if ('results' in payload) {
    const results = payload.results;
    if (!Array.isArray(results)) {
      err('results', 'must be a list of events, got ' + typeName(results));
      return { errors };
    }
    if (results.length === 0) {
      err('results', 'holds no event (is the event id right, and is the export allowed for this key?)');
      return { errors };
    }
    if (!isObject(results[0])) {
      err('results[0]', 'must be an event object, got ' + typeName(results[0]));
      return { errors };
    }
    event = results[0];
    base = 'results[0]';
  } else {
    event = payload;
    base = '';
  }
  const at = (p: string) => (base ? `${base}.${p}` : p);

  const looksLikeEvent = 'title' in event || 'sessions' in event || 'contributions' in event || event._type === 'Conference';
  if (!looksLikeEvent) {
    err(base, 'is not an Indico event: it has no title, sessions or contributions');
    return { errors };
  }

  checkText(event, 'title', at('title'), err);
  checkText(event, 'id', at('id'), err, true);
  for (const f of ['location', 'address', 'room', 'roomFullname', 'timezone'] as const) {
    checkText(event, f, at(f), err);
  }
  checkDate(event.startDate, at('startDate'), err);
  checkDate(event.endDate, at('endDate'), err);
  if (typeof event.timezone === 'string' && event.timezone !== '' && !isTimeZone(event.timezone)) {
    err(at('timezone'), `is not a known IANA timezone: ${JSON.stringify(event.timezone.slice(0, 64))}`);
  }

  const sessions = event.sessions;
  if (sessions !== undefined && sessions !== null) {
    if (!Array.isArray(sessions)) {
      err(at('sessions'), 'must be a list of session blocks, got ' + typeName(sessions));
    } else {
      sessions.forEach((s, i) => checkBlock(s, at(`sessions[${i}]`), err));
    }
  }
  checkContributions(event.contributions, at('contributions'), err);

  if (errors.length > 0) {
    return { errors };
  }
  return { event: event, errors };
}

type Err = (path: string, reason: string) => void;

function checkBlock(block: unknown, path: string, err: Err): void {
  if (!isObject(block)) {
    err(path, 'must be a session block (an object), got ' + typeName(block));
    return;
  }
  for (const f of ['title', 'slotTitle', 'code', 'room', 'roomFullname', 'location'] as const) {
    checkText(block, f, `${path}.${f}`, err);
  }
  checkDate(block.startDate, `${path}.startDate`, err);
  checkDate(block.endDate, `${path}.endDate`, err);
  checkPersons(block.conveners, `${path}.conveners`, err);
  const session = block.session;
  if (session !== undefined && session !== null) {
    if (!isObject(session)) {
      err(`${path}.session`, 'must be an object, got ' + typeName(session));
    } else {
      for (const f of ['title', 'code'] as const) {
        checkText(session, f, `${path}.session.${f}`, err);
      }
      if (session.isPoster !== undefined && session.isPoster !== null && typeof session.isPoster !== 'boolean') {
        err(`${path}.session.isPoster`, 'must be a boolean, got ' + typeName(session.isPoster));
      }
      checkPersons(session.sessionConveners, `${path}.session.sessionConveners`, err);
    }
  }
  checkContributions(block.contributions, `${path}.contributions`, err);
}

function checkContributions(list: unknown, path: string, err: Err): void {
  if (list === undefined || list === null) {
    return;
  }
  if (!Array.isArray(list)) {
    err(path, 'must be a list of contributions, got ' + typeName(list));
    return;
  }
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(c)) {
      err(p, 'must be a contribution (an object), got ' + typeName(c));
      return;
    }
    for (const f of ['title', 'code', 'description', 'room', 'roomFullname', 'type', 'track', 'session'] as const) {
      // Indico ≥ 3 may send `type`/`track` as objects ({name}) or strings.
      if ((f === 'type' || f === 'track') && isObject(c[f])) {
        continue;
      }
      checkText(c, f, `${p}.${f}`, err);
    }
    checkText(c, 'board_number', `${p}.board_number`, err, true);
    checkText(c, 'id', `${p}.id`, err, true);
    checkDate(c.startDate, `${p}.startDate`, err);
    checkDate(c.endDate, `${p}.endDate`, err);
    for (const f of ['speakers', 'primaryauthors', 'coauthors'] as const) {
      checkPersons(c[f], `${p}.${f}`, err);
    }
  });
}

function checkPersons(list: unknown, path: string, err: Err): void {
  if (list === undefined || list === null) {
    return;
  }
  if (!Array.isArray(list)) {
    err(path, 'must be a list of persons, got ' + typeName(list));
    return;
  }
  list.forEach((person, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(person)) {
      err(p, 'must be a person (an object), got ' + typeName(person));
      return;
    }
    for (const f of ['first_name', 'last_name', 'fullName', 'affiliation', 'emailHash', 'title'] as const) {
      checkText(person, f, `${p}.${f}`, err);
    }
    for (const f of ['person_id', 'db_id', 'id'] as const) {
      checkText(person, f, `${p}.${f}`, err, true);
    }
  });
}

/** A text field: absent, null or a string (numbers too when `numberOk`, e.g. ids, board numbers). */
function checkText(obj: Record<string, unknown>, field: string, path: string, err: Err, numberOk = false): void {
  const v = obj[field];
  if (v === undefined || v === null || typeof v === 'string') {
    return;
  }
  if (numberOk && typeof v === 'number' && Number.isFinite(v)) {
    return;
  }
  err(path, `must be ${numberOk ? 'a string or a number' : 'a string'}, got ${typeName(v)}`);
}

/** An Indico date: absent, null or `{date: 'YYYY-MM-DD', time: 'HH:MM[:SS]', tz?}`. */
function checkDate(v: unknown, path: string, err: Err): void {
  if (v === undefined || v === null) {
    return;
  }
  if (!isObject(v)) {
    err(path, 'must be an Indico date {date, time, tz}, got ' + typeName(v));
    return;
  }
  if (typeof v.date !== 'string' || !DATE_RE.test(v.date) || Number.isNaN(Date.parse(v.date))) {
    err(`${path}.date`, 'must be a date "YYYY-MM-DD"');
  }
  if (v.time !== undefined && v.time !== null && (typeof v.time !== 'string' || !TIME_RE.test(v.time))) {
    err(`${path}.time`, 'must be a time "HH:MM:SS"');
  }
  if (v.tz !== undefined && v.tz !== null && (typeof v.tz !== 'string' || !isTimeZone(v.tz))) {
    err(`${path}.tz`, 'must be a known IANA timezone');
  }
}

const zoneCache = new Map<string, boolean>();

/** True for a timezone name Intl knows (IANA names and `UTC`). */
export function isTimeZone(tz: string): boolean {
  let ok = zoneCache.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = tz.length <= 64;
    } catch {
      ok = false;
    }
    if (zoneCache.size < 1000) {
      zoneCache.set(tz, ok);
    }
  }
  return ok;
}

function typeName(v: unknown): string {
  if (v === null) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'a list';
  }
  if (typeof v === 'object') {
    return 'an object';
  }
  if (typeof v === 'string') {
    return 'a string';
  }
  if (typeof v === 'number') {
    return 'a number';
  }
  if (typeof v === 'boolean') {
    return 'a boolean';
  }
  return typeof v;
}
