import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Opens Settings → Sync and chooses `folder`; returns the panel and its status line. While a round runs (the app
 * syncs by itself too) the app refuses to change the folder and says so: the choice is made again once it is free,
 * until the folder is taken (the button is disabled for the folder in use) with no refusal shown.
 */
export async function chooseSyncFolder(page: Page, url: string, folder: string): Promise<{ panel: Locator; line: Locator }> {
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'Sync' });
  const field = panel.getByRole('textbox', { name: 'Sync folder' });
  const use = panel.getByRole('button', { name: 'Use this folder' });
  const refused = panel.getByText('A sync is running; change the folder once it has finished.');
  await field.fill(folder);
  await use.click();
  await expect
    .poll(async () => {
      if (await use.isEnabled()) await use.click();
      return (await use.isDisabled()) && (await field.inputValue()) === folder && !(await refused.isVisible());
    }, { timeout: 30_000 })
    .toBe(true);
  return { panel, line: panel.getByRole('status') };
}
