import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../../tests/helpers/collection-database.js';
import { timeRepeated, type Metric } from '../bench-stats.js';

/**
 * The first call of a path on this connection, before the median's warm-up:
 * what a learner meets on opening the screen first after a start (or the
 * first time in a day), when nothing the path keeps per connection is there
 * yet. Wall and CPU time of the process.
 */
function firstCall(name: string, ours: () => unknown): Metric[] {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  ours();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return [
    { metric: `${name}_first_ms`, value: wall, unit: 'ms' },
    { metric: `${name}_first_cpu_ms`, value: (used.user + used.system) / 1000, unit: 'ms' },
  ];
}

/**
 * Every screen's path at the collection's size, each beside a raw SQLite
 * baseline over the same rows measured right after it: what `--size` runs to
 * show how each path grows with the data.
 */
export function scaleBench(file: string): Metric[] {
  // Tomorrow morning, as the queue benchmark: the simulated learner has not touched tomorrow's work.
  const tomorrow = Date.now() + 86_400_000;
  const collection = Collection.open({ file, now: () => tomorrow });
  const db = databaseOf(collection);
  const metrics: Metric[] = [];
  const pair = (name: string, runs: number, ours: () => unknown, raw: () => unknown) => {
    metrics.push(...firstCall(name, ours));
    const o = timeRepeated(runs, ours);
    const r = timeRepeated(runs, raw);
    metrics.push(
      { metric: `${name}_ms`, value: o.p50, unit: 'ms' },
      { metric: `${name}_raw_ms`, value: r.p50, unit: 'ms' },
      { metric: `${name}_vs_raw_ratio`, value: o.p50 / r.p50, unit: 'ratio' },
    );
  };
  try {
    collection.updateSettings({ newPerDay: 20, reviewsPerDay: 200 });
    const end = tomorrow + 86_400_000;
    // The first card of a session: the queue, every card's view and its four grade previews (balancer on).
    const dueRows = db.prepare('SELECT * FROM cards WHERE state = 2 AND suspended = 0 AND retired = 0 AND due < ? ORDER BY due LIMIT 200');
    pair('study_start', 7, () => collection.study(), () => dueRows.all(end));
    const dueCount = db.prepare('SELECT deck_id, count(*) FROM cards WHERE state > 0 AND suspended = 0 AND retired = 0 AND due < ? GROUP BY deck_id');
    pair('today', 7, () => collection.today(), () => dueCount.all(end));
    const deckCount = db.prepare('SELECT deck_id, state, count(*) FROM cards WHERE retired = 0 GROUP BY deck_id, state');
    pair('decks', 7, () => collection.decks(), () => deckCount.all());
    // The deck browser opened on the largest deck: every id in browsing order and the first page of 100 rows.
    const deckId = db.prepare('SELECT deck_id FROM cards GROUP BY deck_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    const pageRaw = db.prepare('SELECT * FROM cards WHERE deck_id = ? AND retired = 0 ORDER BY position LIMIT 100');
    const idsRaw = db.prepare('SELECT id FROM cards WHERE deck_id = ? AND retired = 0 ORDER BY position').pluck();
    pair('deck_browser', 7, () => collection.searchCards({ query: '', deckId, limit: 100 }), () => [idsRaw.all(deckId), pageRaw.all(deckId)]);
    // Word and wildcard search over all cards, against a raw LIKE on the stored content (a plain scan).
    const likeRaw = db.prepare('SELECT id FROM cards WHERE retired = 0 AND content LIKE ?').pluck();
    pair('search_word', 7, () => collection.searchCards({ query: 'hypervisor', limit: 100 }), () => likeRaw.all('%hypervisor%'));
    pair('search_wildcard', 7, () => collection.searchCards({ query: 'patch*system', limit: 100 }), () => likeRaw.all('%patch%system%'));
    metrics.push({ metric: 'search_word_matches', value: collection.searchCards({ query: 'hypervisor', limit: 1 }).total, unit: 'cards' });
    const scan = db.prepare('SELECT count(*), sum(duration_ms) FROM review_log');
    pair('stats_1y', 5, () => collection.stats({}, '1y'), () => scan.get());
    pair('stats_1m', 5, () => collection.stats({}, '1m'), () => scan.get());
  } finally {
    collection.close();
  }
  return metrics;
}
