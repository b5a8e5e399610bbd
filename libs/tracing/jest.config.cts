module.exports = {
  displayName: 'tracing',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    'node_modules/@opentelemetry/otlp-exporter-base/.+\\.js$': '<rootDir>/jest.dynamic-import.cjs',
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@opentelemetry/otlp-exporter-base/)'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/tracing',
};
