import { percentile, type Metric } from '../bench-stats.js';
import { openBrowser, revealAnswer, startWebApp } from '../../tests/e2e/web-app-harness.js';
import { copyCollection } from '../bench-collection.js';
import { Collection } from '../../electron/core/collection.js';

const answers = 60;

/**
 * In Chromium against web mode on the heavy collection: from the grade
 * keypress to the next card painted, as the renderer measures it
 * (performance.measure 'demarc:next-card').
 */
export async function nextCardBench(file: string): Promise<Metric[]> {
  const dbFile = copyCollection(file, 'next-card');
  // The simulated learner already did today's work; lift the limits so the session is long enough.
  const collection = Collection.open({ file: dbFile });
  collection.updateSettings({ newPerDay: 500, reviewsPerDay: 5000 });
  collection.close();
  const app = await startWebApp({ dbFile });
  const session = await openBrowser({ admitTo: app });
  try {
    const { page } = session;
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Study all' }).click();
    await page.getByRole('article', { name: 'Card' }).waitFor();
    for (let i = 0; i < answers; i++) {
      await revealAnswer(page);
      await page.keyboard.press(' ');
      await page.waitForFunction((n) => performance.getEntriesByName('demarc:next-card').length >= n, i + 1);
    }
    const durations = await page.evaluate(() => performance.getEntriesByName('demarc:next-card').map((e) => e.duration));
    return [
      { metric: 'next_card_ms', value: percentile(durations, 0.5), unit: 'ms' },
      { metric: 'next_card_p95_ms', value: percentile(durations, 0.95), unit: 'ms' },
    ];
  } finally {
    await session.close();
    await app.stop();
  }
}
