// Custom decks in Chromium: an Anki package with every math form and an image
// renders in review under the strict CSP (no console error), and a card added
// in the editor is found by search and fixed during review with E.
import { describe, expect, it } from 'vitest';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { useAppInBrowser } from './use-app-in-browser.js';

// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function mathPackage(): { name: string; mimeType: string; buffer: Buffer } {
  const notes: [string, string][] = [
    ['[$]\\text{Identity Law of } \\textbf{C}[/$]', 'Inline \\(x^2\\) and display \\[\\frac{a}{b}\\]'],
    ['[$$]\\sum_{i=1}^n i[/$$] and [latex]$\\sqrt{2}$[/latex]', 'A diagram: <img src="diagram.png" alt="Diagram">'],
    ['Broken \\(\\frac{1}{\\) math', 'Shown as source'],
  ];
  const collection = buildCollection(
    {
      noteTypes: [{ id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] }],
      decks: [{ id: 7, name: 'Math deck' }],
      notes: notes.map(([front, back], i) => ({ id: i + 1, guid: `math-${i}`, mid: 1, fields: [front, back] })),
      cards: notes.map((_, i) => ({ id: 100 + i, nid: i + 1, did: 7, ord: 0 })),
    },
    11,
  );
  const buffer = Buffer.from(buildPackage({ entries: { 'collection.anki21': collection }, media: [{ name: 'diagram.png', data: png }] }));
  return { name: 'math.apkg', mimeType: 'application/octet-stream', buffer };
}

