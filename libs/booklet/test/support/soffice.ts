// Real LibreOffice for the tests: every conversion gets its own fresh profile directory
// (concurrent runs on one profile lose files with exit 0), and the output file is checked.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SOFFICE = process.env.JPSP_SOFFICE ?? '/usr/bin/soffice';

export function hasSoffice(): boolean {
  return existsSync(SOFFICE);
}

/** Fails loudly under CI=true when LibreOffice is missing: a skipped suite is a failure there. */
export function requireSoffice(): boolean {
  if (hasSoffice()) {
    return true;
  }
  if (process.env.CI === 'true') {
    throw new Error(`LibreOffice not found at ${SOFFICE} (CI=true: install libreoffice-writer-nogui)`);
  }
  return false;
}

/** Converts a document to another format (default pdf) with LibreOffice; returns the output bytes. */
export async function convert(bytes: Uint8Array, fileName: string, to = 'pdf'): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-soffice-'));
  try {
    const input = join(dir, fileName);
    await writeFile(input, bytes);
    const profile = join(dir, 'profile');
    await run(SOFFICE, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', to, '--outdir', join(dir, 'out'), input], { timeout: 180_000 });
    const out = join(dir, 'out', `${basename(fileName, extname(fileName))}.${to.split(':')[0]}`);
    if (!existsSync(out)) {
      throw new Error(`LibreOffice produced no ${to} for ${fileName}`);
    }
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Text of a PDF (pdftotext from poppler-utils), in reading order, or as laid out with `layout`. */
export async function pdfText(pdf: Uint8Array, layout = false): Promise<string> {
  return popplerOn(pdf, 'pdftotext', (file) => ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), file, '-']);
}

/** `pdfinfo` of a PDF: pages, page size ("419.53 x 595.28 pts (A5)"). */
export async function pdfInfo(pdf: Uint8Array): Promise<{ pages: number; pageSize: string }> {
  const out = await popplerOn(pdf, 'pdfinfo', (file) => [file]);
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]), pageSize: /^Page size:\s+(.*)$/m.exec(out)?.[1]?.trim() ?? '' };
}

async function popplerOn(pdf: Uint8Array, tool: string, args: (file: string) => string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run(tool, args(file), { maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Renders page `page` (1-based) of a PDF to PNG (pdftoppm), e.g. for docs pictures. */
export async function pdfPagePng(pdf: Uint8Array, page: number, dpi = 80): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-png-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, pdf);
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, join(dir, 'page')]);
    return await readFile(join(dir, 'page.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Names of the fonts embedded in a PDF (pdffonts from poppler-utils), subset prefixes removed. */
export async function pdfFonts(pdf: Uint8Array): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-fonts-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdffonts', [file]);
    return stdout
      .split('\n')
      .slice(2)
      .map((l) => l.split(/\s+/)[0] ?? '')
      .filter(Boolean)
      .map((n) => n.replace(/^[A-Z]{6}\+/, ''));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
