module.exports = {
  displayName: 'cors',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/cors',
  // Issue 3: 100% line coverage of the library, enforced on every run.
  collectCoverage: true,
  // Only the CLI entry is excluded: it is a process wrapper, exercised by spawning it (explain-args.spec.ts).
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/cli/explain.ts'],
  coverageReporters: ['text-summary', 'text', 'lcov'],
  coverageThreshold: { global: { lines: 100 } },
};
