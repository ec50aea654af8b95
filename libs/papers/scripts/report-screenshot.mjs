// Regenerates docs/papers-check-report.png: the HTML report of a small, real check (LibreOffice and
// pdf-lib files from test-support/make-pdfs.mjs) photographed by Debian's Chromium.
// `node libs/papers/scripts/report-screenshot.mjs` after `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPaper, papersHtml, resolveRules, summarize, unreadableReport } from '../dist/index.js';
import * as m from '../test-support/make-pdfs.mjs';

const office = await m.officePdfs({ good: m.fodt({ size: m.JACOW_MM, pages: 4 }), a4: m.fodt({ size: m.A4_MM, pages: 5 }), long: m.fodt({ size: m.JACOW_MM, pages: 7 }) });
const rules = resolveRules({ maxPagesByType: { 'Contributed Oral': 5, Poster: 5 } });
const meta = (id, code, title, type = 'Poster') => ({ id, code, title, type });
const papers = [
  await checkPaper(office.good, meta('1', 'MOPA01', 'Commissioning of the Injector Laser'), rules),
  await checkPaper(office.a4, meta('2', 'MOPA02', 'Beam Diagnostics for the Undulator Line'), rules),
  await checkPaper(await m.standard14Pdf(4), meta('3', 'MOPA03', 'A Fast Kicker for Top-Up Injection'), rules),
  await checkPaper(await m.type3FigurePdf(), meta('4', 'TUOB02', 'Seeded FEL Operation at 4 nm', 'Contributed Oral'), rules),
  await checkPaper(office.long, meta('5', 'TUOB03', 'Cryomodule Performance in the First Year', 'Contributed Oral'), rules),
  unreadableReport(meta('6', 'WEPB11', 'Timing System Upgrade'), 'Could not download the file: fetching https://indico.example.org/event/44/manage/jpsp/papers/… answered HTTP 404.'),
  await checkPaper(office.good, meta('7', 'WEPB12', 'Orbit Feedback with Machine Learning'), rules),
];
const html = papersHtml(papers, summarize(papers), { title: 'Paper check — FEL2022', checkedAt: new Date('2022-08-20T21:30:00Z'), rules });
const dir = mkdtempSync(join(tmpdir(), 'jpsp-shot-'));
try {
  writeFileSync(join(dir, 'report.html'), html);
  const out = new URL('../../../docs/papers-check-report.png', import.meta.url).pathname;
  execFileSync('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--hide-scrollbars', '--window-size=1100,1180', `--screenshot=${out}`, `file://${join(dir, 'report.html')}`], { stdio: 'ignore' });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
