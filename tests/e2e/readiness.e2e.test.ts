import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeckFile } from '../../electron/core/decks/deck-file.js';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { useAppInBrowser } from './use-app-in-browser.js';

const deckFile = (id: string) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../decks', `${id}.json`), 'utf8')) as DeckFile;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An unrelated Anki deck of 30 capitals, each answered Good 40, 30 and 10 days ago: well known, so it would lift readiness if it joined. */
function capitalsPackage(): { name: string; mimeType: string; buffer: Buffer } {
  const day = 86_400_000;
  const now = Date.now();
  const notes = Array.from({ length: 30 }, (_, i) => [`Capital of country ${i}`, `City ${i}`]);
  const collection = buildCollection(
    {
      noteTypes: [{ id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] }],
      decks: [{ id: 9, name: 'Capitals' }],
      notes: notes.map((fields, i) => ({ id: i + 1, guid: `capital-${i}`, mid: 1, fields })),
      // Review cards as Anki holds them after the history below: last seen 10 days ago, due in 10 days (Anki counts days from the collection's creation).
      cards: notes.map((_, i) => ({ id: 100 + i, nid: i + 1, did: 9, ord: 0, type: 2, queue: 2, ivl: 20, reps: 3, factor: 2500, due: Math.floor((now + 10 * day - 1_600_000_000_000) / day) })),
      revlog: notes.flatMap((_, i) => [
        { id: now - 40 * day + i, cid: 100 + i, ease: 3, type: 0 },
        { id: now - 30 * day + i, cid: 100 + i, ease: 3, type: 1, ivl: 10, lastIvl: 1 },
        { id: now - 10 * day + i, cid: 100 + i, ease: 3, type: 1, ivl: 20, lastIvl: 10 },
      ]),
    },
    11,
  );
  return { name: 'Capitals.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(buildPackage({ entries: { 'collection.anki21': collection } })) };
}

