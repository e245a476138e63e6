import { describe, expect, it } from 'vitest';
import { openTestCollection, TestClock } from '../helpers/test-collection.js';
import { dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import { interleave, StudyQueueBuilder } from '../../electron/core/review/study-queue.js';
import { databaseOf } from '../helpers/collection-database.js';

describe('the daily queue', () => {
  it('reads each deck’s learning cards, due reviews and first new cards from their index alone (no lookup in the table per candidate)', () => {
    const { collection } = openTestCollection();
    const db = databaseOf(collection);
    const statements = Object.values(new StudyQueueBuilder(db) as unknown as Record<string, { source?: unknown }>);
    const sources = statements.map((s) => s?.source).filter((s): s is string => typeof s === 'string' && /INDEXED BY cards_(due|new)/.test(s));
    expect(sources).toHaveLength(4);
    for (const sql of sources) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...new Array<number>(sql.split('?').length - 1).fill(0)) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' '), sql).toMatch(/COVERING INDEX cards_(due|new)/);
    }
    collection.close();
  });

  it('rolls the day over at the configured hour, not at midnight', () => {
    const at = (h: number, m = 0) => new Date(2026, 5, 10, h, m).getTime();
    expect(studyDay(at(3, 59), 4)).toBe(studyDay(at(12), 4) - 1);
    expect(studyDay(at(4, 0), 4)).toBe(studyDay(at(12), 4));
    expect(studyDay(at(23, 59), 0)).toBe(studyDay(at(0, 0), 0));
    expect(new Date(dayStart(studyDay(at(12), 4), 4)).getHours()).toBe(4);
  });

  it('over a simulated week: new limits per day, reviews come due, nothing is shown twice', () => {
    const clock = new TestClock(new Date(2026, 2, 2, 9, 0).getTime());
    const { collection } = openTestCollection({ clock });
    collection.updateSettings({ newPerDay: 10, reviewsPerDay: 15, enableFuzz: false });
    const seen = new Set<number>();
    for (let day = 0; day < 7; day++) {
      const today = collection.today();
      expect(today.totals.new).toBe(10);
      expect(today.totals.due).toBeLessThanOrEqual(15);
      const session = collection.study();
      const ids = session.cards.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      let newCount = 0;
      // Answer everything Good, including learning steps as they come due.
      let queue = [...session.cards];
      while (queue.length) {
        const card = queue.shift()!;
        if (card.state === 0) newCount++;
        seen.add(card.id);
        const result = collection.answer({ cardId: card.id, grade: 3, durationMs: 1000 });
        clock.advance(20_000);
        if (result.requeue) {
          clock.value = Math.max(clock.value, result.requeue.due);
          queue = [result.requeue, ...queue];
        }
      }
      expect(newCount).toBe(10);
      // A second look the same day: the limits are spent.
      expect(collection.today().totals.new).toBe(0);
      expect(collection.study().cards).toHaveLength(0);
      clock.value = new Date(2026, 2, 3 + day, 9, 0).getTime();
    }
    expect(seen.size).toBe(70);
    const reviewsDone = databaseOf(collection).prepare("SELECT count(*) FROM review_log WHERE kind = 'review'").pluck().get() as number;
    expect(reviewsDone).toBeGreaterThan(0);
  });

  it('a late-night session before the rollover still counts toward the evening', () => {
    const clock = new TestClock(new Date(2026, 2, 2, 22, 0).getTime());
    const { collection } = openTestCollection({ clock });
    collection.updateSettings({ newPerDay: 3 });
    for (const card of collection.study().cards) collection.answer({ cardId: card.id, grade: 4, durationMs: 1 });
    clock.value = new Date(2026, 2, 3, 2, 0).getTime();
    expect(collection.today().totals.new).toBe(0);
    clock.value = new Date(2026, 2, 3, 4, 30).getTime();
    expect(collection.today().totals.new).toBe(3);
  });

  it('honours a per-deck review limit and an overall one', () => {
    const { collection } = openTestCollection();
    collection.updateSettings({ newPerDay: 1000 });
    databaseOf(collection).prepare("UPDATE decks SET new_per_day = 2 WHERE id = 'core-model'").run();
    const today = collection.today();
    expect(today.decks.find((d) => d.id === 'core-model')!.newToday).toBe(2);
    // Every other deck gives all its new cards, one per note: a fact group counts once.
    const db = databaseOf(collection);
    const firstCore = db.prepare("SELECT note_key FROM cards WHERE deck_id = 'core-model' ORDER BY position LIMIT 2").pluck().all();
    const others = db.prepare("SELECT note_key FROM cards WHERE deck_id <> 'core-model'").pluck().all();
    expect(today.totals.new).toBe(new Set([...firstCore, ...others]).size);
  });

  it('buries siblings of a note until the next day', () => {
    const { collection, clock } = openTestCollection({ builtin: false });
    databaseOf(collection).prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('d', 'D', 'custom', 'imported', 0)").run();
    const insert = databaseOf(collection).prepare(
      "INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, position, due) VALUES ('d', 'd', ?, 'note-1', 'basic', '{\"kind\":\"basic\",\"front\":\"f\",\"back\":\"b\"}', ?, 0)",
    );
    insert.run('a', 1);
    insert.run('b', 2);
    const first = collection.study().cards;
    expect(first.map((c) => c.id)).toHaveLength(1);
    collection.answer({ cardId: first[0]!.id, grade: 4, durationMs: 1 });
    expect(collection.study().cards).toHaveLength(0);
    clock.advanceDays(1);
    expect(collection.study().cards.map((c) => c.id)).toHaveLength(1);
  });

  it('learning cards come back when due, within the day', () => {
    const { collection, clock } = openTestCollection();
    const card = collection.study().cards[0]!;
    collection.answer({ cardId: card.id, grade: 1, durationMs: 1 });
    const session = collection.study();
    expect(session.cards.some((c) => c.id === card.id)).toBe(false);
    expect(session.later.map((c) => c.id)).toContain(card.id);
    clock.advance(61_000);
    expect(collection.study().cards[0]!.id).toBe(card.id);
  });

  it('interleaves new cards evenly among reviews', () => {
    const mixed = interleave(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'], ['n1', 'n2']);
    expect(mixed).toHaveLength(8);
    expect(mixed.indexOf('n1')).toBeGreaterThan(0);
    expect(mixed.indexOf('n2') - mixed.indexOf('n1')).toBeGreaterThanOrEqual(3);
  });
});
