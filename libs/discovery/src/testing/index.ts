// Test helpers of @corsway/discovery. Not part of the library's runtime barrel:
// import relatively from tests, e.g.
//   import { FakeConsulServer } from '../../../libs/discovery/src/testing';
export { FakeConsulServer } from './fake-consul.server';
export type { CheckStatus, FakeConsulInstance, FakeConsulOptions, FakeConsulRequest } from './fake-consul.server';
export { captureLogger, nextEvent } from './test-events';
