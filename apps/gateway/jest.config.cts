module.exports = {
  displayName: 'gateway',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    // jose 6 ships ESM only; Jest's CommonJS runtime needs it transpiled
    // (the built app runs on Node >= 20.19, which require()s ESM natively).
    'node_modules/jose/.+\\.js$': '<rootDir>/jest.esm-to-cjs.cjs',
    // The OTLP exporter's import('http') (libs/tracing/jest.dynamic-import.cjs).
    'node_modules/@opentelemetry/otlp-exporter-base/.+\\.js$': '<rootDir>/../../libs/tracing/jest.dynamic-import.cjs',
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/|@opentelemetry/otlp-exporter-base/)'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/gateway',
};
