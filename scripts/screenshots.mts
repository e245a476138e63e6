// Screenshots of the main screens in both themes at 1280×800 and 900×650, for looking at what we build:
//   npx tsx scripts/screenshots.mts [--db FILE] [--out DIR] [--only today,stats]
// Uses the e2e harness (web mode + Debian's Chromium); writes PNGs to --out.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBrowser, startWebApp } from '../tests/e2e/web-app-harness.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string' }, only: { type: 'string' } } });
const out = path.resolve(values.out ?? 'screenshots');
fs.mkdirSync(out, { recursive: true });
const app = await startWebApp(values.db ? { dbFile: path.resolve(values.db) } : {});
try {
  for (const [scheme, width, height] of [['light', 1280, 800], ['dark', 1280, 800], ['light', 900, 650], ['dark', 900, 650]] as const) {
    const session = await openBrowser({ colorScheme: scheme, width, height, admitTo: app });
    const { page } = session;
    const suffix = `${scheme}-${width}`;
    for (const screen of (values.only ?? 'today,decks,decks/iaas-ec2,line,cram,stats,import,settings').split(',')) {
      await page.goto(`${app.url}#/${screen}`);
      await page.waitForTimeout(700);
      await page.screenshot({ path: path.join(out, `${screen.replace('/', '-')}-${suffix}.png`), fullPage: true });
    }
    if (!values.only) {
      const shot = (name: string) => page.screenshot({ path: path.join(out, `${name}-${suffix}.png`) });
      const studyDeck = async (deckId: string) => {
        await page.goto(`${app.url}#/decks/${deckId}`);
        await page.getByRole('button', { name: 'Study', exact: true }).click();
        await page.getByRole('article', { name: 'Card' }).waitFor();
      };
      await studyDeck('iaas-ec2');
      await shot('review-question');
      await page.keyboard.press('c');
      await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
      await shot('review-answer');
      await page.keyboard.press('Escape');
      await studyDeck('terminology');
      await shot('basic-question');
      await page.keyboard.press(' ');
      await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
      await shot('basic-answer');
      await page.keyboard.press('Escape');
      await studyDeck('practice-exam');
      await page.keyboard.press('1');
      await shot('choice-question');
      await page.keyboard.press(' ');
      await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
      await shot('choice-answer');
      await page.keyboard.press('Escape');
    }
    if (session.problems.length) console.error(session.problems.join('\n'));
    await session.close();
  }
  if (!values.only && !values.db) {
    // The empty state: nothing new allowed today and nothing due.
    const session = await openBrowser({ colorScheme: 'light', admitTo: app });
    await session.page.goto(`${app.url}#/settings`);
    await session.page.getByLabel('New cards per day').fill('0');
    await session.page.getByLabel('New cards per day').dispatchEvent('change');
    await session.page.waitForTimeout(300);
    for (const scheme of ['light', 'dark'] as const) {
      await session.page.emulateMedia({ colorScheme: scheme });
      await session.page.goto(`${app.url}#/today`);
      await session.page.waitForTimeout(500);
      await session.page.screenshot({ path: path.join(out, `today-empty-${scheme}.png`) });
    }
    await session.close();
  }
} finally {
  await app.stop();
}
console.log(`screenshots in ${out}`);
