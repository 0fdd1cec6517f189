/** Fault suite: the real stack (API processes, simulators, PostgreSQL) with crashes and outages injected. */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'fault',
  testEnvironment: 'node',
  roots: ['<rootDir>/fault'],
  testMatch: ['**/*.fault.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^@haizhu/shared-types$': '<rootDir>/../shared-types/src/index.ts' },
  globalSetup: '<rootDir>/fault/support/global-setup.mjs',
  globalTeardown: '<rootDir>/fault/support/global-teardown.mjs',
  testSequencer: '<rootDir>/fault/support/sequencer.cjs',
  testTimeout: 180000,
  maxWorkers: 1,
};
