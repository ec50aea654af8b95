// Reading the loosely typed Indico export: scalars as text, lists of objects, dates.
import { cleanLine } from '../markup/markup.js';
import type { IndicoDate } from '../time.js';

export type Obj = Record<string, unknown>;

/** Any scalar as text; objects, null and undefined as '' (never "undefined" or "[object Object]"). */
export function text(v: unknown): string {
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number') {
    return Number.isFinite(v) ? String(v) : '';
  }
  if (typeof v === 'boolean') {
    return v ? 'yes' : '';
  }
  return '';
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function listOf(v: unknown): Obj[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Obj[]) : [];
}

/** A custom field's value as one line: lists joined, objects by their title, name or value. */
export function valueText(v: unknown): string {
  if (Array.isArray(v)) {
    return v.map(valueText).filter((s) => s !== '').join(', ');
  }
  if (v && typeof v === 'object') {
    return cleanLine(text((v as Obj).title) || text((v as Obj).name) || text((v as Obj).value));
  }
  return cleanLine(text(v));
}

export function dateOf(v: unknown): IndicoDate | undefined {
  const d = v as IndicoDate | null | undefined;
  return d && typeof d.date === 'string' ? d : undefined;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
