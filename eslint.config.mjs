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
  prettier,
);
