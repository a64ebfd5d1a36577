/**
 * `npm run chaos` (chaos/run.mjs): the reliability suites under chaos/, with the root jest setup —
 * same transform, the functions-core stand-in — and a globalSetup/teardown around the run's own
 * sandbox and Azurite. Not part of `npm test`.
 */
import root from '../jest.config.js';

/** @type {import('jest').Config} */
export default {
  rootDir: '..',
  // The node environment, plus a count of unhandled rejections the suites report.
  testEnvironment: '<rootDir>/chaos/support/chaosEnvironment.ts',
  roots: ['<rootDir>/chaos'],
  testMatch: ['**/*.chaos.ts'],
  transform: root.transform,
  moduleNameMapper: root.moduleNameMapper,
  globalSetup: '<rootDir>/chaos/support/chaosGlobalSetup.ts',
  globalTeardown: '<rootDir>/chaos/support/chaosGlobalTeardown.ts',
  // One suite at a time: the load suite measures throughput and memory, and on two cores a
  // neighbouring suite would be part of what it measures.
  maxWorkers: 1,
  testSequencer: '<rootDir>/chaos/support/sequencer.mjs',
  testTimeout: 300_000,
};
