import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './use-app-in-browser.js';

const csvFile = {
  name: 'my-notes.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from('front,back,owner\nRotating IAM access keys,Customer credentials,customer\nPatching the hypervisor,AWS host,aws\nEncrypting EBS volumes,Customer data,Customer\n'),
};

describe('managing a deck', () => {
  const ctx = useAppInBrowser();

  it('suspends and resets cards, searches, and deletes an imported deck after confirming', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/import`);
    await page.getByLabel('File to import').setInputFiles(csvFile);
    await page.getByRole('button', { name: 'Import 3 cards' }).click();
    await page.getByRole('button', { name: 'Open my-notes' }).click();
    await page.getByRole('heading', { name: 'my-notes', level: 1 }).waitFor();

    // An owner column made responsibility cards, answered with the right owner.
    await page.getByRole('cell', { name: 'Patching the hypervisor', exact: true }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Patching the hypervisor' }).getByRole('cell', { name: 'AWS', exact: true }).count()).toBe(1);

    await page.getByRole('checkbox', { name: 'Select: Patching the hypervisor' }).check();
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 card suspended' }).waitFor();
    await page.getByLabel('Filter by state').selectOption('suspended');
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Patching the hypervisor' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Rotating IAM access keys' }).count()).toBe(0);

    await page.getByLabel('Filter by state').selectOption('all');
    await page.getByPlaceholder('Search cards').fill('EBS');
    await expect.poll(() => page.getByRole('checkbox', { name: /^Select: / }).count()).toBe(1);
    await page.getByPlaceholder('Search cards').fill('');

    // Deleting asks first; cancelling keeps the deck.
    await page.getByRole('button', { name: 'Delete deck…' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete “my-notes”/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'my-notes', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Delete deck…' }).click();
    await dialog.getByRole('button', { name: 'Delete deck and history' }).click();
    await page.getByRole('heading', { name: 'Decks', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'my-notes' }).count()).toBe(0);

    const db = openSqliteFile(ctx.app.dbFile, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) FROM decks WHERE id = 'import-my-notes'").pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM cards WHERE deck_id = 'import-my-notes'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    // Built-in decks cannot be deleted: no button for them.
    await page.goto(`${ctx.app.url}#/decks/iaas-ec2`);
    await page.getByRole('heading', { name: 'IaaS: Amazon EC2, EBS and VPC', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete deck…' }).count()).toBe(0);
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  }, 60_000);
});
