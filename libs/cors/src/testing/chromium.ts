import type { Browser } from 'playwright-core';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying hosts this
// machine cannot reach; --no-sandbox because tests run as root.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium (the CORS browser matrix and apps/e2e use it).
 * `extraArgs` add flags, e.g. `--host-resolver-rules=MAP evil.test 127.0.0.1`
 * for a cross-site origin that still reaches a local server. playwright-core
 * is an optional peer of the package, loaded only here, so the rest of
 * `@corsway/cors/testing` works without it.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}
