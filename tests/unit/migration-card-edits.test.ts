import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { migrate } from '../../electron/core/db/migrate.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { cardEdits } from '../../electron/core/db/migrations/0006-card-edits.js';

describe('migration card-edits', () => {
  it('dates existing cards from their deck, keeps every other column, and adds the notes and edit log tables', () => {
    const at = migrations.indexOf(cardEdits);
    expect(at).toBeGreaterThan(0);
    const db = openSqliteFile(':memory:');
    migrate(db, migrations.slice(0, at));
    db.exec(`
      INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('d', 'Deck', 'iaas', 'builtin', 12345);
      INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, state, due, stability, tags)
        VALUES (1, 'd', 'd', 'k1', 'n1', 'basic', '{"kind":"basic","front":"f","back":"b"}', 1, 2, 1000, 3.5, 'x y');
    `);
    const before = db.prepare('SELECT * FROM cards').get() as Record<string, unknown>;
    migrate(db, migrations.slice(0, at + 1));
    expect(db.prepare('SELECT * FROM cards').get()).toEqual({ ...before, added_at: 12345 });
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('authored_notes', 'edit_batches', 'card_edits') ORDER BY name").pluck().all();
    expect(tables).toEqual(['authored_notes', 'card_edits', 'edit_batches']);
    expect(() => db.prepare("INSERT INTO authored_notes (note_key, type, fields, created_at, updated_at) VALUES ('n', 'flashcard', '{}', 0, 0)").run()).toThrow(/CHECK/);
  });
});
