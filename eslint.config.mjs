// ESLint flat config: typescript-eslint with type information (no-floating-promises), Prettier owns formatting, and
// the workflow sandbox boundary enforced here rather than by review (CONVENTIONS 1).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/** Imports that cannot run inside the deterministic workflow sandbox. */
const workflowSandboxRestrictions = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available in workflow code.' })),
    ...['@temporalio/activity', '@temporalio/worker', '@temporalio/client'].map((name) => ({
      name,
      message: 'Workflow code runs in the sandbox: use @temporalio/workflow.',
    })),
  ],
  patterns: [
    { regex: '^node:', message: 'Node built-ins are not available in workflow code.' },
    {
      regex: '^(\\.\\./)+(activities|worker|client|store|sandbox)(/|$)',
      allowTypeImports: true,
      message: 'Workflows may import only types from activities/, worker/, client/, store/ and sandbox/ (import type).',
    },
  ],
};

/** Modules of workflows/contracts/ that hold zod schemas: clients, the store and activities import them, workflows do not. */
const zodContractModules = ['workflows/contracts/provision-tenant-input.ts', 'workflows/contracts/progress-schema.ts'];

/**
 * What workflow code may not import beyond the sandbox's limits: zod, and the contract modules built on it. The bundle is
 * evaluated again for every workflow (about 1 MB of zod per workflow in flight): validate in an activity instead.
 */
const workflowBundleRestrictions = {
  paths: [
    ...workflowSandboxRestrictions.paths,
    {
      name: 'zod',
      allowTypeImports: true,
      message: 'zod stays out of the workflow bundle: validate in an activity (import type is fine).',
    },
  ],
  patterns: [
    ...workflowSandboxRestrictions.patterns,
    {
      regex: '/(provision-tenant-input|progress-schema)$',
      allowTypeImports: true,
      message: 'zod schema modules stay out of the workflow bundle: import type only.',
    },
  ],
};

/**
 * The direction imports flow between folders (docs/ARCHITECTURE.md, "Folders"): `common/` is imported by every
 * process and imports none of them; the store sits on `common/`; activities on the store; the worker and the clients
 * compose them; the sandbox emulates the providers and shares nothing with our code but `common/`. `workflows/` has
 * its own, stricter rules above.
 */
const folder = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;
const layerRules = [
  {
    files: ['common/**/*.ts'],
    patterns: [
      {
        regex: folder(['activities', 'worker', 'client', 'store', 'sandbox', 'tracing']),
        message: 'common/ is imported by every process and imports none of them.',
      },
      {
        regex: folder(['workflows']),
        allowTypeImports: true,
        message: 'common/ may import only types from workflows/.',
      },
    ],
  },
  {
    files: ['tracing/**/*.ts'],
    patterns: [
      {
        regex: folder(['activities', 'worker', 'client', 'store', 'sandbox']),
        message: 'tracing/ is process infrastructure, like common/: it imports none of the processes.',
      },
    ],
  },
  {
    files: ['store/**/*.ts'],
    patterns: [
      {
        regex: folder(['activities', 'worker', 'client', 'sandbox']),
        message: 'The store depends on common/ and the workflow contracts only.',
      },
      { regex: '^(\\.\\./)+workflows/(?!contracts/)', message: 'The store may import only workflows/contracts/.' },
    ],
  },
  {
    files: ['activities/**/*.ts'],
    patterns: [
      {
        regex: folder(['worker', 'client', 'sandbox']),
        message:
          'Activities are built by the worker: they import common/, store/ and workflow contracts, never worker/, client/ or sandbox/.',
      },
    ],
  },
  {
    files: ['worker/**/*.ts'],
    patterns: [
      { regex: folder(['client', 'sandbox']), message: 'The worker never imports the clients or the sandbox.' },
    ],
  },
  {
    files: ['client/**/*.ts'],
    patterns: [
      { regex: folder(['sandbox']), message: 'The clients never import the sandbox: talk to it over HTTP.' },
      {
        regex: '^(\\.\\./)+worker/(?!(providers|job-lookup)$)',
        message:
          'Of worker/, the API may import only the provider clients and the job lookup it composes (worker/providers, worker/job-lookup).',
      },
    ],
  },
  {
    files: ['sandbox/**/*.ts'],
    patterns: [
      {
        regex: folder(['activities', 'worker', 'client', 'store', 'workflows', 'tracing']),
        message: 'The sandbox emulates the providers: it shares only common/ with our code.',
      },
    ],
  },
];

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.cache/', '.temporal/', '.data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Passing an async handler where a callback is expected (e.g. http.createServer(listener)) is the norm here.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The tenant's static site runs in the browser.
    files: ['tenant-frontend/site/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['workflows/**/*.ts', 'tests/**/fixtures/**/*.ts'],
    ignores: zodContractModules,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', workflowBundleRestrictions],
    },
  },
  {
    files: zodContractModules,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', workflowSandboxRestrictions],
    },
  },
  ...layerRules.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  })),
  prettier,
);
