import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../../tests/helpers/collection-database.js';
import { timeRepeated, type Metric } from '../bench-stats.js';

/** The deck browser's search (every matching id and the first page of rows) against one raw count of the cards. */
export function searchBench(file: string): Metric[] {
  const collection = Collection.open({ file });
  try {
    const query = 'owner:customer prop:r<0.9';
    const run = () => collection.searchCards({ query, limit: 100 });
    const matches = run().total;
    const search = timeRepeated(15, run);
    const countStmt = databaseOf(collection).prepare('SELECT count(*) FROM cards').pluck();
    const count = timeRepeated(15, () => countStmt.get());
    // The same filter written by hand, without the parser: what the search costs over a plain scan.
    const scanStmt = databaseOf(collection).prepare("SELECT count(*) FROM cards WHERE owner = 'customer' AND stability > 0 AND last_review IS NOT NULL AND retired = 0").pluck();
    const scan = timeRepeated(15, () => scanStmt.get());
    return [
      { metric: 'search_ms', value: search.p50, unit: 'ms' },
      { metric: 'search_matches', value: matches, unit: 'cards' },
      { metric: 'search_count_raw_ms', value: count.p50, unit: 'ms' },
      { metric: 'search_vs_count_ratio', value: search.p50 / count.p50, unit: 'ratio' },
      { metric: 'search_scan_raw_ms', value: scan.p50, unit: 'ms' },
      { metric: 'search_vs_scan_ratio', value: search.p50 / scan.p50, unit: 'ratio' },
    ];
  } finally {
    collection.close();
  }
}