describe('custom decks in the browser', () => {
  const ctx = useAppInBrowser();

  it('renders every math form and images of an imported Anki deck in review, with no CSP violation', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/import`);
    await page.getByLabel('File to import').setInputFiles(mathPackage());
    await page.getByRole('button', { name: 'Import 3 cards' }).click();
    const summary = page.getByRole('status').filter({ hasText: 'Imported math.apkg' });
    await summary.getByRole('button', { name: 'Open Math deck' }).click();
    await page.getByRole('heading', { name: 'Math deck', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Study' }).click();

    const card = page.getByRole('article', { name: 'Card' });
    const formulas = () => card.locator('math annotation').allTextContents();
    // Card 1: [$] on the front; \( \) and \[ \] on the back.
    await expect.poll(formulas).toEqual(['\\text{Identity Law of } \\textbf{C}']);
    await page.keyboard.press(' ');
    await expect.poll(formulas).toEqual(['\\text{Identity Law of } \\textbf{C}', 'x^2', '\\frac{a}{b}']);
    expect(await card.locator('math[display="block"]').count()).toBe(1);
    expect(await card.textContent()).not.toMatch(/\[\$\]|\\\(/);
    await page.keyboard.press('3');

    // Card 2: [$$] and [latex] as display math; the image from the package's media, loaded.
    await expect.poll(formulas).toEqual(['\\sum_{i=1}^n i', '\\sqrt{2}']);
    await page.keyboard.press(' ');
    const image = card.getByRole('img', { name: 'Diagram' });
    await expect
      .poll(() => image.evaluate((img) => {
        const loaded = img as unknown as { complete: boolean; naturalWidth: number };
        return loaded.complete ? loaded.naturalWidth : 0;
      }))
      .toBe(1);
    await page.keyboard.press('3');

    // Card 3: math KaTeX cannot read shows its source, marked.
    await expect.poll(() => card.locator('.math-fallback').textContent()).toBe('\\(\\frac{1}{\\)');
    await page.keyboard.press(' ');
    await card.getByText('Shown as source').waitFor();

    expect(ctx.browser.problems).toEqual([]);
    expect(ctx.browser.offMachine).toEqual([]);
  });

  it('adds a card in the editor, finds it by search, and edits it during review with E', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/decks`);
    await page.getByRole('button', { name: 'Add card' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add card' });
    await dialog.getByRole('button', { name: 'New deck…' }).click();
    await dialog.getByLabel('New deck title').fill('My KMS notes');
    await dialog.getByRole('button', { name: 'Create deck' }).click();
    await expect.poll(() => dialog.getByLabel('Deck', { exact: true }).locator('option:checked').textContent()).toBe('My KMS notes');
    await dialog.getByLabel('Type').selectOption('basic');
    await dialog.getByLabel('Front', { exact: true }).fill('Who rotats customer managed KMS keys \\(k_i\\)?');
    await dialog.getByLabel('Back', { exact: true }).fill('The customer\n(or automatic rotation, yearly)');
    await dialog.getByLabel('Tags').fill('kms mine');
    // The live preview renders the math as it is typed.
    await expect.poll(() => dialog.getByRole('region', { name: 'Preview' }).locator('math annotation').allTextContents()).toEqual(['k_i']);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Added a card.' }).waitFor();

    await page.getByRole('link', { name: /My KMS notes/ }).first().click();
    await page.getByRole('heading', { name: 'My KMS notes', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Add card' }).count()).toBe(1);
    const searchBox = page.getByRole('searchbox', { name: 'Search cards' });
    await searchBox.fill('tag:mine rotats');
    await page.getByText('1 card matches.').waitFor();
    await searchBox.fill('tag:mine (rotats');
    await page.getByRole('alert').filter({ hasText: 'this "(" is never closed (at character 10)' }).waitFor();
    await searchBox.fill('tag:kms is:new');
    await page.getByText('1 card matches.').waitFor();

    await page.getByRole('button', { name: 'Study' }).click();
    const card = page.getByRole('article', { name: 'Card' });
    await card.getByText('Who rotats customer managed KMS keys').waitFor();
    await page.keyboard.press('e');
    const editor = page.getByRole('dialog', { name: 'Edit card' });
    const front = editor.getByLabel('Front', { exact: true });
    await expect.poll(() => front.inputValue()).toBe('Who rotats customer managed KMS keys \\(k_i\\)?');
    await front.fill('Who rotates customer managed KMS keys \\(k_i\\)?');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'hidden' });
    // The change shows at once, on the same card, and review goes on from there.
    await card.getByText('Who rotates customer managed KMS keys').waitFor();
    expect(await card.locator('math annotation').allTextContents()).toEqual(['k_i']);
    await page.keyboard.press(' ');
    await expect.poll(() => card.locator('.back').innerText()).toBe('The customer\n(or automatic rotation, yearly)');

    // The edit is on record and can be undone from the editor.
    await page.keyboard.press('e');
    await editor.getByText('Changes (2)').click();
    await editor.getByRole('button', { name: 'Undo last change' }).click();
    await expect.poll(() => front.inputValue()).toBe('Who rotats customer managed KMS keys \\(k_i\\)?');
    // Deleting it from the editor moves review on; the browser no longer finds it.
    await editor.getByRole('button', { name: 'Delete card' }).click();
    await page.getByRole('heading', { name: 'Session complete' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: /My KMS notes/ }).first().click();
    await page.getByText('No cards match.').waitFor();
    expect(ctx.browser.problems).toEqual([]);
  });

  it('pages through 1,200 results in a virtualised list and undoes a bulk action on a selection', async () => {
    const { page } = ctx.browser;
    const rows = ['front,back,tags'];
    for (let i = 0; i < 1200; i++) rows.push(`Control ${i} of the big deck,Answer ${i} with a long tail of words that no longer gets cut mid-word,bulk`);
    await page.goto(`${ctx.app.url}#/import`);
    await page.getByLabel('File to import').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await page.getByRole('button', { name: 'Import 1,200 cards' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported big.csv' }).getByRole('button', { name: 'Open big' }).click();
    await page.getByText('1,200 cards match.').waitFor();
    const table = page.getByRole('table', { name: 'Cards' });
    expect(await table.getAttribute('aria-rowcount')).toBe('1201');
    // Only a window of rows is in the page; scrolling to the end loads the last page and shows its cards.
    expect(await table.getByRole('checkbox', { name: /^Select: Control/ }).count()).toBeLessThan(60);
    await table.getByRole('rowgroup').evaluate((el) => {
      const viewport = el as unknown as { scrollTop: number; scrollHeight: number };
      viewport.scrollTop = viewport.scrollHeight;
    });
    await table.getByRole('button', { name: 'Control 1199 of the big deck' }).waitFor();
    await table.getByRole('checkbox', { name: 'Select: Control 1199 of the big deck' }).check();
    await table.getByRole('checkbox', { name: 'Select: Control 1198 of the big deck' }).check();
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    const notice = page.getByRole('status').filter({ hasText: '2 cards suspended.' });
    await notice.waitFor();
    await page.getByLabel('Filter by state').selectOption('suspended');
    await page.getByText('2 cards match.').waitFor();
    await notice.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: 'Undone: 2 cards suspended.' }).waitFor();
    await page.getByText('No cards match.').waitFor();
    expect(ctx.browser.problems).toEqual([]);
  });
});
