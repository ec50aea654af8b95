// The CLI as a process: exit codes, outputs, messages, the progress bar on a terminal only.
import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/jpsp.mjs', import.meta.url));
const FEL = fileURLToPath(new URL('../../../libs/booklet/test/fixtures/jacow-fel2022-event-44-detail-sessions.json', import.meta.url));
const SOFFICE = process.env.JPSP_SOFFICE || '/usr/bin/soffice';
const needSoffice = existsSync(SOFFICE) || process.env.CI === 'true';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function jpsp(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    // Through the launcher and its shebang, as `npx jpsp` runs it.
    execFile(BIN, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('jpsp booklet (the CLI, as a process)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jpsp-cli-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what npm links as `jpsp`: a committed, executable launcher (npm ci links no bin whose target is not built yet)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ jpsp: './bin/jpsp.mjs' });
    accessSync(BIN, constants.X_OK);
    expect(realpathSync(fileURLToPath(new URL('../../../node_modules/.bin/jpsp', import.meta.url)))).toBe(realpathSync(BIN));
  });

  it('prints its usage with --help (exit 0) and on a bad command line (exit 2)', async () => {
    const help = await jpsp(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: jpsp booklet <event\.json> \[options\]/);
    expect((await jpsp(['--version'], dir)).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    for (const args of [[], ['print'], ['booklet'], ['booklet', FEL, '--format', 'rtf'], ['booklet', FEL, '--page-size', 'A3'], ['booklet', FEL, '--index', 'names'], ['booklet', FEL, '--template', 'styles.txt'], ['booklet', FEL, '--colour']]) {
      const run = await jpsp(args, dir);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^jpsp: .+\n\nUsage: jpsp booklet/);
      expect(run.stdout).toBe('');
    }
  });

  it('writes the ODT and the DOCX of FEL2022, prints their paths, and warns on stderr without a progress bar (not a terminal)', async () => {
    const run = await jpsp(['booklet', FEL, '-f', 'odt,docx', '-o', 'fel.odt', '--lang', 'it'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('fel.odt\nfel.docx\n');
    expect(run.stderr).toContain('warning: 1 contribution has no abstract: MOX01\n');
    expect(run.stderr).not.toMatch(/\r|\u001b|%/);
    const odt = readFileSync(join(dir, 'fel.odt'));
    expect(odt.subarray(30, 38).toString()).toBe('mimetype');
    expect(odt.toString('latin1')).toContain('application/vnd.oasis.opendocument.text');
    expect(readFileSync(join(dir, 'fel.docx')).readUInt32LE(0)).toBe(0x04034b50);
    // The default name: the event file's, here.
    const plain = await jpsp(['booklet', FEL, '-q'], dir);
    expect(plain).toEqual({ code: 0, stdout: 'jacow-fel2022-event-44-detail-sessions.odt\n', stderr: '' });
  });

  it('refuses an invalid event with the field paths (exit 3), a missing file or folder (exit 4)', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ _type: 'Conference', id: '1', title: 42, contributions: 'none' }));
    const bad = await jpsp(['booklet', 'bad.json'], dir);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^jpsp: bad\.json is not a usable Indico event export \(\d+ problems?\):\n {2}title: /);
    expect(bad.stderr).toMatch(/\n {2}contributions: /);
    writeFileSync(join(dir, 'notjson.json'), '{ "title": ');
    expect(await jpsp(['booklet', 'notjson.json'], dir)).toMatchObject({ code: 3, stderr: expect.stringMatching(/^jpsp: notjson\.json is not JSON: /) });
    expect(await jpsp(['booklet', 'missing.json'], dir)).toMatchObject({ code: 4, stderr: 'jpsp: cannot read missing.json: no such file\n' });
    expect(await jpsp(['booklet', FEL, '-o', 'nowhere/fel.odt'], dir)).toMatchObject({ code: 4, stderr: 'jpsp: cannot write nowhere/fel.odt: its folder does not exist\n' });
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('uses a .docx template and refuses a broken one with its problem (exit 3)', async () => {
    writeFileSync(join(dir, 'broken.docx'), 'not a zip');
    const run = await jpsp(['booklet', FEL, '-f', 'docx', '-t', 'broken.docx', '-o', 'x.docx'], dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^jpsp: the \.docx template cannot be used: The DOCX template is not a \.docx file/);
    const shipped = fileURLToPath(new URL('../../../libs/booklet/templates/booklet-template.docx', import.meta.url));
    expect((await jpsp(['booklet', FEL, '-f', 'docx', '-t', shipped, '-o', 'y.docx', '-q'], dir)).code).toBe(0);
  });

  it('draws a progress bar on a terminal (script gives it one)', () => {
    const run = spawnSync('script', ['-qfec', `${BIN} booklet ${FEL} -o tty.odt`, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\[#+\.*\] +\d+% building the booklet/);
    expect(run.stdout).toContain('tty.odt');
  });

  it.runIf(needSoffice)('writes an A5 PDF through LibreOffice (exit 0), and says when LibreOffice is missing (exit 5)', async () => {
    const run = await jpsp(['booklet', FEL, '-f', 'pdf', '--page-size', 'a5', '--index', 'pages', '-o', 'fel.pdf', '-q'], dir);
    expect(run).toEqual({ code: 0, stdout: 'fel.pdf\n', stderr: '' });
    const info = spawnSync('pdfinfo', [join(dir, 'fel.pdf')], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Page size:\s+419\.\d+ x 595\.\d+ pts/);
    const missing = await jpsp(['booklet', FEL, '-f', 'pdf', '-o', 'none.pdf'], dir, { JPSP_SOFFICE: '/nonexistent/soffice' });
    expect(missing.code).toBe(5);
    expect(missing.stderr).toMatch(/^jpsp: pdf needs LibreOffice: \/nonexistent\/soffice is not installed/);
  }, 180_000);
});
