import { Collection } from '../../electron/core/collection.js';
import { computeStats } from '../../electron/core/stats/compute-stats.js';
import { timeRepeated, type Metric } from '../bench-stats.js';

/** Today's queue (limits + burying) and the whole Stats report, against one plain scan of the log. */
export function queueStatsBench(file: string): Metric[] {
  const collection = Collection.open({ file });
  try {
    collection.updateSettings({ newPerDay: 20, reviewsPerDay: 200 });
    const queue = timeRepeated(15, () => collection.study());
    const stats = timeRepeated(7, () => computeStats(collection, {}, '1y'));
    const scanStmt = collection.db.prepare('SELECT count(*), sum(duration_ms) FROM review_log');
    const scan = timeRepeated(7, () => scanStmt.get());
    return [
      { metric: 'queue_build_ms', value: queue.p50, unit: 'ms' },
      { metric: 'stats_ms', value: stats.p50, unit: 'ms' },
      { metric: 'log_scan_ms', value: scan.p50, unit: 'ms' },
      { metric: 'stats_vs_scan_ratio', value: stats.p50 / scan.p50, unit: 'ratio' },
    ];
  } finally {
    collection.close();
  }
}
