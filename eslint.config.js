// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

/**
 * Layering (see ../shared/docs/house-style.md): each folder's imports point one way.
 * The rules below are the machine-checked version of that picture.
 */
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      'coverage/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      {
        group: ['**/main/**', '**/sandbox/**', 'electron', 'node:*'],
        message: 'The renderer reaches the app only through window.desk (renderer/bridge).',
      },
    ]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict([
      {
        group: ['**/main/**', '**/sandbox/**', '**/renderer/**'],
        message: 'The preload knows only the contract and electron.',
      },
    ]),
  },
  {
    files: ['main/core/**/*.{ts,tsx}'],
    rules: restrict([
      {
        group: ['electron'],
        message: 'main/core is plain Node: only main/index.ts and main/ipc may import electron.',
      },
      {
        group: ['**/sandbox/**'],
        message: 'Desk code reaches the sandbox only through the composition root.',
      },
      { group: ['**/test/**'], message: 'Nothing imports test/.' },
    ]),
  },
  {
    files: ['sandbox/**/*.ts'],
    rules: restrict([
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**', 'electron'],
        message: 'The sandbox shares only vtex/ with the desk.',
      },
      { group: ['**/test/**'], message: 'Nothing imports test/.' },
    ]),
  },
  {
    files: ['vtex/**/*.ts'],
    rules: restrict([
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/sandbox/**', 'electron'],
        message: 'vtex/ is the shared wire module; it depends on nothing of ours.',
      },
    ]),
  },
);
