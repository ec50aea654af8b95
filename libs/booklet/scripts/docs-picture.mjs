// Regenerates docs/booklet-page.png and docs/booklet-index.png: the FEL2022 fixture → ODT (this
// library) → PDF (LibreOffice, fresh profile) → page 3 and the first author-index page as PNG
// (pdftoppm). Run after `npm run build`:
//   node libs/booklet/scripts/docs-picture.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildModel, validateEvent, writeOdt } from '../dist/index.js';
/** One line of this script's output on stdout. */
const print = (line = '') => process.stdout.write(`${line}\n`);

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const payload = JSON.parse(readFileSync(here('../test/fixtures/jacow-fel2022-event-44-detail-sessions.json'), 'utf8'));
const { model } = buildModel(validateEvent(payload).event);
const dir = mkdtempSync(join(tmpdir(), 'jpsp-docs-'));
try {
  writeFileSync(join(dir, 'booklet.odt'), writeOdt(model));
  execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'booklet.odt')], { stdio: 'ignore' });
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '3', '-l', '3', '-singlefile', join(dir, 'booklet.pdf'), join(dir, 'page')]);
  copyFileSync(join(dir, 'page.png'), here('../../../docs/booklet-page.png'));
  print('wrote docs/booklet-page.png');
  // The first page of the author index: the first page whose text starts with its heading.
  const pages = execFileSync('pdftotext', [join(dir, 'booklet.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f');
  const first = pages.findLastIndex((p) => p.trim().startsWith(model.labels.authorIndex)) + 1;
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(first), '-l', String(first), '-singlefile', join(dir, 'booklet.pdf'), join(dir, 'index')]);
  copyFileSync(join(dir, 'index.png'), here('../../../docs/booklet-index.png'));
  print(`wrote docs/booklet-index.png (page ${first} of ${pages.length - 1})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
