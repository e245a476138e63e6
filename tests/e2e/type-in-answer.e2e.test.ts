import { describe, expect, it } from 'vitest';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { useAppInBrowser } from './use-app-in-browser.js';

/** An Anki deck whose one note type asks for the answer to be typed (`{{type:Capital}}` on both sides, as Anki's "Basic (type in the answer)"). */
function typeInPackage(): string {
  const collection = buildCollection(
    {
      noteTypes: [
        {
          id: 1,
          name: 'Basic (type in the answer)',
          fields: ['Country', 'Capital'],
          templates: [{ name: 'Card 1', qfmt: 'Capital of {{Country}}?\n\n{{type:Capital}}', afmt: '{{Country}}\n\n<hr id=answer>\n\n{{type:Capital}}' }],
        },
      ],
      decks: [{ id: 7, name: 'Capitals' }],
      notes: [{ id: 1, guid: 'capital-au', mid: 1, fields: ['Australia', 'Canberra'] }],
      cards: [{ id: 11, nid: 1, did: 7, ord: 0 }],
    },
    11,
  );
  return Buffer.from(buildPackage({ entries: { 'collection.anki21': collection } })).toString('base64');
}

describe('type-in answers from Anki', () => {
  const ctx = useAppInBrowser();

  it('are reviewed by typing: a box on the front, a character comparison on the back', async () => {
    const imported = await ctx.app.api('import.run', { fileName: 'capitals.apkg', dataBase64: typeInPackage() });
    expect(imported.ok).toBe(true);
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/decks/anki-capitals`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    const card = page.getByRole('article', { name: 'Card' });
    await card.getByText('Capital of Australia?').waitFor();
    const box = card.getByRole('textbox', { name: 'Type the answer, then press Enter' });
    // The box has the focus: the learner types straight away, and Space types a space instead of showing the answer.
    await expect.poll(() => box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('Canbera');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
    await card.getByLabel('You typed: Canbera').waitFor();
    await card.getByLabel('Expected: Canberra').waitFor();
    // The missed letter is marked in the expected answer.
    expect(await card.locator('.comparison .missed').allTextContents()).toEqual(['r']);
    // Easy graduates the new card, so it does not come back as a learning card while the session is open.
    await page.keyboard.press('4');
    await page.getByRole('status').filter({ hasText: /Session complete|Nothing more right now/ }).waitFor();
  });
});
