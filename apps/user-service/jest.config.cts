module.exports = {
  displayName: 'user-service',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    // The OTLP exporter's import('http') (libs/tracing/jest.dynamic-import.cjs).
    'node_modules/@opentelemetry/otlp-exporter-base/.+\\.js$': '<rootDir>/../../libs/tracing/jest.dynamic-import.cjs',
    // jose is ESM-only; the JWKS tests verify tokens with it exactly as the gateway does.
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/|@opentelemetry/otlp-exporter-base/)'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/user-service',
  // Real argon2 hashing and real databases: allow more than the default 5 s per test.
  testTimeout: 30_000,
};
