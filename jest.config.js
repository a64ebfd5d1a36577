/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  // The Functions host injects '@azure/functions-core'; here a stand-in records what it would see.
  moduleNameMapper: { '^@azure/functions-core$': '<rootDir>/localhost/functionsCore.ts' },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  // Workers are fresh processes, so they start with the NODE_EXTRA_CA_CERTS that globalSetup sets.
  maxWorkers: 2,
  testTimeout: 60000,
};
