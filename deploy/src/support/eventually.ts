/** Polls `probe` until it returns a value that is not undefined (bounded by the test's timeout). */
export async function eventually<T>(probe: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
