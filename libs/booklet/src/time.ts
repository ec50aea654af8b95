/**
 * Indico dates are wall-clock `{date, time, tz}` in the zone they name (often the Indico server's,
 * not the event's). These helpers turn them into instants and back into wall-clock parts of the
 * booklet's zone, with caches: a 2,000-contribution programme has only a few hundred distinct times.
 */

export interface IndicoDate {
  date: string;
  time?: string | null;
  tz?: string | null;
}

export interface LocalParts {
  /** `YYYY-MM-DD` */
  day: string;
  /** `HH:MM` */
  time: string;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormatters.set(tz, f);
  }
  return f;
}

function wallClock(epoch: number, tz: string): number[] {
  const out = [0, 0, 0, 0, 0, 0];
  for (const p of partsFormatter(tz).formatToParts(epoch)) {
    switch (p.type) {
      case 'year': out[0] = +p.value; break;
      case 'month': out[1] = +p.value; break;
      case 'day': out[2] = +p.value; break;
      case 'hour': out[3] = +p.value; break;
      case 'minute': out[4] = +p.value; break;
      case 'second': out[5] = +p.value; break;
      default: break; // literals, era, weekday…: not needed
    }
  }
  return out;
}

/** Offset of `tz` from UTC at `epoch`, in ms. */
function offsetAt(epoch: number, tz: string): number {
  const [y, mo, d, h, mi, s] = wallClock(epoch, tz);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(epoch / 1000) * 1000;
}

const epochCache = new Map<string, number>();

/** The instant of a wall-clock Indico date in its own zone (`fallbackTz` when it names none). */
export function toEpoch(d: IndicoDate, fallbackTz: string): number {
  const tz = d.tz || fallbackTz;
  const time = d.time || '00:00:00';
  const key = `${d.date}T${time}@${tz}`;
  let epoch = epochCache.get(key);
  if (epoch === undefined) {
    const [y, mo, da] = d.date.split('-').map(Number);
    const [h = 0, mi = 0, s = 0] = time.split(':').map((x) => Math.floor(Number(x)));
    const guess = Date.UTC(y, mo - 1, da, h, mi, s);
    const off1 = offsetAt(guess, tz);
    epoch = guess - off1;
    const off2 = offsetAt(epoch, tz);
    if (off2 !== off1) {
      // Across a DST change: the second guess is right, except in the skipped hour (then the first).
      const alt = guess - off2;
      epoch = offsetAt(alt, tz) === off2 ? alt : epoch;
    }
    if (epochCache.size > 100_000) {
      epochCache.clear();
    }
    epochCache.set(key, epoch);
  }
  return epoch;
}

const localCache = new Map<string, LocalParts>();

/** Wall-clock day and time of an instant in `tz`. */
export function localParts(epoch: number, tz: string): LocalParts {
  const key = `${epoch}@${tz}`;
  let parts = localCache.get(key);
  if (!parts) {
    const [y, mo, d, h, mi] = wallClock(epoch, tz);
    parts = { day: `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`, time: `${pad(h)}:${pad(mi)}` };
    if (localCache.size > 100_000) {
      localCache.clear();
    }
    localCache.set(key, parts);
  }
  return parts;
}

/** An Indico date printed in `tz`: the fast path skips Intl when it is already in that zone. */
export function inZone(d: IndicoDate, tz: string, fallbackTz: string): { epoch: number; parts: LocalParts } {
  const epoch = toEpoch(d, fallbackTz);
  if ((d.tz || fallbackTz) === tz) {
    return { epoch, parts: { day: d.date, time: (d.time || '00:00').slice(0, 5) } };
  }
  return { epoch, parts: localParts(epoch, tz) };
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** "Monday, 22 August 2022" in the locale, first letter capitalised (it: "Lunedì 22 agosto 2022"). */
export function formatDay(day: string, locale: string): string {
  let f = dayFormatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dayFormatters.set(locale, f);
  }
  return capitalise(f.format(dayEpoch(day)), locale);
}

/** "22–26 August 2022" (or one day) in the locale. */
export function formatDayRange(first: string, last: string, locale: string): string {
  const f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (first === last) {
    return f.format(dayEpoch(first));
  }
  return f.formatRange(dayEpoch(first), dayEpoch(last));
}

function dayEpoch(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d, 12);
}

function capitalise(s: string, locale: string): string {
  return s.length > 0 ? s[0].toLocaleUpperCase(locale) + s.slice(1) : s;
}
