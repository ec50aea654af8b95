// Log formats: human-readable lines on a terminal (demo mode's banner stands out), JSON lines when
// stdout is not a terminal or in production. The terminal is a real pseudo-terminal (`script`).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN } from './harness.js';

/** Runs the server until `until(output)` holds (or 20 s), then stops it; the whole output. */
function runUntil(env: Record<string, string>, tty: boolean, until: (out: string) => boolean): Promise<string> {
  const vars = { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', JPSP_TEMP_DIR: join(mkdtempSync(join(tmpdir(), 'jpsp-logs-')), 'results'), ...env };
  const command = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} --demo`;
  // `script` gives the server a pseudo-terminal as stdout; -e keeps the exit status, -q the noise out.
  const proc = tty ? spawn('script', ['-qec', command, '/dev/null'], { env: vars }) : spawn(process.execPath, [MAIN, '--demo'], { env: vars });
  let out = '';
  let done = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the expected output did not come within 20 s:\n${out}`));
    }, 20_000);
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!done && until(plain(out))) {
        done = true;
        clearTimeout(timer);
        proc.kill('SIGTERM');
        proc.once('exit', () => resolve(out));
      }
    });
  });
}

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n');
const logLines = (text: string) => plain(text).split('\n').filter((l) => /^\s*[[{]/.test(l));
/** The banner and the `listening` line are both out (the log is written asynchronously). */
const started = (out: string) => /listening/.test(out) && /demo key:.*\n.*\n/.test(out);

describe('log format', () => {
  it('on a terminal: one readable line per entry, no JSON, and the demo banner framed', async () => {
    const out = plain(await runUntil({}, true, (o) => started(o) && o.includes('└')));
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: listening /m);
    expect(logLines(out).filter((l) => l.startsWith('{'))).toEqual([]);
    expect(out).toMatch(/┌─+┐\n│ JPSP-NG demo mode +│\n│ demo page: +http:\/\/127\.0\.0\.1:\d+\/demo\/ +│/);
    // Nest's start-up chatter (a line per route) is debug-level.
    expect(out).not.toContain('Mapped {/api/tasks');
    // The key appears in the banner only.
    const key = /demo key: +(\S+)/.exec(out)?.[1] ?? '';
    expect(out.split(key).length - 1).toBe(1);
  });

  it('not on a terminal, or in production: JSON lines', async () => {
    for (const [env, tty] of [[{}, false], [{ NODE_ENV: 'production' }, true], [{ JPSP_LOG_FORMAT: 'json' }, true]] as const) {
      const lines = logLines(await runUntil(env, tty, started)).filter((l) => l.startsWith('{'));
      expect(lines.length, JSON.stringify(env)).toBeGreaterThan(1);
      expect(lines.map((l) => (JSON.parse(l) as { msg?: string }).msg)).toContain('listening');
    }
  });

  it('JPSP_LOG_FORMAT=pretty without a terminal, e.g. behind a log viewer', async () => {
    const out = plain(await runUntil({ JPSP_LOG_FORMAT: 'pretty' }, false, started));
    expect(out).toMatch(/INFO: listening/);
    expect(logLines(out).filter((l) => l.startsWith('{'))).toEqual([]);
  });
});
