// Screenshots of the main screens in both themes, for looking at what we build:
//   npx tsx scripts/screenshots.mts [--db FILE] [--out DIR]
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
  for (const scheme of ['light', 'dark'] as const) {
    const session = await openBrowser({ colorScheme: scheme, width: 1100, height: 800 });
    const { page } = session;
    for (const screen of (values.only ?? 'today,decks,cram,stats,import,settings').split(',')) {
      await page.goto(`${app.url}#/${screen}`);
      await page.waitForTimeout(700);
      await page.screenshot({ path: path.join(out, `${screen}-${scheme}.png`), fullPage: true });
    }
    if (!values.only) {
      await page.goto(`${app.url}#/today`);
      await page.getByRole('button', { name: 'Study all' }).click();
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(out, `review-question-${scheme}.png`) });
      await page.keyboard.press('c');
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(out, `review-answer-${scheme}.png`) });
    }
    if (session.problems.length) console.error(session.problems.join('\n'));
    await session.close();
  }
} finally {
  await app.stop();
}
console.log(`screenshots in ${out}`);
