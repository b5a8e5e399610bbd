import type { Page } from 'playwright-core';

/**
 * Holds requests to `url` until the returned function is called. login.js
 * moves to Home shortly after showing its success alert; holding that
 * navigation lets a test read and photograph the alert without racing it
 * on a loaded machine.
 */
export async function holdNavigation(page: Page, url: string): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await held;
    await route.continue();
  });
  return () => release();
}
