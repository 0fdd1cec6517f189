/** Browser suite: Playwright (playwright-core) driving Debian's chromium against the H5 build served by the real stack. */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'e2e',
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^@haizhu/shared-types$': '<rootDir>/../shared-types/src/index.ts' },
  globalSetup: '<rootDir>/e2e/support/global-setup.mjs',
  globalTeardown: '<rootDir>/e2e/support/global-teardown.mjs',
  testTimeout: 60000,
  maxWorkers: 1,
};
