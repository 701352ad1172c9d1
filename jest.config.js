/**
 * Two projects: `unit` (pure, no server: `npm run test:unit`) and `integration` (everything else, against the
 * Temporal dev server that ./temporal-dev.sh test starts). ts-jest transpiles only (isolatedModules); types are
 * checked by `npm run typecheck`.
 */
/** @type {import('ts-jest').TsJestTransformerOptions} */
const tsJestOptions = { tsconfig: { isolatedModules: true } };

/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', tsJestOptions] },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.cache/'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120_000,
  watchman: false,
  globalSetup: '<rootDir>/tests/global-setup.ts',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '<rootDir>/tests/unit/'],
    },
  ],
};
