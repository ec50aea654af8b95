import { cleanLine } from '../markup/markup.js';
import { text, valueText, type Obj } from './values.js';

/**
 * Custom fields as found in exports and plugins: an array of `{name|title|field: {title}, value}`
 * or an object map, under `custom_fields`, `customFields`, `fields` or `field_values`.
 */
export function pickCustomFields(c: Obj, names: string[], seen: Set<string>): { name: string; value: string }[] {
  const found = new Map<string, string>();
  for (const holder of [c.custom_fields, c.customFields, c.fields, c.field_values]) {
    if (Array.isArray(holder)) {
      for (const f of holder as Obj[]) {
        if (!f || typeof f !== 'object') {
          continue;
        }
        const name = cleanLine(text(f.name) || text(f.title) || text((f.field as Obj | null)?.title) || text((f.contribution_field as Obj | null)?.title));
        if (name) {
          found.set(name.toLowerCase(), valueText(f.value ?? f.data));
        }
      }
    } else if (holder && typeof holder === 'object') {
      for (const [k, v] of Object.entries(holder as Obj)) {
        found.set(cleanLine(k).toLowerCase(), valueText(v));
      }
    }
  }
  const out: { name: string; value: string }[] = [];
  for (const name of names) {
    const value = found.get(name.toLowerCase());
    if (value) {
      seen.add(name);
      out.push({ name, value });
    }
  }
  return out;
}
