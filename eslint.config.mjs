// ESLint for the whole monorepo (`npm run lint`, part of `npm test`).
// TypeScript: typescript-eslint's type-checked rules (each file with the tsconfig that includes it).
// Every file: at most 400 lines; Nx module boundaries from the project tags (apps → libs, libs → libs only, e2e and
// the plugin's tests may use anything; a relative import into another project is refused).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.venv/**', '**/coverage/**', '**/test-results/**', '**/playwright-report/**', '**/.nx/**', 'plugins/indico-jpsp/indico_jpsp/static/dist/**'],
  },
  js.configs.recommended,
  {
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:app', 'type:lib'] },
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:app', 'type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      // The XML writers and their tests match the control characters XML forbids, on purpose.
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-console': 'error',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The house rule: no file over 400 lines (code, tests, scripts and benches alike).
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['apps/widget/demo/**/*.js', 'e2e/pages/**/*.js', 'plugins/indico-jpsp/indico_jpsp/static/js/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  {
    files: ['e2e/pages/**/*.js'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['apps/server/vitest.config.ts', 'apps/cli/vitest.config.ts', 'libs/*/vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Vitest's asymmetric matchers (expect.any, expect.stringMatching…) are typed `any`.
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Playwright fixtures must destructure their first argument, even when they use nothing of it.
    files: ['e2e/**/*.ts', 'plugins/*/e2e/**/*.mjs'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
