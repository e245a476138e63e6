import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { migrate } from '../../electron/core/db/migrate.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { practiceExams } from '../../electron/core/db/migrations/0010-practice-exams.js';

describe('migration practice-exams', () => {
  it('adds the practice exam tables, keeping every card and review, with their checks', () => {
    const at = migrations.indexOf(practiceExams);
    const db = openSqliteFile(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, at));
    db.exec(`
      INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('d', 'Deck', 'practice', 'builtin', 0);
      INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position)
        VALUES (1, 'd', 'd', 'k1', 'n1', 'choice', '{"kind":"choice","question":"q","options":["a","b"],"answer":[0],"explanation":"e"}', 1);
    `);
    const before = db.prepare('SELECT * FROM cards').all();
    migrate(db, migrations.slice(0, at + 1));
    expect(db.prepare('SELECT * FROM cards').all()).toEqual(before);

    db.prepare('INSERT INTO practice_exams (id, started_at, time_limit_ms, item_count, predicted) VALUES (1, 0, 60000, 1, 0.5)').run();
    db.prepare('INSERT INTO practice_exam_items (exam_id, position, card_id, predicted, chosen) VALUES (1, 0, 1, 0.5, \'[0]\')').run();
    expect(() => db.prepare('INSERT INTO practice_exams (started_at, time_limit_ms, item_count, predicted) VALUES (0, 60000, 1, 1.5)').run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO practice_exam_items (exam_id, position, card_id, predicted, chosen) VALUES (1, 1, 1, 0.5, 'not json')").run()).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO practice_exam_items (exam_id, position, card_id, predicted) VALUES (1, 2, 99, 0.5)').run()).toThrow(/FOREIGN KEY/);
    // An exam's items go with it.
    db.prepare('DELETE FROM practice_exams WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM practice_exam_items').pluck().get()).toBe(0);
    db.close();
  });
});
