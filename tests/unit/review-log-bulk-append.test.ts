import { describe, expect, it } from 'vitest';
import { withBulkReviewAppend } from '../../electron/core/db/review-log-bulk-append.js';
import { rebuildAnswerAggregates, rebuildDailyReviews } from '../../electron/core/simulation/bulk-log-mode.js';
import { dumpTables, openTestCollection } from '../helpers/test-collection.js';
import { databaseOf, writeConnectionOf } from '../helpers/collection-database.js';
import { rightAction } from '../helpers/learner-actions.js';

const aggregates = ['daily_reviews', 'daily_answers', 'daily_owner_answers'];

describe('appending reviews in bulk', () => {
  it('leaves the aggregates exactly as the triggers would, and puts the triggers back', () => {
    const { collection, clock } = openTestCollection();
    const db = databaseOf(collection);
    // Some ordinary answers first, through the triggers.
    for (const card of collection.study().cards.slice(0, 6)) {
      collection.answer({ cardId: card.id, grade: 3, durationMs: 1000, ...rightAction(card) });
      clock.advance(30_000);
    }
    const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all();
    const cardIds = db.prepare('SELECT id FROM cards ORDER BY id LIMIT 8').pluck().all() as number[];
    const insert = db.prepare(`INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, picked_owner, correct)
      VALUES (?, ?, ?, ?, ?, ?, ?, 0, 500, ?, ?)`);
    const base = clock.now() - 40 * 86_400_000;
    db.transaction(() =>
      withBulkReviewAppend(db, () => {
        cardIds.forEach((id, i) => {
          for (let r = 0; r < 12; r++) {
            const day = 20_000 + Math.floor(r / 2) * 3;
            insert.run(id, base + r * 3_600_000 * 30 + i, day, (r % 4) + 1, r < 2 ? 0 : r % 5 === 0 ? 3 : 2, r < 2 ? 'learning' : r === 7 ? 'cram' : 'review', r * 4, r % 2 ? 'customer' : 'aws', r % 3 ? 1 : 0);
          }
        });
      }),
    ).immediate();
    const incremental = dumpTables(db, aggregates);
    expect(db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all()).toEqual(triggers);
    rebuildDailyReviews(writeConnectionOf(db));
    rebuildAnswerAggregates(writeConnectionOf(db));
    expect(incremental).toEqual(dumpTables(db, aggregates));
  });

  it('restores the triggers when the append fails', () => {
    const { collection } = openTestCollection();
    const db = databaseOf(collection);
    const triggers = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(() =>
      db.transaction(() =>
        withBulkReviewAppend(db, () => {
          throw new Error('broken file');
        }),
      ).immediate(),
    ).toThrow('broken file');
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all()).toEqual(triggers);
  });
});
