// Both stored Indico exports (FEL2022, and the old Indico 1.x documentation example without codes
// or persons) through the real validateEvent/buildModel into well-formed ODTs (no LibreOffice).
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/build-model.js';
import { writeOdt } from '../src/odt/odt-writer.js';
import { xmlProblem } from '../src/odt/xml-check.js';
import { validateEvent } from '../src/validate-event.js';

function odtOf(fixture: string): { content: string; model: ReturnType<typeof buildModel>['model'] } {
  const { event, errors } = validateEvent(JSON.parse(readFileSync(new URL(`./fixtures/${fixture}`, import.meta.url), 'utf8')));
  expect(errors).toEqual([]);
  const { model } = buildModel(event as NonNullable<typeof event>);
  const files = unzipSync(writeOdt(model));
  for (const part of ['content.xml', 'styles.xml', 'meta.xml', 'META-INF/manifest.xml']) {
    expect(xmlProblem(new TextDecoder().decode(files[part])), part).toBeNull();
  }
  return { content: new TextDecoder().decode(files['content.xml']), model };
}

const count = (xml: string, style: string): number => xml.split(`text:style-name="${style}"`).length - 1;

describe('ODT of the stored Indico exports', () => {
  it('FEL2022: one code paragraph per contribution, one heading per block and day, one index entry per person', () => {
    const { content, model } = odtOf('jacow-fel2022-event-44-detail-sessions.json');
    expect(count(content, 'Booklet_20_Contribution_20_Code')).toBe(model.stats.contributions);
    expect(count(content, 'Booklet_20_Heading_20_2')).toBe(model.stats.blocks);
    expect(count(content, 'Booklet_20_Heading_20_1')).toBe(model.stats.days);
    expect(count(content, 'Booklet_20_Index_20_Entry')).toBe(model.authorIndex.length);
    expect(count(content, 'Booklet_20_Contents_20_2')).toBe(model.stats.blocks + 1); // + its entry template
    expect(content).not.toMatch(/undefined|\[object Object\]|>null<|NaN/);
  });

  it('Indico 1.x example (no codes, no persons): still a complete, valid document', () => {
    const { content, model } = odtOf('indico-docs-event-137346-detail-sessions.json');
    expect(model.stats.contributions).toBeGreaterThan(0);
    expect(count(content, 'Booklet_20_Contribution_20_Title')).toBe(model.stats.contributions);
    expect(content).toContain('<text:table-of-content ');
    expect(content).not.toMatch(/undefined|\[object Object\]|>null<|NaN/);
  });
});
