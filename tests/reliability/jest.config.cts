module.exports = {
  displayName: 'reliability',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  // Real built apps, real PostgreSQL restarts, a 30 s soak: generous per test, bounded overall (~6 min).
  testTimeout: 120_000,
};
