// One lint setup for the workspace. Beyond the recommended rules it enforces the bounded
// contexts: a module in api/src/modules/<ctx>/ may reach another context only through that
// context's index.ts (its service API), never its repo, tables or internals; and no import cycles.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const MODULES = 'api/src/modules';
const contexts = readdirSync(new URL(`./${MODULES}`, import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

export const boundaryZones = contexts.map((ctx) => ({
  target: `./${MODULES}/${ctx}`,
  from: `./${MODULES}`,
  except: [`./${ctx}`, ...contexts.filter((o) => o !== ctx).map((o) => `./${o}/index.ts`)],
  message: `A context talks to another only through its index.ts (service API): ${ctx} must not import another context's internals.`,
}));

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', '**/coverage/**', 'miniapp/.cache/**', 'test-artifacts/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description', 'ts-ignore': true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name=/^(skip|only)$/][callee.object.name=/^(it|test|describe)$/]", message: 'No skipped or focused tests.' },
      ],
    },
  },
  {
    files: ['api/src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones }],
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
    },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { sourceType: 'commonjs' },
  },
);
