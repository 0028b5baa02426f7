// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import localRules from './tools/eslint/local-rules.mjs';

/** Modules that do IO or tie code to Nest: the pure core must not import them. */
const ioAndFrameworkModules = [
  '@nestjs/*',
  'node:*',
  'fs',
  'fs/*',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'child_process',
  'cluster',
  'worker_threads',
  'os',
  'process',
  'readline',
  'ioredis',
  'better-sqlite3',
  'pg',
  'ws',
  'viem/actions',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'contracts/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../libs/*', '../../../libs/*'], message: 'Import a lib through its @hotshot/* alias.' },
          ],
        },
      ],
    },
  },
  {
    // The pure core: consensus state machine, codecs and commitments do no IO and know nothing of Nest.
    files: ['libs/consensus/src/**/*.ts', 'libs/protocol/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ioAndFrameworkModules,
              message: 'libs/consensus and libs/protocol are the pure core: no Nest, no Node IO.',
            },
            { group: ['../../libs/*', '../../../libs/*'], message: 'Import a lib through its @hotshot/* alias.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The pure core reads no environment.' },
        { name: 'setTimeout', message: 'Time enters the pure core as an input.' },
        { name: 'setInterval', message: 'Time enters the pure core as an input.' },
        { name: 'fetch', message: 'The pure core does no IO.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time enters the pure core as an input.' },
      ],
    },
  },
  {
    // One direction of imports between modules, checked against the whole graph (tools/eslint/import-graph.mjs).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    plugins: { local: localRules },
    rules: { 'local/no-import-cycle': 'error' },
  },
  {
    // A library's index exports only what other rooms use (tools/eslint/no-unused-library-export.mjs).
    files: ['libs/*/src/index.ts'],
    plugins: { local: localRules },
    rules: { 'local/no-unused-library-export': 'error' },
  },
);
