export { devLogDestination } from './lib/log-destination';
