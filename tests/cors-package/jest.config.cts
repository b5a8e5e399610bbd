module.exports = {
  displayName: 'cors-package',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  // npm installs into fresh apps (from npm's cache) and a real browser: generous per test, bounded overall.
  testTimeout: 240_000,
};
