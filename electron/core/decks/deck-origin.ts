/**
 * Where a deck came from, as the learner is told: shipped with the app, brought
 * in by an import (or a sync of one), or made by the learner (`New deck…`).
 *
 * The table's `origin` column holds 'builtin' or 'imported' (its CHECK predates
 * decks of one's own). A deck the learner makes lives in its own id namespace,
 * `my-…` (cards/card-authoring.ts), which no import can write (imports use
 * `import-`, `anki-`, `deck-`) and no built-in deck uses, and it keeps that id
 * on every machine it syncs to: the namespace is the record of its origin.
 */
/** The id prefix of decks made by the learner. */
export const createdDeckPrefix = 'my-';

/** SQL for a deck row's origin as the learner is told it; `alias` is the decks table's alias in the query. */
export function deckOriginSql(alias = 'decks'): string {
  return `CASE WHEN ${alias}.origin = 'imported' AND substr(${alias}.id, 1, ${createdDeckPrefix.length}) = '${createdDeckPrefix}' THEN 'created' ELSE ${alias}.origin END`;
}
