// Lint for the whole tree: TypeScript and Svelte, recommended rules; formatting is Prettier's (.prettierrc), so the
// stylistic rules are off. Layering is checked separately by dependency-cruiser (npm run lint:layers).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      'dist/',
      'data/',
      'test-results/',
      'web/build/',
      'web/.svelte-kit/',
      'channels/widget/client/dist/',
      'web/src/lib/api-schema.d.ts',
    ],
  },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  svelte.configs.prettier,
  { languageOptions: { globals: globals.node } },
  { files: ['web/src/**', 'channels/widget/client/src/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The console is served at / with no base path (kit.paths.base is unset), so resolve() would add nothing to links.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    // Tests and benchmarks read the API's JSON answers loosely on purpose: a wrong shape fails their assertions.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
