import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deckFileToInput, parseDeckFile } from './deck-file.js';
import { DeckWriter } from './deck-writer.js';
import type { WriteConnection } from '../db/collection-door.js';

/**
 * Loads the decks shipped in `decks/*.json`. A deck is rewritten only when its
 * file changed since the last start (hash kept in `meta`), so a normal start
 * costs ten small file reads and their hashes: a file whose hash is already
 * kept for a deck is not even parsed (the same text names the same deck).
 * Parsing is what a start would otherwise pay: about 100 ms of a fresh
 * process's first open, most of it compiling the deck file's schema.
 */
export function syncBuiltinDecks(db: WriteConnection, dir: string, now: number): { changed: string[] } {
  if (!fs.existsSync(dir)) return { changed: [] };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
  const knownHash = db.prepare("SELECT 1 FROM meta WHERE key LIKE 'builtin-hash:%' AND value = ?").pluck();
  const setHash = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const writer = new DeckWriter(db);
  const changed: string[] = [];
  db.transaction(() => {
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      if (knownHash.get(hash) !== undefined) continue;
      const deck = parseDeckFile(text, file);
      const key = `builtin-hash:${deck.id}`;
      writer.write(deckFileToInput(deck, 'builtin'), now, { retireMissing: true });
      setHash.run(key, hash);
      changed.push(deck.id);
    }
  }).immediate();
  return { changed };
}
