module.exports = {
  displayName: 'deploy',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  // The preset's reporter path assumes apps/<x> or libs/<x> (two levels deep); this project is one level deep.
  reporters: ['default', '<rootDir>/../scripts/jest-results-reporter.js'],
  // `docker-compose config` is a Python program: seconds, not milliseconds.
  testTimeout: 30_000,
};
