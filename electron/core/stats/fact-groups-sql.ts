import type Database from 'better-sqlite3';
import type { CardGroupRow } from './card-overview.js';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';
import { hasMemorySql, retrievabilitySql, type RetrievabilityParams } from './retrievability-sql.js';

/**
 * Responsibility knowledge counted by fact, not by card: the cards of one
 * note (a fact group, or an imported note's siblings) are one fact in their
 * deck, studied when any of them is and remembered as well as the best of
 * them. Five ways of asking about the EC2 guest OS are one thing to know.
 * Rows have the shape of the card overview, one "card" per fact.
 */
export function readResponsibilityFacts(db: Database.Database, scope: ResolvedScope, params: RetrievabilityParams): CardGroupRow[] {
  return db
    .prepare(
      `SELECT deckId, owner, state, 0 AS suspended, count(*) AS cards, sum(known) AS retrievabilitySum
       FROM (
         SELECT deck_id AS deckId, owner, max(state) AS state,
           max(CASE WHEN state > 0 AND ${hasMemorySql} THEN ${retrievabilitySql} END) AS known
         FROM cards WHERE retired = 0 AND owner IS NOT NULL ${deckCondition(scope, 'deck_id')}
         GROUP BY deck_id, owner, note_key
       )
       GROUP BY deckId, owner, state`,
    )
    .all({ ...params, ...deckParams(scope) }) as CardGroupRow[];
}
