module.exports = {
  displayName: 'cors',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/cors',
  // 100% line coverage of the library (libs/cors/README.md "Testing kit"), enforced on every run.
  collectCoverage: true,
  // Only the bin entry is excluded: it only wires the process to runCli, and run-cli.spec.ts spawns it.
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/cli/corsway-cors.ts'],
  coverageReporters: ['text-summary', 'text', 'lcov'],
  coverageThreshold: { global: { lines: 100 } },
};
