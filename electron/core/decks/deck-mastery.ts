import type Database from 'better-sqlite3';
import type { Mastery } from '../domain/types.js';
import { failedTodayCte, knownSql, type KnownParams } from '../mastery/known-sql.js';
import { oneRow } from '../db/typed-statements.js';
import { cached } from '../db/statement-cache.js';
import { deckWriteStamps } from '../stats/deck-stamps.js';
import { knownKey } from '../stats/kept-card-figures.js';

/** One deck's figures as read on some connection, with its write counter then (prepared-figures.ts hands them over). */
export interface DeckMasteryFigures {
  deckId: string;
  stamp: number;
  mastery: Mastery;
}

/** Per connection: the known parameters the kept figures were read with, and each deck's figures with its write counter then. */
const kept = new WeakMap<Database.Database, { params: string; decks: Map<string, Omit<DeckMasteryFigures, 'deckId'>> }>();

/**
 * Each deck's active (not suspended, not retired) cards: their mean known
 * value at the horizon (mastery/known-sql.ts), how many there are and how
 * many were seen. A deck's figures are kept until its write counter
 * (deck_card_writes, migration 0018) moves or the parameters change (a new
 * day, new weights, another horizon); only the decks whose counter moved are
 * read again, each from the cards_deck_known index alone. So the Decks and
 * Today screens pass over the cards once a day and then over the decks
 * studied since, never over the whole collection on every call; and when
 * the worker that prepares the Stats figures after opening got there first
 * (`adoptDeckMastery`), not even once on the app's thread.
 */
export function deckMastery(db: Database.Database, known: KnownParams): Map<string, Mastery> {
  return db.transaction(() => {
    const stamps = deckWriteStamps(db);
    const decks = entryFor(db, knownKey(known)).decks;
    for (const { deckId, stamp } of stamps) {
      if (decks.get(deckId)?.stamp !== stamp) decks.set(deckId, { stamp, mastery: readDeckMastery(db, deckId, known) });
    }
    const current = new Set(stamps.map((s) => s.deckId));
    for (const id of decks.keys()) if (!current.has(id)) decks.delete(id);
    return new Map([...decks].map(([id, k]) => [id, k.mastery]));
  })();
}

/** One deck's figures now, with the statement every connection reads them with (the same sums wherever they are read). */
export function readDeckMastery(db: Database.Database, deckId: string, known: KnownParams): Mastery {
  const one = cached<{ total: number; seen: number; known_sum: number }, [KnownParams & { deckId: string }]>(
    db,
    `WITH ${failedTodayCte}
     SELECT count(*) AS total, coalesce(sum(state > 0), 0) AS seen, coalesce(sum(${knownSql()}), 0) AS known_sum
     FROM cards INDEXED BY cards_deck_known WHERE deck_id = @deckId AND retired = 0 AND suspended = 0`,
  );
  const r = oneRow(one.get({ ...known, deckId }));
  return { known: r.total ? r.known_sum / r.total : 0, total: r.total, seen: r.seen };
}

/**
 * Keeps figures read on another connection of the same file (the Stats
 * worker's, with the known parameters keyed `params`): a deck's are used only
 * while its write counter stands where it was read, so a deck written to
 * since is simply read again, and figures this connection read later win.
 */
export function adoptDeckMastery(db: Database.Database, params: string, decks: readonly DeckMasteryFigures[]): void {
  const entry = entryFor(db, params);
  for (const d of decks) if (!((entry.decks.get(d.deckId)?.stamp ?? -1) >= d.stamp)) entry.decks.set(d.deckId, { stamp: d.stamp, mastery: d.mastery });
}

function entryFor(db: Database.Database, params: string) {
  let entry = kept.get(db);
  if (!entry || entry.params !== params) kept.set(db, (entry = { params, decks: new Map() }));
  return entry;
}
