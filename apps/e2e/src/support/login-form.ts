import type { Page } from 'playwright-core';

/**
 * Fills the web app's login form on the current page and submits it with the
 * Login button, as a user would; by default as the demo user user-service
 * seeds in development.
 */
export async function submitLoginForm(page: Page, user = 'demo', password = 'Demo@12345'): Promise<void> {
  await page.getByLabel('Email or user name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
}
