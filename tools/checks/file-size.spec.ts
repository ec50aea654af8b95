// House rule: no source file over 400 lines (a file that grows past it is split by responsibility).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MAX_LINES = 400;

describe('file sizes', () => {
  it(`no file in a src/ folder is over ${MAX_LINES} lines`, () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*/src/*'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.(ts|tsx|mjs|js|py)$/.test(f) && !f.includes('.generated.'));
    expect(files.length).toBeGreaterThan(50);
    const over = files
      .map((f) => ({ f, lines: readFileSync(`${root}/${f}`, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines}`);
    expect(over).toEqual([]);
  });
});
