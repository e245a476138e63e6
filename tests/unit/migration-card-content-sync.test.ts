import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { migrate } from '../../electron/core/db/migrate.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { cardContentSync } from '../../electron/core/db/migrations/0009-card-content-sync.js';

describe('migration card-content-sync', () => {
  it('marks what was made before it (decks, notes and cards of ones own) to travel, and never a built-in deck or its cards', () => {
    const at = migrations.indexOf(cardContentSync);
    const db = openSqliteFile(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, at));
    db.exec(`
      INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('iaas-ec2', 'EC2', 'iaas', 'builtin', 0), ('import-mine', 'Mine', 'custom', 'imported', 0);
      INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position)
        VALUES (1, 'iaas-ec2', 'iaas-ec2', 'b1', 'b1', 'basic', '{"kind":"basic","front":"f","back":"b"}', 1),
               (2, 'import-mine', 'import-mine', 'm1', 'm1', 'basic', '{"kind":"basic","front":"f","back":"b"}', 2),
               (3, 'iaas-ec2', 'authored', 'note-1-0', 'note-1', 'basic', '{"kind":"basic","front":"f","back":"b"}', 3);
      INSERT INTO authored_notes (note_key, type, fields, created_at, updated_at) VALUES ('note-1', 'basic', '{"type":"basic","front":"f","back":"b"}', 0, 0);
    `);
    const cardsBefore = db.prepare('SELECT * FROM cards ORDER BY id').all();
    migrate(db, migrations.slice(0, at + 1));
    expect(db.prepare('SELECT * FROM cards ORDER BY id').all()).toEqual(cardsBefore);
    expect(db.prepare('SELECT kind, ref, key, deck_id AS deckId FROM sync_content_dirty ORDER BY kind, ref, key').all()).toEqual([
      { kind: 'card', ref: 'authored', key: 'note-1-0', deckId: 'iaas-ec2' },
      { kind: 'card', ref: 'import-mine', key: 'm1', deckId: 'import-mine' },
      { kind: 'deck', ref: 'import-mine', key: '', deckId: null },
      { kind: 'note', ref: 'note-1', key: '', deckId: null },
    ]);

    // From now on the triggers mark changes; a built-in card's edit (an app upgrade rewriting it) is not one.
    db.exec('DELETE FROM sync_content_dirty');
    db.exec(`UPDATE cards SET content = '{"kind":"basic","front":"g","back":"b"}' WHERE id IN (1, 2)`);
    db.exec("UPDATE cards SET tags = 'x' WHERE id = 2");
    expect(db.prepare('SELECT ref, key FROM sync_content_dirty').all()).toEqual([{ ref: 'import-mine', key: 'm1' }]);
    // An upsert around a trigger's insert does not turn its "already marked" into a failure.
    db.exec(`INSERT INTO authored_notes (note_key, type, fields, created_at, updated_at) VALUES ('note-1', 'basic', '{"type":"basic","front":"h","back":"b"}', 0, 1)
      ON CONFLICT (note_key) DO UPDATE SET fields = excluded.fields`);
    db.exec(`INSERT INTO authored_notes (note_key, type, fields, created_at, updated_at) VALUES ('note-1', 'basic', '{"type":"basic","front":"i","back":"b"}', 0, 1)
      ON CONFLICT (note_key) DO UPDATE SET fields = excluded.fields`);
    expect(db.prepare("SELECT count(*) FROM sync_content_dirty WHERE kind = 'note'").pluck().get()).toBe(1);
    db.close();
  });
});
