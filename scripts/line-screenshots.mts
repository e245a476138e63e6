// Screenshots and an axe-core check of the Line view and of review feedback at
// 900 px wide, in both themes:  npx tsx scripts/line-screenshots.mts [--out DIR]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, startWebApp } from '../tests/e2e/web-app-harness.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = path.resolve(values.out ?? 'screenshots');
fs.mkdirSync(out, { recursive: true });
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const app = await startWebApp();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  for (const scheme of ['light', 'dark'] as const) {
    // bypassCSP only so that axe can be injected; the app's own CSP is tested elsewhere.
    const context = await browser.newContext({ viewport: { width: 900, height: 760 }, colorScheme: scheme, reducedMotion: 'reduce', bypassCSP: true });
    const page = await context.newPage();
    await app.admit(page);
    const axe = async (name: string) => {
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(() => (globalThis as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as { violations: { id: string; nodes: unknown[] }[] };
      console.log(`${name}-${scheme}: ${result.violations.length ? result.violations.map((v) => `${v.id} (${v.nodes.length})`).join(', ') : 'no axe violations'}`);
    };
    await page.goto(`${app.url}#/line`);
    await page.getByRole('table').waitFor();
    await page.screenshot({ path: path.join(out, `line-${scheme}.png`), fullPage: true });
    await axe('line');
    await page.getByRole('button', { name: /^Amazon RDS, Guest OS/ }).click();
    await page.getByRole('heading', { name: /Amazon RDS/ }).waitFor();
    await page.screenshot({ path: path.join(out, `line-cell-${scheme}.png`), fullPage: true });
    await axe('line-cell');
    await page.goto(`${app.url}#/decks/iaas-ec2`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    await page.getByRole('article', { name: 'Card' }).waitFor();
    await page.keyboard.press('c');
    await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
    const whole = page.getByText('Read the whole passage');
    if (await whole.count()) await whole.click();
    await page.screenshot({ path: path.join(out, `feedback-${scheme}.png`), fullPage: true });
    await axe('feedback');
    await page.keyboard.press('Escape');
    await context.close();
  }
} finally {
  await browser.close();
  await app.stop();
}
