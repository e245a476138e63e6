import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { migrate } from '../../electron/core/db/migrate.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { deckPresets } from '../../electron/core/db/migrations/0008-deck-presets.js';

describe('migration deck-presets', () => {
  it('adds presets, a preset per deck (Default) and a flag per card, keeping every row', () => {
    const at = migrations.indexOf(deckPresets);
    const db = openSqliteFile(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, at));
    db.exec(`
      INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('d', 'Deck', 'iaas', 'builtin', 0);
      INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, state, due, stability, difficulty, reps, last_review)
        VALUES (1, 'd', 'd', 'k1', 'n1', 'basic', '{"kind":"basic","front":"f","back":"b"}', 1, 2, 1000, 3.5, 5.1, 2, 500);
    `);
    const cardBefore = db.prepare('SELECT * FROM cards').get() as Record<string, unknown>;
    migrate(db, migrations.slice(0, at + 1));
    const cardAfter = db.prepare('SELECT * FROM cards').get() as Record<string, unknown>;
    expect(cardAfter).toEqual({ ...cardBefore, flag: 0 });
    expect(db.prepare('SELECT preset_id FROM decks').pluck().get()).toBeNull();

    db.prepare("INSERT INTO presets (name, config) VALUES ('Exam', '{}')").run();
    db.prepare('UPDATE decks SET preset_id = 1').run();
    expect(() => db.prepare("INSERT INTO presets (name, config) VALUES ('exam', '{}')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO presets (name, config) VALUES ('Bad', 'not json')").run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE cards SET flag = 5').run()).toThrow(/CHECK/);
    // Deleting a preset sends its decks back to Default.
    db.prepare('DELETE FROM presets WHERE id = 1').run();
    expect(db.prepare('SELECT preset_id FROM decks').pluck().get()).toBeNull();
    db.close();
  });
});
