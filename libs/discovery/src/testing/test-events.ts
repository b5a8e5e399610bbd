import type { EventEmitter } from 'node:events';

/**
 * Resolves with the arguments of the next `event` whose arguments satisfy
 * `predicate`. Tests wait on what happened, not on time ("no timed assertions").
 */
export function nextEvent<T extends unknown[] = unknown[]>(
  emitter: EventEmitter,
  event: string,
  predicate: (...args: T) => boolean = () => true,
): Promise<T> {
  return new Promise<T>((resolve) => {
    const listener = (...args: unknown[]) => {
      if (!predicate(...(args as T))) return;
      emitter.off(event, listener);
      resolve(args as T);
    };
    emitter.on(event, listener);
  });
}

/** A DiscoveryLogger that keeps lines for assertions instead of printing them. */
export function captureLogger(): { lines: string[]; log(m: string): void; warn(m: string): void; error(m: string): void } {
  const lines: string[] = [];
  return {
    lines,
    log: (m) => lines.push(`log ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}
