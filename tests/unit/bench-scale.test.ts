// The scale run's collections have the shape the benchmark promises (cards
// and reviews in its proportion at every size, every state, due dates spread
// over the days ahead, every kept aggregate equal to a recount), and its
// growth table says which paths grow faster than the data.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { generateHistory, type HistorySummary } from '../../electron/core/simulation/generate-history.js';
import { writeConnectionOf } from '../helpers/collection-database.js';
import { growthTable } from '../../bench/growth-table.js';
import type { Metric } from '../../bench/bench-stats.js';
import type { BenchSize } from '../../bench/bench-sizes.js';

const endAt = Date.UTC(2026, 2, 10, 20, 0);
const dayMs = 86_400_000;
/** The benchmark's proportion (100,000 cards to 1,000,000 reviews over 1,000 days), a thousand times smaller. */
const unit = { cards: 100, reviews: 1000 };

function generated(times: number): { db: Database.Database; summary: HistorySummary } {
  const db = openDatabase(':memory:');
  const summary = generateHistory(writeConnectionOf(db), { seed: 42, cards: unit.cards * times, reviews: unit.reviews * times, days: 1000, endAt });
  return { db, summary };
}

/** Every table the generator fills set-wise, recounted from the cards and the log. */
function recounts(db: Database.Database) {
  const pairs: [string, string][] = [
    [
      'SELECT deck_id, state, suspended, n FROM deck_card_counts WHERE n <> 0 ORDER BY 1, 2, 3',
      'SELECT deck_id, state, suspended, count(*) FROM cards WHERE retired = 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
    ],
    [
      'SELECT deck_id, slot, n FROM due_load_slots WHERE n <> 0 ORDER BY 1, 2',
      `SELECT deck_id, CAST(due / 900000 AS INTEGER), count(*) FROM cards
        WHERE state = 2 AND suspended = 0 AND retired = 0 AND last_review IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    ],
    [
      'SELECT day, deck_id, kind, reviews, correct, duration_ms FROM daily_reviews ORDER BY 1, 2, 3',
      `SELECT r.day, c.deck_id, r.kind, count(*), sum(r.rating > 1), sum(r.duration_ms) FROM review_log r JOIN cards c ON c.id = r.card_id
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ],
    [
      'SELECT day, deck_id, owner, answers, correct FROM daily_owner_answers ORDER BY 1, 2, 3',
      `SELECT r.day, c.deck_id, c.owner, count(*), sum(r.correct <> 0) FROM review_log r JOIN cards c ON c.id = r.card_id
        WHERE r.correct IS NOT NULL AND c.owner IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ],
    ['SELECT rowid FROM card_text ORDER BY 1', 'SELECT id FROM cards ORDER BY 1'],
    ['SELECT ref, key FROM sync_content_dirty WHERE kind = \'card\' ORDER BY 1, 2', 'SELECT source_deck_id, key FROM cards ORDER BY 1, 2'],
  ];
  return pairs.map(([kept, counted]) => ({ kept: db.prepare(kept).raw().all(), counted: db.prepare(counted).raw().all() }));
}

describe('the scale run’s generated collections', () => {
  const sizes = new Map<number, { db: Database.Database; summary: HistorySummary }>();
  beforeAll(() => {
    for (const times of [1, 3]) sizes.set(times, generated(times));
  });
  afterAll(() => {
    for (const { db } of sizes.values()) db.close();
  });

  it('hold the cards asked for and about ten reviews a card, at every size', () => {
    for (const [times, { db, summary }] of sizes) {
      expect(db.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(unit.cards * times);
      const reviews = db.prepare('SELECT count(*) FROM review_log').pluck().get() as number;
      expect(reviews).toBe(summary.reviews);
      expect(Math.abs(reviews / (unit.reviews * times) - 1)).toBeLessThan(0.1);
    }
  });

  it('hold new and studied cards, answers of every kind, and review dates spread over the days ahead', () => {
    for (const { db } of sizes.values()) {
      const states = new Map(db.prepare('SELECT state, count(*) FROM cards GROUP BY state').raw().all() as [number, number][]);
      expect(states.get(0)).toBeGreaterThan(0);
      expect(states.get(2)).toBeGreaterThan(states.get(0)!);
      const kinds = db.prepare('SELECT DISTINCT kind FROM review_log ORDER BY 1').pluck().all();
      expect(kinds).toEqual(['cram', 'learning', 'relearning', 'review']);
      const dueDays = db.prepare('SELECT CAST((due - ?) / ? AS INTEGER) AS d FROM cards WHERE state = 2').pluck().all(endAt, dayMs) as number[];
      // Some due already (the session the benchmark opens), and the rest spread over weeks and months, not one day.
      expect(dueDays.some((d) => d <= 1)).toBe(true);
      expect(new Set(dueDays).size).toBeGreaterThan(dueDays.length / 5);
      expect(Math.max(...dueDays)).toBeGreaterThan(60);
    }
    // Leeches: lapsed cards suspended in relearning, as a long history makes them.
    expect(sizes.get(3)!.db.prepare('SELECT count(*) FROM cards WHERE state = 3 AND suspended = 1').pluck().get()).toBeGreaterThan(0);
  });

  it('keep every aggregate, the text index and the sync marks equal to a recount, with an intact file', () => {
    for (const { db } of sizes.values()) {
      for (const { kept, counted } of recounts(db)) {
        expect(kept.length).toBeGreaterThan(0);
        expect(kept).toEqual(counted);
      }
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    }
  });
});

describe('the growth table', () => {
  const at = (metrics: [string, number][]): Metric[] => metrics.map(([metric, value]) => ({ metric, value, unit: metric.endsWith('_ms') ? 'ms' : 'MB' }));

  it('says per path whether it grew linearly or better, and names the ones that grew faster than the data', () => {
    const bySize = new Map<BenchSize, Metric[]>([
      ['1m', at([['file_mb', 200], ['today_ms', 40], ['today_raw_ms', 10], ['today_vs_raw_ratio', 4], ['search_word_ms', 30]])],
      ['10m', at([['file_mb', 2000], ['today_ms', 42], ['today_raw_ms', 80], ['today_vs_raw_ratio', 0.53], ['search_word_ms', 900]])],
    ]);
    const table = growthTable(bySize);
    expect(table).toContain('growth 1m→10m (data ×10) | linear or better? |');
    expect(table).toMatch(/\| `file_mb` \| 200 MB \| 2000 MB \| ×10\.0 \| yes \|/);
    expect(table).toMatch(/\| `today_ms` \| 40\.00 ms \(raw 10\.00, ×4\.00\) \| 42\.00 ms \(raw 80\.00, ×0\.53\) \| ×1\.1 \| yes \|/);
    expect(table).toMatch(/\| `search_word_ms` \| .* \| ×30\.0 \| \*\*no\*\* \|/);
    expect(table).not.toContain('`today_raw_ms`');
    expect(table).toContain('Grew faster than the data (×10): `search_word_ms`.');
  });

  it('with one size, shows the figures without a growth column', () => {
    const table = growthTable(new Map<BenchSize, Metric[]>([['10m', at([['today_ms', 41.6]])]]));
    expect(table).toBe('| path | 10m reviews |\n|---|---:|\n| `today_ms` | 41.60 ms |');
  });
});
