/**
 * Polls `probe` until it returns a truthy value and resolves with it: for
 * waiting on an event (a reload, a health check, a log line, a browser's
 * network log), never for asserting on time. Throws naming `what` when
 * `timeoutMs` passes.
 *
 * @example
 * ```ts
 * await eventually(async () => (await fetch(url)).status === 200, 'the instance to serve');
 * ```
 */
export async function eventually<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
