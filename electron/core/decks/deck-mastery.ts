import type Database from 'better-sqlite3';
import type { Mastery } from '../domain/types.js';
import { failedTodayCte, knownSql, type KnownParams } from '../mastery/known-sql.js';
import { oneRow } from '../db/typed-statements.js';
import { deckWriteStamps } from '../stats/deck-stamps.js';

interface KeptMastery {
  stamp: number;
  mastery: Mastery;
}

/** Per connection: the known parameters the kept figures were read with, and each deck's figures with its write counter then. */
const kept = new WeakMap<Database.Database, { params: string; decks: Map<string, KeptMastery> }>();

/**
 * Each deck's active (not suspended, not retired) cards: their mean known
 * value at the horizon (mastery/known-sql.ts), how many there are and how
 * many were seen. A deck's figures are kept until its write counter
 * (deck_card_writes, migration 0018) moves or the parameters change (a new
 * day, new weights, another horizon); only the decks whose counter moved are
 * read again, each from the cards_deck_known index alone. So the Decks and
 * Today screens pass over the cards once a day and then over the decks
 * studied since, never over the whole collection on every call.
 */
export function deckMastery(db: Database.Database, known: KnownParams): Map<string, Mastery> {
  return db.transaction(() => {
    const stamps = deckWriteStamps(db);
    const params = `${known.knownAt}:${known.knownToday}:${known.knownFactor}:${known.knownDecay}`;
    let entry = kept.get(db);
    if (!entry || entry.params !== params) kept.set(db, (entry = { params, decks: new Map() }));
    const decks = entry.decks;
    const stale = stamps.filter((s) => decks.get(s.deckId)?.stamp !== s.stamp);
    if (stale.length > 0) {
      const one = db.prepare<[KnownParams & { deckId: string }], { total: number; seen: number; known_sum: number }>(
        `WITH ${failedTodayCte}
         SELECT count(*) AS total, coalesce(sum(state > 0), 0) AS seen, coalesce(sum(${knownSql()}), 0) AS known_sum
         FROM cards INDEXED BY cards_deck_known WHERE deck_id = @deckId AND retired = 0 AND suspended = 0`,
      );
      for (const { deckId, stamp } of stale) {
        const r = oneRow(one.get({ ...known, deckId }));
        decks.set(deckId, { stamp, mastery: { known: r.total ? r.known_sum / r.total : 0, total: r.total, seen: r.seen } });
      }
    }
    const current = new Set(stamps.map((s) => s.deckId));
    for (const id of decks.keys()) if (!current.has(id)) decks.delete(id);
    return new Map([...decks].map(([id, k]) => [id, k.mastery]));
  })();
}
