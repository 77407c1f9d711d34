// Lint rules that matter here: promises must be awaited, core/ stays pure (no SDKs, no I/O,
// nothing from the outer layers), so the protocol engine is deterministic and portable, and the
// server reaches the bot only through its composition root.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const nodeIo = [
  'fs',
  'http',
  'https',
  'net',
  'child_process',
  'os',
  'path',
  'process',
  'worker_threads',
  'dgram',
  'dns',
  'tls',
  'cluster',
  'readline',
  'stream',
];

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'data/', 'bin/', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../../bot/**',
                '../../server/**',
                '../../tab/**',
                '../bot/**',
                '../server/**',
                '../tab/**',
                '**/bot/**',
                '**/server/**',
                '**/tab/**',
              ],
              message: 'core/ may not import the outer layers.',
            },
            {
              group: ['node:*', ...nodeIo, ...nodeIo.map((m) => `${m}/*`)],
              message: 'core/ is pure: no Node I/O. Time, files and network come in through ports.',
            },
            {
              group: [
                '@microsoft/*',
                '@azure/*',
                'express*',
                'better-sqlite3',
                'react*',
                'pino*',
                'exceljs',
              ],
              message: 'core/ may not import SDKs or adapters.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core/ is pure: configuration comes in as an argument.' },
        { name: 'fetch', message: 'core/ is pure: no network.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'core/ is pure: time comes in as an argument.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core/ is pure: time comes in as an argument.',
        },
      ],
    },
  },
  {
    // The server loads, stores and delivers; what a card says is decided in core/ and drawn in
    // bot/. Only the composition root, which wires the bot in, may import it.
    files: ['server/**/*.ts'],
    ignores: ['server/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../bot',
                '../bot/**',
                '../../bot',
                '../../bot/**',
                '../../../bot/**',
                '**/bot/**',
              ],
              message:
                'Only the composition root (server/main.ts) imports bot/: take card inputs and decisions from core/.',
            },
            {
              group: ['@microsoft/agents-*'],
              message:
                'Only bot/ talks to the Agents SDK: the server reaches the bot through bot/index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // The bot renders and hands actions to the use cases it is given; it reaches no server code.
    files: ['bot/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../server',
                '../server/**',
                '../../server',
                '../../server/**',
                '**/server/**',
              ],
              message: 'bot/ may not import server/: what it needs comes through core/ ports.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON responses whose shape the assertions check; typing every body adds nothing.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
