// The harness smoke test: runs `node bench/run.mjs --quick` and checks the
// table is complete. Never asserts performance numbers.
module.exports = {
  displayName: 'bench',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  // The preset's reporter path assumes a project two levels deep; bench/ is one.
  reporters: ['default', '<rootDir>/../scripts/jest-results-reporter.js'],
  // --quick is ~60 s on an idle 2-core machine; leave room for a busy one.
  testTimeout: 240_000,
};
