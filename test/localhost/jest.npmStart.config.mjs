/**
 * `npm run test:npm-start` (.ci/run runs it after `npm test`): the README quick start in a clean
 * clone, without Core Tools. Not part of `npm test`: it installs the whole project (minutes).
 * It starts its own Azurite and sandbox through `npm start`, so it has no globalSetup.
 */
import root from '../../jest.config.js';

/** @type {import('jest').Config} */
export default {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/localhost'],
  testMatch: ['**/*.npmStart.ts'],
  transform: root.transform,
  testTimeout: 15 * 60_000,
};
