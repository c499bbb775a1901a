// @ts-check
// ESLint for the whole repository (`npm run lint`, part of `npm test`). It keeps what the compiler
// does not: promises that nobody awaits, import cycles, and the layers of docs/architecture.md —
// the pure domain and the workflow code import no Node built-in, no zod and no I/O module, and the
// web UI imports nothing outside ui/ but the HTTP contract (api/contract). docs/tests.md#lint explains
// each rule and how to add a package that pure code may use.
import { builtinModules } from 'node:module';
import commentsConfigs from '@eslint-community/eslint-plugin-eslint-comments/configs';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts'];
const DOMAIN = ['domain/**/*.ts'];
const DOMAIN_SCHEMAS = ['domain/**/*.schema.ts'];
const WORKFLOWS = ['workflows/**/*.ts'];

/** Every name of a Node built-in, with and without `node:` (`node:sqlite`, `node:test` exist only with it). */
const NODE_BUILTINS = [...new Set(builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])))];

/** Escapes a module name for a regular expression. */
const escape = (/** @type {string} */ name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * no-restricted-imports options for pure code: relative modules are its own; of the packages, only
 * `allowed` (checked to do no I/O) and their subpaths. Node built-ins and zod get their own message;
 * every other package is refused by one pattern that leaves out the names above, so that an import is
 * reported once.
 * @param {{ allowed: string[], where: string, relative?: { regex: string, message: string, allowTypeImports?: boolean }[] }} options
 */
function pureImports({ allowed, where, relative = [] }) {
  const zod = !allowed.includes('zod');
  const builtinMessage = `${where} is pure: no Node built-in. Reading files, the network, the clock or the environment is an activity's job (activities/).`;
  const zodMessage = `${where} does not import zod: schemas live in *.schema.ts modules (and in the HTTP contract); pure code works on the types inferred from them.`;
  const packages = allowed.filter((name) => name !== 'zod');
  const otherMessage = packages.length
    ? `${where} may import only ${packages.join(', ')} and its own modules; I/O (pg, fastify, pino, jose, yaml, the Temporal client, worker and activity packages) belongs in activities/, api/ or worker/.`
    : `${where} imports no package${allowed.includes('zod') ? ' but zod' : ''}; I/O (pg, fastify, pino, jose, yaml, Temporal) belongs in activities/, api/ or worker/.`;
  const notOther = [
    '\\.',
    `(?:${['zod', ...allowed].map(escape).join('|')})(?:/|$)`,
    `(?:${NODE_BUILTINS.map(escape).join('|')})$`,
  ]
    .map((p) => `(?!${p})`)
    .join('');
  return [
    'error',
    {
      paths: [
        ...NODE_BUILTINS.map((name) => ({ name, message: builtinMessage })),
        ...(zod ? [{ name: 'zod', message: zodMessage }] : []),
      ],
      patterns: [
        ...(zod ? [{ regex: '^zod/', message: zodMessage }] : []),
        { regex: `^${notOther}`, message: otherMessage },
        ...relative,
      ],
    },
  ];
}

/** What pure code may not reach for instead of an import: the process, the clock, chance. */
const PURE_GLOBALS = ['process', 'Buffer', 'fetch', 'require', '__dirname', '__filename', 'global'].map((name) => ({
  name,
  message: 'Pure code has no process, file system or network: take the value as an argument.',
}));
const NO_DYNAMIC_MODULES = [
  { selector: 'ImportExpression', message: 'Pure code imports statically, so that lint sees what it imports.' },
  { selector: "CallExpression[callee.name='require']", message: 'Pure code imports statically, so that lint sees what it imports.' },
];

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '.tools/**', '.data/**', '.test-data/**', 'ui/dist/**', 'test-results/**', 'coverage/**', 'tmp/**'],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs', '.json'],
          // tests/docs imports './markdown-links.js', which is TypeScript on disk.
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: {
      // A cycle of value imports: module initialisation order decides what is undefined. Type-only
      // imports are left out (they vanish at run time).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  // Every inline disable says why (`-- reason`), names its rules, and is still needed.
  commentsConfigs.recommended,
  {
    rules: {
      '@eslint-community/eslint-comments/require-description': 'error',
      '@eslint-community/eslint-comments/no-unused-disable': 'error',
    },
  },
  // Rules that need the types: the TypeScript sources, each with the tsconfig.json nearest to it.
  {
    files: TS,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description', 'ts-ignore': true, 'ts-nocheck': true }],
    },
  },
  // The pure domain: no built-in, no zod (but in *.schema.ts), no package at all, nothing outside domain/.
  {
    files: DOMAIN,
    rules: {
      '@typescript-eslint/no-restricted-imports': pureImports({ allowed: [], where: 'The domain' }),
      'no-restricted-globals': ['error', ...PURE_GLOBALS],
      'no-restricted-syntax': [
        'error',
        ...NO_DYNAMIC_MODULES,
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain has no clock: take the instant from the command (instantOf) or as an argument.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The domain has no clock: take the instant from the command (instantOf) or as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The domain is deterministic: no Math.random.' },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [{ target: './domain', from: '.', except: ['./domain', './node_modules'], message: 'The domain imports only its own modules (docs/architecture.md#layers).' }],
        },
      ],
    },
  },
  {
    files: DOMAIN_SCHEMAS,
    rules: {
      '@typescript-eslint/no-restricted-imports': pureImports({ allowed: ['zod'], where: 'A domain schema' }),
    },
  },
  // The workflow code runs in Temporal's deterministic sandbox and is bundled from these files: only
  // @temporalio/workflow and @temporalio/common, the domain, and the activities' types.
  {
    files: WORKFLOWS,
    rules: {
      '@typescript-eslint/no-restricted-imports': pureImports({
        allowed: ['@temporalio/workflow', '@temporalio/common'],
        where: 'Workflow code',
        relative: [
          {
            regex: '^(?:\\.\\./)+(?:activities|api|worker|config|db|scripts|chaos|bench|tests|ui)(?:/|$)',
            allowTypeImports: true,
            message: 'Workflow code imports activities, the API, the worker and config only as types (`import type`): their modules would be bundled into the workflow.',
          },
        ],
      }),
      'no-restricted-globals': ['error', ...PURE_GLOBALS],
      'no-restricted-syntax': ['error', ...NO_DYNAMIC_MODULES],
    },
  },
  // The web UI sees the server only through the HTTP contract.
  {
    files: ['ui/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: './ui',
              from: '.',
              except: ['./ui', './api/contract/index.ts', './node_modules'],
              message: 'ui/ imports from outside ui/ only the HTTP contract, through its index (api/contract).',
            },
          ],
        },
      ],
    },
  },
);
