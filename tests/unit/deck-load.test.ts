import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { migrate } from '../../electron/core/db/migrate.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { dueLoadIndex } from '../../electron/core/db/migrations/0011-due-load-index.js';
import { dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import { deckLoadReader, holdingDeckLoads } from '../../electron/core/scheduling/deck-load.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { AnswerRecorder } from '../../electron/core/review/answer-card.js';
import { FsrsScheduler } from '../../electron/core/scheduling/fsrs-scheduler.js';
import { createBalancer } from '../../electron/core/scheduling/balanced-due.js';
import { defaultSettings } from '../../electron/core/settings/settings-schema.js';
import type { GradeValue } from '../../electron/core/domain/types.js';
import { writeConnectionOf } from '../helpers/collection-database.js';

const rollover = 4;
const today = studyDay(Date.UTC(2026, 5, 1, 12), rollover);

/** Reviews due per day, counted the plain way: every due card of the deck read and placed on its study day. */
function plainLoad(db: ReturnType<typeof openSqliteFile>, deckId: string, fromDay: number, toDay: number): Map<number, number> {
  const counts = new Map<number, number>();
  const dues = db
    .prepare('SELECT due FROM cards NOT INDEXED WHERE deck_id = ? AND state = 2 AND suspended = 0 AND retired = 0 AND last_review < ?')
    .pluck()
    .all(deckId, dayStart(today, rollover)) as number[];
  for (const due of dues) {
    const day = studyDay(due, rollover);
    if (day >= fromDay && day <= toDay) counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

/** The days from..to of a load with reviews due, as the balancer reads them (a day it does not hold would read as 0). */
function daysOf(load: ReadonlyMap<number, number>, fromDay: number, toDay: number): Map<number, number> {
  const days = new Map<number, number>();
  for (let day = fromDay; day <= toDay; day++) {
    expect(load.has(day), `day ${day} is held`).toBe(true);
    const n = load.get(day) ?? 0;
    if (n > 0) days.set(day, n);
  }
  return days;
}

function collectionWithCards(seed: number) {
  const db = openSqliteFile(':memory:');
  migrate(db);
  db.exec("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('a', 'A', 't', 'imported', 0), ('b', 'B', 't', 'imported', 0)");
  const rng = SeededRandom.stream(seed, 'deck-load');
  const insert = db.prepare(
    'INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, state, due, last_review, suspended) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (let id = 1; id <= 600; id++) {
    const deck = rng.chance(0.5) ? 'a' : 'b';
    const due = dayStart(today + 1 + rng.int(60), rollover) + rng.int(86_400_000);
    // Some cards were answered today already: they do not count.
    const lastReview = rng.chance(0.1) ? dayStart(today, rollover) + 1000 : dayStart(today - 1 - rng.int(30), rollover);
    insert.run(id, deck, deck, `k${id}`, `n${id}`, 'basic', '{"kind":"basic","front":"f","back":"b"}', id, rng.chance(0.8) ? 2 : 1, due, lastReview, rng.chance(0.05) ? 1 : 0);
  }
  return { db, rng };
}

describe('the load balancer’s per-day load', () => {
  it('counts what a plain read of every due card counts, for overlapping windows, before and after the cards change', () => {
    const { db, rng } = collectionWithCards(7);
    const load = deckLoadReader(db, rollover);
    const check = () => {
      for (let i = 0; i < 40; i++) {
        const deck = rng.chance(0.5) ? 'a' : 'b';
        const from = today + rng.int(70);
        const to = from + rng.int(20);
        expect(daysOf(load(deck, from, to, today), from, to)).toEqual(plainLoad(db, deck, from, to));
      }
    };
    check();
    // A write between two reads: a card moved, one suspended, one deleted, one added.
    db.prepare('UPDATE cards SET due = ? WHERE id = (SELECT min(id) FROM cards WHERE state = 2)').run(dayStart(today + 5, rollover) + 10);
    db.prepare('UPDATE cards SET suspended = 1 WHERE id = (SELECT max(id) FROM cards WHERE state = 2 AND suspended = 0)').run();
    db.prepare('DELETE FROM cards WHERE id = (SELECT min(id) FROM cards WHERE deck_id = ? AND state = 2 AND due > ?)').run('b', dayStart(today + 3, rollover));
    db.prepare(
      "INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, state, due, last_review) VALUES (1000, 'a', 'a', 'x', 'x', 'basic', '{}', 1000, 2, ?, ?)",
    ).run(dayStart(today + 5, rollover) + 20, dayStart(today - 2, rollover));
    check();
    db.close();
  });

  it('sees a write made on another connection to the same file', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-deck-load-')), 'c.sqlite');
    const { db: memory } = collectionWithCards(3);
    await memory.backup(file);
    memory.close();
    const db = openSqliteFile(file);
    const other = openSqliteFile(file);
    try {
      const load = deckLoadReader(db, rollover);
      const before = daysOf(load('a', today + 1, today + 60, today), today + 1, today + 60);
      other.prepare("UPDATE cards SET due = ? WHERE deck_id = 'a' AND state = 2").run(dayStart(today + 2, rollover) + 5);
      const after = daysOf(load('a', today + 1, today + 60, today), today + 1, today + 60);
      expect(after).toEqual(plainLoad(db, 'a', today + 1, today + 60));
      expect(after).not.toEqual(before);
    } finally {
      db.close();
      other.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('keeps its counts through answers (each takes its card off the day it was due), and starts afresh after any other write', () => {
    const { db, rng } = collectionWithCards(13);
    db.exec('UPDATE cards SET stability = 3 + id % 40, difficulty = 5, scheduled_days = 5 + id % 30, reps = 4');
    const settings = { ...defaultSettings, rolloverHour: rollover };
    const load = deckLoadReader(db, rollover);
    const scheduler = new FsrsScheduler(settings, createBalancer(settings, load));
    const recorder = new AnswerRecorder(writeConnectionOf(db));
    const [from, to] = [today + 1, today + 70];
    const now = dayStart(today, rollover) + 6 * 3_600_000;
    const ids = db.prepare('SELECT id FROM cards ORDER BY id').pluck().all() as number[];
    const first = load('a', from, to, today);
    for (let i = 0; i < 80; i++) {
      // Some cards twice: the second answer finds the card reviewed today already.
      const cardId = ids[rng.int(i < 60 ? ids.length : 20)]!;
      recorder.answer({ cardId, grade: (1 + rng.int(4)) as GradeValue, durationMs: 1000 }, now + i * 1000, settings, scheduler);
      for (const deck of ['a', 'b']) expect(daysOf(load(deck, from, to, today), from, to)).toEqual(plainLoad(db, deck, from, to));
    }
    // Kept all along, not read afresh after each answer.
    expect(load('a', from, to, today)).toBe(first);
    db.prepare("UPDATE cards SET due = due + 86400000 WHERE deck_id = 'a' AND state = 2").run();
    const afresh = load('a', from, to, today);
    expect(afresh).not.toBe(first);
    expect(daysOf(afresh, from, to)).toEqual(plainLoad(db, 'a', from, to));
    db.close();
  });

  it('held for a batch, counts what it counts read by read, and the first read after the batch sees a write', () => {
    const { db, rng } = collectionWithCards(11);
    const load = deckLoadReader(db, rollover);
    const windows = Array.from({ length: 30 }, () => {
      const from = today + rng.int(70);
      return { deck: rng.chance(0.5) ? 'a' : 'b', from, to: from + rng.int(20) };
    });
    const read = () => windows.map((w) => daysOf(load(w.deck, w.from, w.to, today), w.from, w.to));
    const expected = windows.map((w) => plainLoad(db, w.deck, w.from, w.to));
    expect(holdingDeckLoads(db, read)).toEqual(expected);
    // Nested holds keep the outer one's stamp.
    expect(holdingDeckLoads(db, () => holdingDeckLoads(db, read))).toEqual(expected);
    db.prepare('UPDATE cards SET due = ? WHERE deck_id = ? AND state = 2').run(dayStart(today + 2, rollover) + 5, 'a');
    const after = holdingDeckLoads(db, read);
    expect(after).toEqual(windows.map((w) => plainLoad(db, w.deck, w.from, w.to)));
    expect(after).not.toEqual(expected);
    db.close();
  });

  it('finds the deck’s cards reviewed today through the index led by the deck, not through every deck’s reviews of today', () => {
    const { db } = collectionWithCards(5);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT due FROM cards INDEXED BY cards_reviewed_since
         WHERE deck_id = @deckId AND last_review >= @before AND due >= @from AND due < @to AND state = 2 AND suspended = 0 AND retired = 0`,
      )
      .all({ deckId: 'a', before: 3, from: 0, to: 10 }) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX cards_reviewed_since \(deck_id=\? AND last_review>\?\)/);
    db.close();
  });

  it('is read from the due index alone, which the migration extends without touching a row', () => {
    const at = migrations.indexOf(dueLoadIndex);
    const db = openSqliteFile(':memory:');
    migrate(db, migrations.slice(0, at));
    db.exec("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('a', 'A', 't', 'imported', 0)");
    db.exec("INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, state, due, last_review) VALUES (1, 'a', 'a', 'k', 'n', 'basic', '{}', 1, 2, 5, 1)");
    const before = db.prepare('SELECT * FROM cards').all();
    migrate(db, migrations.slice(0, at + 1));
    expect(db.prepare('SELECT * FROM cards').all()).toEqual(before);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT (SELECT count(*) FROM cards INDEXED BY cards_due
           WHERE deck_id = @deckId AND state = 2 AND due >= json_extract(b.value, '$[0]') AND due < json_extract(b.value, '$[1]')
             AND last_review < @before AND suspended = 0 AND retired = 0)
         FROM json_each(@days) b ORDER BY b.key`,
      )
      .all({ deckId: 'a', before: 3, days: '[[0, 10]]' }) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX cards_due/);
    db.close();
  });
});
