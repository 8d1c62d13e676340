// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'scratch/', '.finops/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly', structuredClone: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', NodeJS: 'readonly', document: 'readonly', window: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The core is pure: no I/O, no clock (style.md).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'http', 'pg', '@electric-sql/*', '@slack/*', '@aws-sdk/*', '@google-cloud/*', 'pino', 'express'], message: 'The core is pure: no I/O (style.md).' },
          // Nor the layers around it, by relative path: they depend on the core, never the reverse.
          { group: ['**/providers', '**/providers/**', '**/store', '**/store/**', '**/chat', '**/chat/**', '**/app/**', '**/bot/**', '**/console/**', '**/server/**', '**/cli/**', '**/metrics/**'], message: 'The core imports nothing outside src/core: providers, the store, chat and the app depend on it, never the reverse.' },
        ],
      }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'The core never reads the clock: pass `now` in.' }],
    },
  },
);
