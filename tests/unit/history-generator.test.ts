import { writeConnectionOf } from '../helpers/collection-database.js';
// The history generator: reproducible, the size asked for, and a log that the
// scheduler and the aggregates agree with.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { answerAggregates } from '../../electron/core/db/migrations/0004-answer-aggregates.js';
import { answerAggregatesBackfill } from '../../electron/core/db/answer-aggregates.js';
import { studyDay } from '../../electron/core/domain/day-clock.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { FsrsScheduler, newMemoryState } from '../../electron/core/scheduling/fsrs-scheduler.js';
import type { CardRecord } from '../../electron/core/db/table-rows.js';
import type { MemoryState } from '../../electron/core/scheduling/memory-state.js';
import { defaultSettings } from '../../electron/core/settings/settings-schema.js';
import { generateHistory, type HistoryOptions, type HistorySummary } from '../../electron/core/simulation/generate-history.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import type { GradeValue } from '../../electron/core/domain/types.js';

const endAt = new Date(2025, 5, 15, 21, 30).getTime();
const base: HistoryOptions = { seed: 42, cards: 300, reviews: 3000, days: 120, endAt };

const open: Database.Database[] = [];
function freshDb(): Database.Database {
  const db = openDatabase(':memory:');
  // The answer aggregates (migration 0004) must be rebuilt too; apply them here until the migration is registered.
  const has = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'daily_answers'").pluck().get();
  if (!has) db.exec(answerAggregates.up);
  open.push(db);
  return db;
}
afterEach(() => {
  while (open.length) open.pop()?.close();
});

