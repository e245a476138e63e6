import type Database from 'better-sqlite3';
import type { CardGroupRow } from './card-overview.js';
import { allDeckStamps } from './deck-stamps.js';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';
import { failedTodayCte, failedTodaySql, knownSql, type KnownParams } from '../mastery/known-sql.js';

/**
 * Responsibility knowledge is counted by fact, not by card: the cards of one
 * note in a deck (a fact group, or an imported note's siblings) are one fact,
 * studied when any of them is and known as well as the best of them (not at
 * all when one of them was failed today).
 * Five ways of asking about the EC2 guest OS are one thing to know.
 *
 * Most notes have a single card, so rather than grouping every card this
 * reads corrections for the notes with several: each of their cards is taken
 * back out of the card counts (cards -1) and each fact put in once (cards +1).
 * Added to the card overview's rows, they give counts by fact.
 */
export function readFactCorrections(db: Database.Database, scope: ResolvedScope, params: KnownParams): CardGroupRow[] {
  return db
    .prepare<unknown[], CardGroupRow>(
      `WITH ${failedTodayCte},
       shared_notes AS (
         SELECT note_key FROM cards WHERE retired = 0 AND owner IS NOT NULL GROUP BY note_key HAVING count(*) > 1
       ),
       members AS (
         SELECT deck_id AS deckId, owner, note_key, state, ${knownSql()} AS known, ${failedTodaySql()} AS failed
         FROM cards
         WHERE retired = 0 AND owner IS NOT NULL AND note_key IN shared_notes ${deckCondition(scope, 'deck_id')}
       )
       SELECT deckId, owner, state, 0 AS suspended, -1 AS cards, -known AS knownSum FROM members
       UNION ALL
       SELECT deckId, owner, max(state), 0, 1, CASE WHEN max(failed) THEN 0 ELSE max(known) END FROM members GROUP BY note_key, deckId, owner`,
    )
    .all({ ...params, ...deckParams(scope) });
}

/** Per connection: the last corrections read for each scope, with the known parameters and every deck's write counter then. */
const kept = new WeakMap<Database.Database, Map<string, { key: string; rows: CardGroupRow[] }>>();
const keptScopes = 8;

/**
 * `readFactCorrections`, kept until a write counter of any deck moves
 * (deck_card_writes, moved by a trigger on every write to a card or its log
 * rows) or the known parameters change: which notes have several cards
 * depends on every deck, so any write reads them again; a report that
 * follows no write reads nothing.
 */
export function keptFactCorrections(db: Database.Database, scope: ResolvedScope, params: KnownParams): CardGroupRow[] {
  const key = factCorrectionsKey(db, params);
  const hit = kept.get(db)?.get(JSON.stringify(scope.deckIds));
  if (hit?.key === key) return hit.rows;
  const rows = readFactCorrections(db, scope, params);
  adoptFactCorrections(db, scope.deckIds, key, rows);
  return rows;
}

/** The known parameters and every deck's write counter: corrections read under another key are read again. */
export function factCorrectionsKey(db: Database.Database, params: KnownParams): string {
  return `${params.knownAt}:${params.knownToday}:${params.knownFactor}:${params.knownDecay}|${allDeckStamps(db)}`;
}

/** Keeps corrections read under `key` (here, or on a worker's connection of the same file) for the scope of `deckIds`. */
export function adoptFactCorrections(db: Database.Database, deckIds: readonly string[] | null, key: string, rows: CardGroupRow[]): void {
  let scopes = kept.get(db);
  if (!scopes) kept.set(db, (scopes = new Map()));
  const scopeKey = JSON.stringify(deckIds);
  scopes.delete(scopeKey);
  scopes.set(scopeKey, { key, rows });
  if (scopes.size > keptScopes) scopes.delete(scopes.keys().next().value as string);
}
