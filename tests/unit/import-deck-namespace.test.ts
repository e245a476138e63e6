// Deck takeover: an imported file can never change a built-in deck or a
// deck another kind of file created, and the preview says exactly what the
// import will add, update and retire before anything is written.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { parseImport, writeParsedImport } from '../../electron/core/importing/import-file.js';
import { isImportedDeckId } from '../../electron/core/importing/import-model.js';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { smallCollection } from '../fixtures/hostile-anki.js';
import { decksDir, dumpTables, tempDir } from '../helpers/test-collection.js';

let c: Collection | null = null;
afterEach(() => {
  c?.close();
  c = null;
});

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const deckFile = (id: string, title: string, cards: { id: string; front: string }[]) => ({
  format: 'demarc-deck/1',
  id,
  title,
  serviceType: 'core',
  description: 'x',
  cards: cards.map((card) => ({ id: card.id, kind: 'basic', front: card.front, back: 'b', source: 'x.txt' })),
});
const deckRows = (db: ReturnType<typeof databaseOf>, id: string) => dumpTables(db, ['decks', 'cards']).cards!.filter((row) => (row as { deck_id: string }).deck_id === id);

describe('an imported deck cannot take over another deck', () => {
  it('a deck file saying "id": "core-model" leaves the built-in deck as it was, after a restart too, and says so in the preview', () => {
    const file = path.join(tempDir(), 'c.sqlite');
    c = Collection.open({ file, builtinDecksDir: decksDir });
    const builtinCards = deckRows(databaseOf(c), 'core-model');
    const builtinDeck = databaseOf(c).prepare("SELECT * FROM decks WHERE id = 'core-model'").get();
    expect(builtinCards.length).toBeGreaterThan(30);
    const hostile = json(deckFile('core-model', 'Taken over', [{ id: 'x', front: 'Replaced' }]));

    const preview = c.previewImport('takeover.json', hostile, {});
    expect(preview.decks).toEqual([{ id: 'deck-core-model', title: 'Taken over', cards: 1 }]);
    expect(preview.changes).toEqual({ added: 1, updated: 0, unchanged: 0, retired: 0, existingDecks: [] });
    const summary = c.runImport('takeover.json', hostile, {});
    expect(summary).toMatchObject({ added: 1, updated: 0, retired: 0, decks: [{ id: 'deck-core-model' }] });

    c.close();
    c = Collection.open({ file, builtinDecksDir: decksDir });
    expect(deckRows(databaseOf(c), 'core-model')).toEqual(builtinCards);
    expect(databaseOf(c).prepare("SELECT * FROM decks WHERE id = 'core-model'").get()).toEqual(builtinDeck);
  });

  it('a deck file naming a CSV or an Anki deck\'s id makes a deck of its own', () => {
    c = Collection.open({ file: ':memory:' });
    c.runImport('Notes.csv', Buffer.from('front,back\nA,1\nB,2\n'), {});
    c.runImport('hostile.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki21': buildCollection(smallCollection(), 11) } })), {});
    const before = { csv: deckRows(databaseOf(c), 'import-notes'), anki: deckRows(databaseOf(c), 'anki-hostile') };
    expect(before.csv).toHaveLength(2);
    expect(before.anki).toHaveLength(3);
    for (const id of ['import-notes', 'anki-hostile']) {
      const s = c.runImport(`${id}.json`, json(deckFile(id, 'Mine now', [{ id: 'x', front: 'Replaced' }])), {});
      expect(s.decks).toEqual([{ id: `deck-${id}`, title: 'Mine now' }]);
    }
    expect({ csv: deckRows(databaseOf(c), 'import-notes'), anki: deckRows(databaseOf(c), 'anki-hostile') }).toEqual(before);
    // An Anki deck and a CSV deck of the same title are two decks too.
    c.runImport('Hostile.csv', Buffer.from('front,back\nC,3\n'), {});
    expect(deckRows(databaseOf(c), 'anki-hostile')).toEqual(before.anki);
    expect(deckRows(databaseOf(c), 'import-hostile')).toHaveLength(1);
  });

  it('refuses, as a last check, a parsed file aimed at a built-in deck', () => {
    c = Collection.open({ file: ':memory:', builtinDecksDir: decksDir });
    const parsed = parseImport(c.importTarget(), 'mine.json', json(deckFile('mine', 'Mine', [{ id: 'x', front: 'Replaced' }])), {});
    parsed.decks[0]!.id = 'core-model';
    const before = dumpTables(databaseOf(c));
    expect(() => writeParsedImport(c!.importTarget(), parsed)).toThrow(expect.objectContaining({ code: ErrorCode.conflict, message: expect.stringMatching(/is not an imported deck/) }));
    expect(dumpTables(databaseOf(c))).toEqual(before);
  });

  it('no built-in deck id lies in an import namespace', () => {
    c = Collection.open({ file: ':memory:', builtinDecksDir: decksDir });
    const ids = databaseOf(c).prepare("SELECT id FROM decks WHERE origin = 'builtin'").pluck().all() as string[];
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids.filter(isImportedDeckId)).toEqual([]);
  });
});

describe('the preview says what will change', () => {
  it('counts added, updated, unchanged and retired cards of a re-imported deck, exactly as the import then does', () => {
    c = Collection.open({ file: ':memory:' });
    const first = deckFile('notes', 'My notes', [
      { id: 'a', front: 'A' },
      { id: 'b', front: 'B' },
      { id: 'c', front: 'C' },
    ]);
    c.runImport('notes.json', json(first), {});
    const second = deckFile('notes', 'My notes', [
      { id: 'a', front: 'A' },
      { id: 'b', front: 'B, changed' },
      { id: 'd', front: 'D' },
    ]);
    const preview = c.previewImport('notes.json', json(second), {});
    expect(preview.changes).toEqual({ added: 1, updated: 1, unchanged: 1, retired: 1, existingDecks: ['My notes'] });
    expect(c.runImport('notes.json', json(second), {})).toMatchObject({ added: 1, updated: 1, unchanged: 1, retired: 1 });
  });
});
