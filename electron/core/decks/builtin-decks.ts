import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deckFileToInput, parseDeckFile } from './deck-file.js';
import { DeckWriter } from './deck-writer.js';
import type { WriteConnection } from '../db/collection-door.js';

/**
 * Loads the decks shipped in `decks/*.json`. A deck is rewritten only when its
 * file changed since the last start (hash kept in `meta`), so a normal start
 * costs ten small file reads.
 */
export function syncBuiltinDecks(db: WriteConnection, dir: string, now: number): { changed: string[] } {
  if (!fs.existsSync(dir)) return { changed: [] };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
  const getHash = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const setHash = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const writer = new DeckWriter(db);
  const changed: string[] = [];
  db.transaction(() => {
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      const deck = parseDeckFile(text, file);
      const key = `builtin-hash:${deck.id}`;
      if (getHash.get(key) === hash) continue;
      writer.write(deckFileToInput(deck, 'builtin'), now, { retireMissing: true });
      setHash.run(key, hash);
      changed.push(deck.id);
    }
  }).immediate();
  return { changed };
}