describe('readiness a learner can trust', () => {
  const ctx = useAppInBrowser();

  it('a card answered wrong is not called known by its Line cell, the Stats matrix or exam readiness', async () => {
    const { page } = ctx.browser;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await page.goto(`${ctx.app.url}#/settings`);
    await page.getByLabel('Exam date', { exact: true }).fill(inDays(20));
    await page.getByLabel('Exam date', { exact: true }).dispatchEvent('change');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);

    // Study the PaaS deck until the RDS patching card comes; the cards before it are buried, not answered.
    const target = deckFile('paas-managed').cards.find((c) => c.id === 'rds-database-patching');
    if (target?.kind !== 'responsibility') throw new Error('the PaaS deck has no responsibility card rds-database-patching');
    await page.goto(`${ctx.app.url}#/decks/paas-managed`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    const card = page.getByRole('article', { name: 'Card' });
    for (let i = 0; i < 40; i++) {
      await card.waitFor();
      const prompt = (await card.locator('.prompt').textContent())?.trim();
      if (prompt === target.prompt) break;
      await page.keyboard.press('-');
      await expect.poll(async () => (await card.locator('.prompt').textContent())?.trim()).not.toBe(prompt);
    }
    expect((await card.locator('.prompt').textContent())?.trim()).toBe(target.prompt);
    // Shared is wrong (AWS patches the engine on RDS): only Again is left.
    await page.keyboard.press('s');
    await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
    await page.keyboard.press('1');
    await expect.poll(async () => (await card.locator('.prompt').textContent())?.trim()).not.toBe(target.prompt);
    await page.keyboard.press('Escape');

    await nav.getByRole('link', { name: 'Line' }).click();
    const cell = page.getByRole('button', { name: /^Amazon RDS, The service’s software: AWS / });
    await expect.poll(() => cell.getAttribute('aria-label')).toMatch(/: AWS 0% known · 1\/\d+ seen$/);
    await expect.poll(() => page.getByText(/predicted to recall on exam day/).count()).toBe(1);
    await cell.click();
    const cards = page.getByRole('list', { name: 'Cards behind this cell' });
    await expect.poll(() => cards.getByRole('listitem').filter({ hasText: target.prompt }).textContent()).toContain('wrong today: not known');

    await nav.getByRole('link', { name: 'Stats' }).click();
    const matrixCell = page.getByRole('button', { name: /^PaaS, AWS:/ });
    await expect.poll(() => matrixCell.textContent()).toMatch(/0%\s*known,\s*1\/\d+ seen/);

    await nav.getByRole('link', { name: 'Today' }).click();
    const exam = page.getByRole('region', { name: 'Exam readiness' });
    await expect.poll(() => exam.textContent()).toMatch(/\b1 seen\b/);
    await expect.poll(() => exam.locator('.now').textContent()).toMatch(/^\s*0%\s*if you stopped studying today/);
    await expect.poll(() => exam.locator('.headline').textContent()).toMatch(/\d+%\s*predicted recall on exam day if you follow the plan/);
  });

  it('an imported deck stays off the exam: readiness and the plan are unchanged until the learner adds it', async () => {
    const { page } = ctx.browser;
    const nav = page.getByRole('navigation', { name: 'Main' });
    // The exam date is set by the test above; Today shows readiness and the plan over the built-in decks.
    await nav.getByRole('link', { name: 'Today' }).click();
    const exam = page.getByRole('region', { name: 'Exam readiness' });
    const plan = page.getByRole('region', { name: 'Exam plan' });
    await expect.poll(() => exam.textContent()).toMatch(/\d+ cards in the 10 built-in decks/);
    await expect.poll(() => plan.textContent()).toMatch(/Over [\d,]+ cards in the 10 built-in decks/);
    const readinessBefore = await exam.textContent();
    const planBefore = await plan.textContent();
    const builtinCards = Number(/([\d,]+) cards in the 10 built-in decks/.exec(readinessBefore!)![1]!.replace(/,/g, ''));

    const stoppedNow = async () => Number(/(\d+)%/.exec((await exam.locator('.now').textContent())!)![1]);
    const stoppedBefore = await stoppedNow();

    // An Anki deck with its review history: imported, it stays off the exam.
    await nav.getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('File to import').setInputFiles(capitalsPackage());
    await expect.poll(() => page.getByRole('checkbox', { name: /Import the review history \(90 reviews\)/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Import 30 cards' }).click();
    const offer = page.getByRole('region', { name: /^Your exam on / });
    await expect.poll(() => offer.textContent()).toContain('not on the exam unless you add it');

    await nav.getByRole('link', { name: 'Today' }).click();
    await expect.poll(() => plan.textContent()).toMatch(/Over [\d,]+ cards/);
    expect(await exam.textContent()).toBe(readinessBefore);
    expect(await plan.textContent()).toBe(planBefore);
    await nav.getByRole('link', { name: 'Settings' }).click();
    const choice = page.getByRole('group', { name: 'Decks on the exam' });
    await expect.poll(() => choice.getByRole('checkbox', { name: /^Capitals/ }).isChecked()).toBe(false);
    expect(await choice.getByRole('checkbox', { name: /^Core/ }).isChecked()).toBe(true);

    // The learner adds it where the import offers it (importing it again changes nothing and asks again): now readiness
    // and the plan count its 30 well-known cards.
    await nav.getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('File to import').setInputFiles(capitalsPackage());
    await page.getByRole('button', { name: 'Import 30 cards' }).click();
    await offer.getByRole('button', { name: 'Add Capitals to the exam' }).click();
    const withCapitals = `${(builtinCards + 30).toLocaleString('en')} cards in the 11 decks you chose`;
    await expect.poll(() => offer.getByRole('status').textContent()).toContain(`Capitals is on the exam now: readiness and the plan cover ${withCapitals}`);

    await nav.getByRole('link', { name: 'Today' }).click();
    await expect.poll(() => exam.textContent()).toContain(withCapitals);
    await expect.poll(() => plan.textContent()).toContain(`Over ${withCapitals}`);
    expect(await stoppedNow()).toBeGreaterThan(stoppedBefore);
    await nav.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => choice.getByRole('checkbox', { name: /^Capitals/ }).isChecked()).toBe(true);
    expect(ctx.browser.problems).toEqual([]);
  });

  it('the plan keeps to the daily review limit and says which days go over it, and today matches Today', async () => {
    const { page } = ctx.browser;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.locator('#reviews-per-day').fill('3');
    await page.locator('#reviews-per-day').dispatchEvent('change');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);

    await nav.getByRole('link', { name: 'Today' }).click();
    const plan = page.getByRole('region', { name: 'Exam plan' });
    await expect.poll(() => plan.textContent()).toMatch(/On \d+ days? more reviews come due than your limit of 3 a day/);
    await expect.poll(() => plan.textContent()).toMatch(/The last 3 days before the exam hold the final review/);
    const totals = page.getByLabel("Today's work");
    const dueNow = Number(await totals.locator('div').nth(0).locator('strong').textContent());
    const newNow = Number(await totals.locator('div').nth(1).locator('strong').textContent());
    const learningNow = Number(await totals.locator('div').nth(2).locator('strong').textContent());
    await expect.poll(() => plan.textContent()).toContain(`today ${dueNow + learningNow} review${dueNow + learningNow === 1 ? '' : 's'} and ${newNow} new`);

    await plan.getByRole('button', { name: 'Show the plan day by day' }).click();
    const days = plan.getByRole('table', { name: 'The plan day by day' });
    const reviews = (await days.locator('tbody tr td:nth-child(2)').allTextContents()).map(Number);
    expect(reviews.length).toBeGreaterThan(10);
    expect(Math.max(...reviews.slice(1))).toBeLessThanOrEqual(3);
    await expect.poll(() => days.getByRole('row').filter({ hasText: 'over your limit of 3' }).count()).toBeGreaterThan(0);
    expect(await days.getByRole('row').filter({ hasText: 'last reviews before the exam' }).count()).toBe(3);
  });
});
