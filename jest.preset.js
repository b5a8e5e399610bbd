// Shared Jest preset for every project. The results reporter feeds the
// one-line "N passed, N failed" summary that scripts/test.mjs prints (CI reads it).
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', '<rootDir>/../../scripts/jest-results-reporter.js'],
};
