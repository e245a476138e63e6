import type { Locator, Page } from 'playwright-core';

/** Opens Settings → Sync and chooses `folder`; returns the panel and its status line. */
export async function chooseSyncFolder(page: Page, url: string, folder: string): Promise<{ panel: Locator; line: Locator }> {
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'Sync' });
  await panel.getByRole('textbox', { name: 'Sync folder' }).fill(folder);
  await panel.getByRole('button', { name: 'Use this folder' }).click();
  return { panel, line: panel.getByRole('status') };
}
