import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Same lookup as the server: JPSP_SOFFICE, else Debian's path. */
export const SOFFICE = process.env.JPSP_SOFFICE || '/usr/bin/soffice';
const TIMEOUT_MS = 10 * 60_000;

export class PdfError extends Error {}

/**
 * ODT bytes → PDF bytes with LibreOffice: a fresh profile per run (two runs never share one),
 * its own process group (a timeout kills soffice.bin behind the launcher script), and the
 * output checked to exist (soffice exits 0 when it could not convert).
 */
export async function odtToPdf(odt: Uint8Array): Promise<Uint8Array> {
  if (!existsSync(SOFFICE)) {
    throw new PdfError(`pdf needs LibreOffice: ${SOFFICE} is not installed (apt-get install libreoffice-writer-nogui, or set JPSP_SOFFICE)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'jpsp-cli-'));
  try {
    const input = join(dir, 'booklet.odt');
    await writeFile(input, odt);
    const args = [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input];
    const child = spawn(SOFFICE, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const timer = setTimeout(() => killGroup(child.pid), TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    }).finally(() => clearTimeout(timer));
    const output = join(dir, 'booklet.pdf');
    if (code !== 0 || !existsSync(output)) {
      throw new PdfError(`LibreOffice could not convert the booklet to PDF (exit ${code})${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    }
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function killGroup(pid: number | undefined): void {
  if (pid !== undefined) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
