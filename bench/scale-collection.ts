import fs from 'node:fs';
import { openDatabase } from '../electron/core/db/open-database.js';
import { withBulkReviewLog } from '../electron/core/simulation/bulk-log-mode.js';
import { deckAggregatesBackfill } from '../electron/core/db/migrations/0015-deck-aggregates.js';
import { dueLoadSlotsBackfill } from '../electron/core/db/migrations/0016-due-load-slots.js';
import { writeConnectionOf } from '../tests/helpers/collection-database.js';

/** The sizes `npm run bench -- --size` knows: reviews, with cards in the benchmark's proportion (one card per ten reviews). */
export const benchSizes = { '1m': 1, '3m': 3, '10m': 10 } as const;
export type BenchSize = keyof typeof benchSizes;

export function isBenchSize(s: string): s is BenchSize {
  return Object.hasOwn(benchSizes, s);
}

interface SchemaObject {
  type: 'index' | 'trigger';
  name: string;
  sql: string;
}

/**
 * Makes `target` the benchmark's collection (`base`, generated once) copied
 * `times` times over: every card again under a new id, key and note (same
 * deck, same schedule), with its whole review history, so 10 copies of 1M
 * reviews are 10M reviews with the same shape. Pure SQL in one transaction
 * with the cards' and the log's indexes and triggers set aside and rebuilt
 * once (the card text index is copied row for row, not recomputed): a few
 * seconds per million reviews, where simulating them costs about a minute.
 * The copies are not marked for sync (the sync triggers are set aside too).
 */
export function copyCollectionTimes(base: string, target: string, times: number): { copyMs: number } {
  fs.copyFileSync(base, target);
  const t0 = performance.now();
  const db = writeConnectionOf(openDatabase(target));
  try {
    db.pragma('cache_size = -262144');
    const cols = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).map((c) => `"${c}"`);
    const cardCols = cols('cards');
    const logCols = cols('review_log');
    db.transaction(() => {
      const { cards, positions } = db.prepare('SELECT max(id) AS cards, max(position) AS positions FROM cards').get() as { cards: number; positions: number };
      const reviews = db.prepare('SELECT coalesce(max(id), 0) FROM review_log').pluck().get() as number;
      const saved = db
        .prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'cards' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
        .all() as SchemaObject[];
      for (const o of saved) db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} "${o.name}"`);
      withBulkReviewLog(db, () => {
        for (let k = 1; k < times; k++) {
          const cardExpr = cardCols.map((c) =>
            c === '"id"' ? `id + ${k * cards}` : c === '"key"' || c === '"note_key"' ? `${c} || '~${k}'` : c === '"position"' ? `position + ${k * positions}` : c,
          );
          db.exec(`INSERT INTO cards (${cardCols.join(', ')}) SELECT ${cardExpr.join(', ')} FROM cards WHERE id <= ${cards}`);
          const logExpr = logCols.map((c) => (c === '"id"' ? `id + ${k * reviews}` : c === '"card_id"' ? `card_id + ${k * cards}` : c));
          db.exec(`INSERT INTO review_log (${logCols.join(', ')}) SELECT ${logExpr.join(', ')} FROM review_log WHERE id <= ${reviews}`);
          db.exec(`INSERT INTO card_text (rowid, text) SELECT rowid + ${k * cards}, text FROM card_text WHERE rowid <= ${cards}`);
          db.exec(`INSERT INTO card_text_long (id) SELECT id + ${k * cards} FROM card_text_long WHERE id <= ${cards}`);
        }
      });
      for (const o of saved.filter((s) => s.type === 'index')) db.exec(o.sql);
      for (const o of saved.filter((s) => s.type === 'trigger')) db.exec(o.sql);
      db.exec(deckAggregatesBackfill);
      db.exec(dueLoadSlotsBackfill);
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { copyMs: performance.now() - t0 };
}
