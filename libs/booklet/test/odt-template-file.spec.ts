// The shipped ODT starting template, templates/booklet-styles.ott: an example booklet with the
// default styles, to open in Writer, restyle and pass back as `options.template.odt`. It must
// stay what the writer produces: this spec compares it with a fresh one, and rewrites it with
//   JPSP_WRITE_ODT_TEMPLATE=1 npx vitest run test/odt-template-file.spec.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BOOKLET_STYLES } from '../src/odt/odt-styles.js';
import { writeOdt } from '../src/odt/odt-writer.js';
import { zipEntries } from '../src/zip/zip-writer.js';
import { xmlProblem } from '../src/odt/xml-check.js';
import { sampleModel, smallModel } from './odt-model.js';

const FILE = new URL('../templates/booklet-styles.ott', import.meta.url);
const OTT_MIME = 'application/vnd.oasis.opendocument.text-template';
const FIXED = new Date(Date.UTC(2026, 0, 1));
const dec = new TextDecoder();

/** The template: the sample booklet, as a text template, with fixed dates (reproducible bytes). */
function makeOtt(): Uint8Array {
  const parts = unzipSync(writeOdt(sampleModel()));
  const text = (name: string): string => dec.decode(parts[name]);
  const meta = text('meta.xml').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/g, '2026-01-01T00:00:00');
  const manifest = text('META-INF/manifest.xml').replace('manifest:media-type="application/vnd.oasis.opendocument.text"', `manifest:media-type="${OTT_MIME}"`);
  return zipEntries(
    [
      { name: 'mimetype', data: strToU8(OTT_MIME), store: true },
      { name: 'META-INF/manifest.xml', data: strToU8(manifest) },
      { name: 'meta.xml', data: strToU8(meta) },
      { name: 'styles.xml', data: parts['styles.xml'] },
      { name: 'content.xml', data: parts['content.xml'] },
    ],
    6,
    FIXED,
  );
}

if (process.env.JPSP_WRITE_ODT_TEMPLATE === '1') {
  writeFileSync(FILE, makeOtt());
}

describe('templates/booklet-styles.ott', () => {
  it('is up to date with the writer (styles and sample content)', () => {
    expect(existsSync(FILE), 'missing: regenerate it (see the top of this file)').toBe(true);
    const shipped = unzipSync(readFileSync(FILE));
    const fresh = unzipSync(makeOtt());
    expect(dec.decode(shipped.mimetype)).toBe(OTT_MIME);
    for (const part of ['styles.xml', 'content.xml', 'META-INF/manifest.xml']) {
      expect(dec.decode(shipped[part]), `${part} differs: regenerate the template (see the top of this file)`).toBe(dec.decode(fresh[part]));
    }
  });

  it('works as a styles template and gives the default styling', () => {
    const template = new Uint8Array(readFileSync(FILE));
    const styles = dec.decode(unzipSync(writeOdt(smallModel(), { styles: template }))['styles.xml']);
    expect(xmlProblem(styles)).toBeNull();
    expect(styles).toBe(dec.decode(unzipSync(writeOdt(smallModel()))['styles.xml']));
    for (const s of BOOKLET_STYLES) {
      expect(styles).toContain(`style:name="${s.name}"`);
    }
  });
});
