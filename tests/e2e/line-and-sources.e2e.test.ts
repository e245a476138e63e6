import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeckFile } from '../../electron/core/decks/deck-file.js';
import { sourceTitles } from '../../electron/core/decks/source-titles.js';
import { useAppInBrowser } from './use-app-in-browser.js';
import { revealAnswer } from './web-app-harness.js';

const deckFile = (id: string) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../decks', `${id}.json`), 'utf8')) as DeckFile;

describe('sources, shuffled options and the Line view', () => {
  const ctx = useAppInBrowser();

  it('responsibility feedback names the source by title and quotes its passage', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/decks/iaas-ec2`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    const card = page.getByRole('article', { name: 'Card' });
    await card.waitFor();
    const prompt = (await card.locator('.prompt').textContent())?.trim();
    const fileCard = deckFile('iaas-ec2').cards.find((c) => c.kind === 'responsibility' && c.prompt === prompt)!;
    expect(fileCard, `a card with the prompt "${prompt}"`).toBeDefined();
    await revealAnswer(page, 'c');

    const feedback = card.getByRole('status');
    await expect.poll(() => feedback.textContent()).toContain(`Source: ${sourceTitles[fileCard.source]}`);
    expect(await feedback.textContent()).not.toMatch(/\.txt/);
    const quote = (await feedback.locator('blockquote').first().textContent())!.replace(/\s*…$/, '').trim();
    expect(quote.length).toBeGreaterThan(20);
    expect(fileCard.passage).toContain(quote);
    const whole = feedback.getByText('Read the whole passage');
    if ((await whole.count()) > 0) {
      await whole.click();
      await expect.poll(() => feedback.locator('details blockquote').textContent()).toBe(fileCard.passage);
    }
    await page.keyboard.press('Escape');
  });

  it('shows choice options in a daily order of its own, the same after a reload', async () => {
    const { page } = ctx.browser;
    const byQuestion = new Map(deckFile('practice-exam').cards.flatMap((c) => (c.kind === 'choice' ? [[c.question, c.options] as const] : [])));
    const study = async () => {
      await page.goto(`${ctx.app.url}#/decks/practice-exam`);
      await page.getByRole('button', { name: 'Study', exact: true }).click();
      await page.getByRole('article', { name: 'Card' }).waitFor();
    };
    const shown = async () => {
      const card = page.getByRole('article', { name: 'Card' });
      const question = (await card.locator('.question').textContent())!.trim();
      const options = (await card.getByRole('group', { name: 'Options' }).locator('[role="checkbox"], [role="radio"]').allTextContents()).map((t) => t.replace(/^\d/, '').trim());
      return { question, options };
    };

    await study();
    let reloadChecked = false;
    let shuffled = 0;
    let multiOption = 0;
    for (let i = 0; i < 20; i++) {
      await expect.poll(() => page.getByText(`${i} done`).count()).toBe(1);
      const now = await shown();
      const fileOrder = byQuestion.get(now.question);
      expect(fileOrder, now.question).toBeDefined();
      expect([...now.options].sort()).toEqual([...fileOrder!].sort());
      if (fileOrder!.join() !== 'True,False') {
        multiOption++;
        if (now.options.join('\n') !== fileOrder!.join('\n')) shuffled++;
        if (!reloadChecked) {
          // Unanswered, the card is first again after a reload, in the same order.
          await page.reload();
          await study();
          expect(await shown()).toEqual(now);
          reloadChecked = true;
          i = -1;
          continue;
        }
      }
      await revealAnswer(page);
      await page.keyboard.press(' ');
      if (multiOption >= 6) break;
    }
    expect(reloadChecked).toBe(true);
    expect(multiOption).toBeGreaterThanOrEqual(5);
    expect(shuffled).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
  });

  it('the Line view shows all six services, and a cell starts a cram of its cards', async () => {
    const { page } = ctx.browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Line' }).click();
    const table = page.getByRole('table');
    await table.waitFor();
    for (const service of ['Amazon EC2', 'Amazon RDS', 'AWS Lambda', 'Amazon S3', 'Amazon DynamoDB', 'Amazon Connect']) {
      expect(await table.getByRole('columnheader', { name: new RegExp(service) }).count(), service).toBe(1);
    }
    expect(await table.getByRole('row').count()).toBe(9);
    // The line moves: the guest OS layer is the customer's on EC2, shared on RDS, AWS's on Lambda.
    const osRow = table.getByRole('row', { name: /Guest OS/ });
    expect((await osRow.getByRole('button').allTextContents()).slice(0, 3).map((t) => t.split(/\s/)[0])).toEqual(['Customer', 'Shared', 'AWS']);

    await page.getByRole('button', { name: /^AWS Lambda, Guest OS, network and firewall configuration: AWS/ }).click();
    const details = page.getByRole('region', { name: /AWS Lambda · Guest OS/ });
    await details.waitFor();
    // The cell holds the Lambda cards of the OS layer, as their deck files place them.
    const items = details.getByRole('list', { name: 'Cards behind this cell' }).getByRole('listitem');
    const cards = await items.count();
    expect(cards).toBeGreaterThanOrEqual(2);
    for (const text of await items.allTextContents()) expect(text).toMatch(/Lambda/);
    await details.getByRole('button', { name: `Cram these ${cards} cards` }).click();
    await page.getByRole('article', { name: 'Card' }).waitFor();
    await expect.poll(() => page.getByText(`${cards} cards left`).count()).toBe(1);
    for (let i = 0; i < cards; i++) {
      await expect.poll(() => page.getByText(`${i} done`).count()).toBe(1);
      await revealAnswer(page, 'a');
      await page.keyboard.press(' ');
    }
    await page.getByRole('heading', { name: 'Session complete' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table').waitFor();
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });
});
