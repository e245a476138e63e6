import type Database from 'better-sqlite3';
import type { CardGroupRow } from './card-overview.js';
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
    .prepare(
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
    .all({ ...params, ...deckParams(scope) }) as CardGroupRow[];
}
