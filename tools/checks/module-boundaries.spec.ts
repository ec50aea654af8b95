// The Nx module boundaries are enforced by `npm run lint`: imports that cross them fail, the
// allowed ones pass. Each probe is linted as if it were a file at that path of the repository.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['a lib importing an app', 'libs/contracts/src/probe.mjs', "import '@jpsp/widget';\n", /Imports of apps are forbidden|Circular dependency/],
    ['an app importing another app', 'apps/widget/scripts/probe.mjs', "import '@jpsp/server';\n", /Imports of apps are forbidden/],
    ['a relative import into another project', 'apps/server/test/probe.mjs', "import '../../../libs/booklet/bench/generate-event.mjs';\n", /relative or absolute path/],
  ])('refuses %s', async (_what, path, code, message) => {
    const errors = await boundaryErrors(path, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['a lib importing a lib', 'libs/booklet/scripts/probe.mjs', "import '@jpsp/contracts';\n"],
    ['an app importing a lib', 'apps/server/test/probe.mjs', "import '@jpsp/booklet/bench/generate-event';\n"],
    ['the e2e suite importing an app', 'e2e/tasks/probe.mjs', "import '@jpsp/widget';\n"],
  ])('allows %s', async (_what, path, code) => {
    expect(await boundaryErrors(path, code)).toEqual([]);
  });
});
