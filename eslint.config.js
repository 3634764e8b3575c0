// Lint, and the one-way import rule of DESIGN.md enforced per folder:
//   core ← model ← decode/train/tasks/io ← tour/labs ← state ← panels ← app
//   viz takes only d3 and types; i18n takes nothing; components take viz, i18n and types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const FOLDERS = [
  'core', 'model', 'decode', 'train', 'tasks', 'io', 'tour', 'labs', 'state', 'viz',
  'i18n', 'components', 'panels', 'workers', 'cli', 'app',
];

/** Folders each folder of src/ may import (besides itself). */
const ALLOWED = {
  core: [],
  model: ['core'],
  tasks: ['core'],
  io: ['core', 'model', 'tasks', 'decode'],
  decode: ['core', 'model', 'tasks'],
  train: ['core', 'model', 'tasks', 'io', 'decode'],
  tour: ['core', 'model', 'decode', 'train', 'tasks', 'io'],
  labs: ['core', 'model', 'decode', 'train', 'tasks', 'io', 'tour'],
  state: ['core', 'model', 'decode', 'train', 'tasks', 'io', 'tour', 'labs', 'i18n'],
  viz: [],
  i18n: [],
  components: ['viz', 'i18n'],
  workers: ['core', 'model', 'decode', 'train', 'tasks', 'io', 'labs'],
  panels: ['core', 'model', 'decode', 'train', 'tasks', 'io', 'tour', 'labs', 'state', 'viz', 'i18n', 'components', 'workers'],
  app: ['core', 'model', 'decode', 'train', 'tasks', 'io', 'tour', 'labs', 'state', 'viz', 'i18n', 'components', 'panels', 'workers'],
  cli: ['core', 'model', 'decode', 'train', 'tasks', 'io', 'tour', 'labs', 'workers'],
};

/** Packages a folder must not use (the core and the model are pure math). */
const NO_UI_PACKAGES = ['react', 'react-dom', 'd3', 'zustand'];
const PURE = new Set(['core', 'model', 'decode', 'train', 'tasks', 'io', 'tour', 'labs', 'workers', 'cli']);

function importRules(folder) {
  const banned = FOLDERS.filter((f) => f !== folder && !ALLOWED[folder].includes(f));
  const patterns = [];
  if (banned.length > 0) {
    patterns.push({
      regex: `^\\.\\.?/(?:\\.\\./)*(?:${banned.join('|')})(?:/|$)`,
      message: `src/${folder} may import only from: ${ALLOWED[folder].join(', ') || 'nothing in src'} (DESIGN.md, one-way imports).`,
      // viz and components may take *types* from anywhere.
      allowTypeImports: folder === 'viz' || folder === 'components',
    });
  }
  const paths = [];
  if (PURE.has(folder)) {
    for (const name of NO_UI_PACKAGES) {
      patterns.push({ group: [name, `${name}/*`, `${name}-*`], message: `src/${folder} is UI-free: no ${name}.` });
    }
  }
  if (folder === 'viz') {
    patterns.push({ group: ['react', 'react-dom', 'zustand'], message: 'src/viz is pure functions of data and d3: no React, no store.' });
  }
  return {
    files: [`src/${folder}/**/*.{ts,tsx}`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns, paths }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/shared/]', message: 'Tests and code must not read ../shared.' }],
    },
  },
  ...Object.keys(ALLOWED).map(importRules),
);
