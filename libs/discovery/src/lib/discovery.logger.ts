import { Logger } from '@nestjs/common';

/**
 * What discovery writes to the log. Nest's `Logger` is the default because it
 * forwards to the app's logger (nestjs-pino) once the app calls `useLogger`, so
 * discovery lines carry the app's format without the lib depending on pino.
 */
export interface DiscoveryLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function defaultDiscoveryLogger(context: string): DiscoveryLogger {
  return new Logger(context);
}
