import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { Collection } from '../../electron/core/collection.js';
import { OptimizerJob } from '../../electron/core/jobs/optimizer-job.js';
import type { Metric } from '../bench-stats.js';
import { copyCollection } from '../bench-collection.js';

/** Fitting FSRS parameters on the most recent 100,000 reviews of the heavy collection. */
export async function optimizeBench(file: string): Promise<Metric[]> {
  const copy = copyCollection(file, 'optimize');
  const trim = openSqliteFile(copy);
  // A throwaway copy: drop the aggregate triggers so trimming the log is one quick delete.
  for (const name of trim.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'review_log'").pluck().all() as string[]) {
    trim.exec(`DROP TRIGGER "${name}"`);
  }
  // Keep whole histories (a card's log from its first answer) of the lowest card ids, about 100,000 reviews.
  const lastCard = trim
    .prepare('SELECT card_id FROM (SELECT card_id, sum(count(*)) OVER (ORDER BY card_id) AS running FROM review_log GROUP BY card_id) WHERE running >= 100000 LIMIT 1')
    .pluck()
    .get() as number | undefined;
  if (lastCard !== undefined) trim.prepare('DELETE FROM review_log WHERE card_id > ?').run(lastCard);
  trim.close();
  const collection = Collection.open({ file: copy });
  try {
    const job = new OptimizerJob(collection);
    const t0 = performance.now();
    job.start();
    const status = await job.whenSettled();
    const seconds = (performance.now() - t0) / 1000;
    if (status.state !== 'done') throw new Error(`optimizer: ${status.state}: ${status.message}`);
    return [
      { metric: 'optimize_s', value: seconds, unit: 's' },
      { metric: 'optimize_reviews', value: status.reviewsUsed, unit: 'reviews' },
    ];
  } finally {
    collection.close();
  }
}
