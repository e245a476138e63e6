// The built-in decks at start: a deck whose file changed is written again,
// the others are left as they are (their files are hashed, not parsed).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { syncBuiltinDecks } from '../../electron/core/decks/builtin-decks.js';
import { decksDir, tempDir } from '../helpers/test-collection.js';
import { databaseOf, writeConnectionOf } from '../helpers/collection-database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped deck files, to change. */
function deckFolder(): string {
  const dir = tempDir('demarc-builtin-');
  dirs.push(dir);
  const decks = path.join(dir, 'decks');
  fs.cpSync(decksDir, decks, { recursive: true });
  return decks;
}

const now = Date.UTC(2026, 0, 5, 12);

describe('built-in decks at start', () => {
  it('writes again only the deck whose file changed, with the change', () => {
    const decks = deckFolder();
    const collection = Collection.open({ file: ':memory:', builtinDecksDir: decks, now: () => now });
    const db = databaseOf(collection);
    const sync = () => syncBuiltinDecks(writeConnectionOf(db), decks, now).changed;
    expect(sync()).toEqual([]);

    const file = path.join(decks, 'shared-controls.json');
    const deck = JSON.parse(fs.readFileSync(file, 'utf8')) as { cards: { id: string; prompt: string }[] };
    deck.cards[0]!.prompt = 'Patch management across an AWS deployment, in every layer';
    fs.writeFileSync(file, JSON.stringify(deck, null, 2));
    expect(sync()).toEqual(['shared-controls']);
    const content = db.prepare("SELECT content FROM cards WHERE deck_id = 'shared-controls' AND key = ?").pluck().get(deck.cards[0]!.id) as string;
    expect(JSON.parse(content)).toMatchObject({ prompt: 'Patch management across an AWS deployment, in every layer' });
    expect(sync()).toEqual([]);
    collection.close();
  });

  it('a file put back as it was shipped is written again (its hash is kept per deck, the newest only)', () => {
    const decks = deckFolder();
    const collection = Collection.open({ file: ':memory:', builtinDecksDir: decks, now: () => now });
    const db = databaseOf(collection);
    const sync = () => syncBuiltinDecks(writeConnectionOf(db), decks, now).changed;
    const file = path.join(decks, 'iaas-ec2.json');
    const shipped = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, shipped.replace('"title": "', '"title": "Changed: '));
    expect(sync()).toEqual(['iaas-ec2']);
    fs.writeFileSync(file, shipped);
    expect(sync()).toEqual(['iaas-ec2']);
    expect(db.prepare("SELECT title FROM decks WHERE id = 'iaas-ec2'").pluck().get()).not.toMatch(/^Changed/);
    collection.close();
  });
});
