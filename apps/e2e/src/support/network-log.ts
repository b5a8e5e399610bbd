import { eventually } from '@corsway/testing';
import type { Page } from 'playwright-core';

/** One request as Chromium's network stack saw it, preflights included. */
export interface NetworkEntry {
  readonly requestId: string;
  readonly url: string;
  readonly method: string;
  /** CDP resource type (Chromium reports CORS preflights as `Other`; match them by method `OPTIONS`). */
  readonly type: string;
  /** Request headers as DevTools shows them (lowercase names). */
  readonly requestHeaders: Record<string, string>;
  status?: number;
  responseHeaders?: Record<string, string>;
  /**
   * Position among the responses of the page (0, 1, ...). Order by this, not
   * by the log: Chromium announces a request before the preflight it triggers.
   */
  responseIndex?: number;
}

/**
 * Records every request through the DevTools protocol. Playwright's own
 * `page.on('request')` does not report CORS preflights (they live inside the
 * network service), and the README shows the OPTIONS preflight.
 */
export async function recordNetwork(page: Page): Promise<NetworkEntry[]> {
  const entries = new Map<string, NetworkEntry>();
  const log: NetworkEntry[] = [];
  let responses = 0;
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (event) => {
    const entry: NetworkEntry = {
      requestId: event.requestId,
      url: event.request.url,
      method: event.request.method,
      type: event.type ?? 'Other',
      requestHeaders: lowercase(event.request.headers),
    };
    entries.set(event.requestId, entry);
    log.push(entry);
  });
  cdp.on('Network.responseReceived', (event) => {
    const entry = entries.get(event.requestId);
    if (!entry) return;
    entry.status = event.response.status;
    entry.responseIndex = responses++;
    entry.responseHeaders = lowercase(event.response.headers);
  });
  await cdp.send('Network.enable');
  return log;
}

function lowercase(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/** Console lines of a page (Chromium reports CORS refusals there). */
export function recordConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
  return lines;
}

/**
 * Waits until the browser has recorded both requests of a cross-origin JSON
 * call to `url` (the OPTIONS preflight and the real request) with their answers.
 */
export function preflightAndCall(network: readonly NetworkEntry[], url: string): Promise<NetworkEntry[]> {
  return eventually(() => {
    const seen = network.filter((e) => e.url === url);
    return seen.length >= 2 && seen.every((e) => e.status !== undefined) ? seen : undefined;
  }, 'the preflight and the POST with their answers');
}