function checksum(db: Database.Database): string {
  const hash = createHash('sha256');
  for (const table of ['decks', 'cards', 'review_log', 'daily_reviews']) {
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).raw().iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

interface LogRow {
  id: number;
  card_id: number;
  reviewed_at: number;
  day: number;
  rating: GradeValue;
  state_before: number;
  kind: string;
  scheduled_days: number;
  elapsed_days: number;
  stability_after: number;
  difficulty_after: number;
  picked_owner: string | null;
  correct: number | null;
}

describe('seeded random', () => {
  it('repeats for a seed and differs between seeds and purposes', () => {
    const draw = (r: SeededRandom) => Array.from({ length: 5 }, () => r.next());
    expect(draw(new SeededRandom(1))).toEqual(draw(new SeededRandom(1)));
    expect(draw(new SeededRandom(1))).not.toEqual(draw(new SeededRandom(2)));
    expect(draw(SeededRandom.stream(1, 'a'))).not.toEqual(draw(SeededRandom.stream(1, 'b')));
    const values = draw(new SeededRandom(9));
    for (const v of values) expect(v >= 0 && v < 1).toBe(true);
  });
});

describe('generateHistory', () => {
  let db: Database.Database;
  let summary: HistorySummary;
  let log: LogRow[];

  beforeAll(() => {
    db = openDatabase(':memory:');
    if (!db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'daily_answers'").pluck().get()) db.exec(answerAggregates.up);
    summary = generateHistory(writeConnectionOf(db), base);
    log = db.prepare('SELECT * FROM review_log ORDER BY id').all() as LogRow[];
    return () => db.close();
  });

  it('is reproducible: the same seed writes the same database, another seed another one', () => {
    const again = freshDb();
    generateHistory(writeConnectionOf(again), base);
    expect(checksum(again)).toBe(checksum(db));
    const other = freshDb();
    generateHistory(writeConnectionOf(other), { ...base, seed: 43 });
    expect(checksum(other)).not.toBe(checksum(db));
  });

  it('writes the cards and about the reviews asked for', () => {
    expect(summary.cards).toBe(300);
    expect(db.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(300);
    expect(log.length).toBe(summary.reviews);
    expect(Math.abs(log.length - 3000) / 3000).toBeLessThanOrEqual(0.1);
    expect(summary.byKind.cram).toBeGreaterThan(0);
    expect(summary.byKind.relearning).toBeGreaterThan(0);
    expect(summary.firstDay < summary.lastDay).toBe(true);
  });

  it.each([
    { cards: 2000, reviews: 8000, days: 60 },
    { cards: 150, reviews: 4000, days: 200 },
    { cards: 500, reviews: 1200, days: 1 },
  ])('lands within 10% of the target for $cards cards, $reviews reviews, $days days', (target) => {
    const other = freshDb();
    const s = generateHistory(writeConnectionOf(other), { ...base, ...target });
    expect(Math.abs(s.reviews - target.reviews) / target.reviews).toBeLessThanOrEqual(0.1);
    expect(s.cards).toBe(target.cards);
  });

  it('spreads the cards over ten decks, one per built-in service type, with every kind and owner', () => {
    const decks = db.prepare('SELECT id, service_type FROM decks ORDER BY id').all() as { id: string; service_type: string }[];
    expect(decks).toHaveLength(10);
    expect(new Set(decks.map((d) => d.service_type)).size).toBe(10);
    const kinds = db.prepare('SELECT kind, count(*) AS n FROM cards GROUP BY kind').all() as { kind: string; n: number }[];
    expect(kinds.map((k) => k.kind).sort()).toEqual(['basic', 'choice', 'responsibility']);
    const owners = db.prepare("SELECT DISTINCT owner FROM cards WHERE kind = 'responsibility' ORDER BY owner").pluck().all();
    expect(owners).toEqual(['aws', 'customer', 'shared']);
    expect(db.prepare("SELECT count(*) FROM cards WHERE (kind = 'responsibility') <> (owner IS NOT NULL)").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(DISTINCT note_key) FROM cards').pluck().get()).toBe(300);
    expect(db.prepare("SELECT count(*) FROM cards WHERE source NOT LIKE '00_\\_%.txt' ESCAPE '\\'").pluck().get()).toBe(0);
    for (const row of db.prepare('SELECT kind, content FROM cards').all() as { kind: string; content: string }[]) {
      expect((JSON.parse(row.content) as { kind: string }).kind).toBe(row.kind);
    }
  });

  it('logs in time order, inside the simulated days and before endAt, each row on its own study day', () => {
    const first = studyDay(endAt, 4) - base.days + 1;
    let previous = -Infinity;
    for (const r of log) {
      expect(r.reviewed_at).toBeGreaterThanOrEqual(previous);
      previous = r.reviewed_at;
      expect(r.reviewed_at).toBeLessThanOrEqual(endAt);
      expect(r.day).toBe(studyDay(r.reviewed_at, 4));
      expect(r.day).toBeGreaterThanOrEqual(first);
    }
  });

  it('leaves every card in the FSRS state its own answers lead to (replayed through the scheduler)', () => {
    const scheduler = new FsrsScheduler(defaultSettings);
    const cards = db.prepare('SELECT * FROM cards').all() as CardRecord[];
    const byCard = new Map<number, LogRow[]>();
    for (const r of log) if (r.kind !== 'cram') byCard.set(r.card_id, [...(byCard.get(r.card_id) ?? []), r]);
    for (const card of cards) {
      let memory: MemoryState | null = null;
      for (const r of byCard.get(card.id) ?? []) {
        expect(r.state_before).toBe(memory?.state ?? 0);
        const next = scheduler.next(memory ?? newMemoryState(r.reviewed_at), r.reviewed_at, r.rating, { id: card.id, deckId: card.deck_id });
        expect(r.stability_after).toBeCloseTo(next.after.stability, 9);
        expect(r.scheduled_days).toBe(next.scheduledDays);
        memory = next.after;
      }
      if (memory === null) {
        expect(card).toMatchObject({ state: 0, reps: 0, lapses: 0, last_review: null, stability: 0 });
        continue;
      }
      expect({
        state: card.state,
        due: card.due,
        stability: card.stability,
        difficulty: card.difficulty,
        scheduledDays: card.scheduled_days,
        learningSteps: card.learning_steps,
        reps: card.reps,
        lapses: card.lapses,
        lastReview: card.last_review,
      }).toEqual(memory);
    }
  });

  it('writes cram answers without changing the schedule', () => {
    const cram = log.filter((r) => r.kind === 'cram');
    expect(cram.length).toBeGreaterThan(0);
    const lastBefore = new Map<number, LogRow>();
    for (const r of log) {
      if (r.kind === 'cram') {
        const previous = lastBefore.get(r.card_id);
        expect(previous).toBeDefined();
        expect(r.stability_after).toBe(previous?.stability_after);
        expect(r.scheduled_days).toBe(0);
      } else lastBefore.set(r.card_id, r);
    }
  });

  it('records the picked owner on responsibility cards: the right one when right, a wrong one (graded Again) when wrong', () => {
    const rows = db
      .prepare('SELECT r.rating, r.picked_owner AS picked, r.correct, c.kind, c.owner FROM review_log r JOIN cards c ON c.id = r.card_id')
      .all() as { rating: number; picked: string | null; correct: number | null; kind: string; owner: string | null }[];
    let wrong = 0;
    for (const r of rows) {
      if (r.kind !== 'responsibility') {
        expect([r.picked, r.correct]).toEqual([null, null]);
        continue;
      }
      expect(r.correct).toBe(r.picked === r.owner ? 1 : 0);
      if (r.correct === 0) {
        wrong++;
        expect(r.rating).toBe(1);
      }
    }
    expect(wrong).toBeGreaterThan(0);
  });

  it('rebuilds daily_reviews to match the log and restores every trigger and index', () => {
    const grouped = db
      .prepare(
        `SELECT r.day, c.deck_id, r.kind, count(*) AS reviews, sum(r.rating > 1) AS correct, sum(r.duration_ms) AS duration_ms
         FROM review_log r JOIN cards c ON c.id = r.card_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      )
      .all();
    expect(db.prepare('SELECT day, deck_id, kind, reviews, correct, duration_ms FROM daily_reviews ORDER BY 1, 2, 3').all()).toEqual(grouped);
    const schema = (d: Database.Database) =>
      d.prepare("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('trigger', 'index') ORDER BY name").all();
    expect(schema(db)).toEqual(schema(freshDb()));
  });

  it('leaves the answer aggregates equal to their backfill, and the triggers working', () => {
    const read = () => db.prepare('SELECT * FROM daily_answers ORDER BY 1, 2, 3, 4').all();
    const before = read();
    db.exec(answerAggregatesBackfill);
    expect(read()).toEqual(before);
    const count = () => db.prepare('SELECT sum(reviews) FROM daily_reviews').pluck().get() as number;
    const total = count();
    const card = db.prepare('SELECT id FROM cards WHERE state = 2 LIMIT 1').pluck().get() as number;
    db.prepare(
      `INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms)
       VALUES (?, ?, ?, 3, 2, 'review', 10, 5, 1000)`,
    ).run(card, endAt, studyDay(endAt, 4));
    expect(count()).toBe(total + 1);
  });

  it('lets a learner with their own FSRS weights decide recall', () => {
    const weights = defaultSettingsWeights();
    // w8 scales how much stability grows on a successful review: this learner's memory grows slower than the scheduler assumes.
    weights[8] = (weights[8] as number) - 1;
    const slow = freshDb();
    generateHistory(writeConnectionOf(slow), { ...base, weights });
    const failRate = (d: Database.Database) =>
      d.prepare("SELECT avg(rating = 1) FROM review_log WHERE kind = 'review' AND state_before = 2").pluck().get() as number;
    expect(failRate(db)).toBeCloseTo(0.1, 1);
    expect(failRate(slow)).toBeGreaterThan(failRate(db) + 0.04);
  });

  it('refuses bad options and a collection that already has the simulated decks', () => {
    const other = freshDb();
    expect(() => generateHistory(writeConnectionOf(other), { ...base, weights: [1, 2, 3] })).toThrow(expect.objectContaining({ code: ErrorCode.invalidArgument }));
    expect(() => generateHistory(writeConnectionOf(other), { ...base, cards: 0 })).toThrow(expect.objectContaining({ code: ErrorCode.invalidArgument }));
    expect(() => generateHistory(writeConnectionOf(db), base)).toThrow(expect.objectContaining({ code: ErrorCode.conflict }));
  });
});

function defaultSettingsWeights(): number[] {
  return [...new FsrsScheduler(defaultSettings).engine.parameters.w];
}
