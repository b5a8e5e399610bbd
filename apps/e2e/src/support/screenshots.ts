import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { workspaceRoot } from '@corsway/testing';

/** The e2e target's declared output (apps/e2e/project.json). */
export const SCREENSHOT_DIR = join(workspaceRoot, 'dist', 'test-output', 'e2e', 'screenshots');

/** Full-page PNG of the current page, for humans reading a CI run. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A JSON record next to the screenshots (the README's header listings are copied from these). */
export function saveTranscript(name: string, data: unknown): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.json`);
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
  return path;
}
