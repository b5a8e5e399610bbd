import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '@corsway/cors/testing';
import { type NetworkEntry, recordConsole, recordNetwork } from './network-log';

/** A fresh browser context (own cookies, storage and preflight cache) with its recorders. */
export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly network: NetworkEntry[];
  readonly console: string[];
  /** Script dialogs (alert/confirm): an XSS payload that ran would open one. */
  readonly dialogs: string[];
  close(): Promise<void>;
}

let shared: Browser | undefined;

/** One Chromium per test file; close it in `afterAll` with {@link closeBrowser}. */
export async function openSession(options: { ignoreHTTPSErrors?: boolean } = {}): Promise<BrowserSession> {
  shared ??= await launchChromium();
  const context = await shared.newContext({ viewport: { width: 1100, height: 760 }, ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const network = await recordNetwork(page);
  const consoleLines = recordConsole(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page, network, console: consoleLines, dialogs, close: () => context.close() };
}

export async function closeBrowser(): Promise<void> {
  await shared?.close();
  shared = undefined;
}
