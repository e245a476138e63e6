import { Collection } from '../../electron/core/collection.js';
import { timeRepeated, type Metric } from '../bench-stats.js';
import { databaseOf } from '../../tests/helpers/collection-database.js';

/** Today's queue (limits + burying) and the whole Stats report, against one plain scan of the log. */
export function queueStatsBench(file: string): Metric[] {
  // Tomorrow morning: the simulated learner has not touched tomorrow's work, so the
  // queue really fills up to the default limits (20 new, 200 reviews).
  const tomorrow = Date.now() + 86_400_000;
  const collection = Collection.open({ file, now: () => tomorrow });
  try {
    collection.updateSettings({ newPerDay: 20, reviewsPerDay: 200 });
    const size = collection.study().cards.length;
    const queue = timeRepeated(15, () => collection.buildQueue());
    const session = timeRepeated(15, () => collection.study());
    const stats = timeRepeated(7, () => collection.stats({}, '1y'));
    const scanStmt = databaseOf(collection).prepare('SELECT count(*), sum(duration_ms) FROM review_log');
    const scan = timeRepeated(7, () => scanStmt.get());
    return [
      { metric: 'queue_build_ms', value: queue.p50, unit: 'ms' },
      { metric: 'queue_cards', value: size, unit: 'cards' },
      { metric: 'study_start_ms', value: session.p50, unit: 'ms' },
      { metric: 'stats_ms', value: stats.p50, unit: 'ms' },
      { metric: 'log_scan_ms', value: scan.p50, unit: 'ms' },
      { metric: 'stats_vs_scan_ratio', value: stats.p50 / scan.p50, unit: 'ratio' },
    ];
  } finally {
    collection.close();
  }
}
