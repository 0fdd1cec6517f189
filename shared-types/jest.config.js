/** @type {import('jest').Config} */
module.exports = {
  displayName: 'shared-types',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
};
