import { describe, expect, it } from 'vitest';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { useAppInBrowser } from './use-app-in-browser.js';

/** An Anki deck whose note type is styled, with a rule that would cover the whole app if it were not contained. */
function styledPackage(): string {
  const collection = buildCollection(
    {
      noteTypes: [
        {
          id: 1,
          name: 'Styled',
          fields: ['Front', 'Back'],
          templates: [{ name: 'Card 1', qfmt: '<div class="big">{{Front}}</div>', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }],
          css: '.card { color: rgb(0, 0, 128); } .big { font-size: 44px; } body { background: rgb(255, 0, 0); } .big { position: fixed; inset: 0; }',
        },
      ],
      decks: [{ id: 7, name: 'Styled' }],
      notes: [{ id: 1, guid: 'styled-1', mid: 1, fields: ['Bonjour', 'Hello'] }],
      cards: [{ id: 11, nid: 1, did: 7, ord: 0 }],
    },
    11,
  );
  return Buffer.from(buildPackage({ entries: { 'collection.anki21': collection } })).toString('base64');
}

describe('note-type CSS from Anki', () => {
  const ctx = useAppInBrowser();

  it('styles the card in review, and only the card', async () => {
    const imported = await ctx.app.api('import.run', { fileName: 'styled.apkg', dataBase64: styledPackage() });
    expect(imported.ok).toBe(true);
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/decks/anki-styled`);
    const pageBackground = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    const card = page.getByRole('article', { name: 'Card' });
    const big = card.locator('.card-css .big');
    await big.waitFor();
    expect(await big.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).fontSize)).toBe('44px');
    expect(await big.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color)).toBe('rgb(0, 0, 128)');
    // `body` meant the card: the page keeps its own background; position: fixed was dropped.
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe(pageBackground);
    expect(await big.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).position)).toBe('static');
    await page.screenshot({ path: 'dist/test/anki-card-css.png' });
    // The sheet goes with the card.
    // Easy graduates the new card, so it does not come back as a learning card while the session is open.
    await page.keyboard.press('Space');
    await page.keyboard.press('4');
    await page.getByRole('status').filter({ hasText: 'Session complete' }).waitFor();
    expect(await card.count()).toBe(0);
    await expect.poll(() => page.evaluate<number>('document.adoptedStyleSheets.length')).toBe(0);
  });
});
