// The Stats report's card figures read again with plain passes over every card and the log (no kept figures, slots or
// wrong-pick indexes): what the kept sources must equal.
import type Database from 'better-sqlite3';
import type { Collection } from '../../electron/core/collection.js';
import { readCardGroups } from '../../electron/core/stats/card-overview.js';
import { computeStats } from '../../electron/core/stats/compute-stats.js';
import { readFactCorrections } from '../../electron/core/stats/fact-groups-sql.js';
import { futureDueOf, readDueTimes } from '../../electron/core/stats/future-due.js';
import { memoryHistogramsOf, readMemoryBins } from '../../electron/core/stats/memory-stats.js';
import { confusionLimit, type ConfusedCardRow, type WrongPickRow } from '../../electron/core/stats/owner-confusions.js';
import { deckCondition, deckParams, type ResolvedScope } from '../../electron/core/stats/stats-scope.js';
import type { StatsSources } from '../../electron/core/stats/stats-sources.js';
import type { StatsRange } from '../../electron/core/stats/stats-range.js';
import type { StatsPeriod, StatsReport, StatsScope } from '../../electron/core/stats/stats-types.js';
import { databaseOf } from './collection-database.js';

function confusedByScan(db: Database.Database, scope: ResolvedScope, from: number, to: number): ConfusedCardRow[] {
  return db
    .prepare(
      `WITH wrong AS MATERIALIZED (
         SELECT card_id, count(*) AS wrong FROM review_log NOT INDEXED
         WHERE correct = 0 AND picked_owner IS NOT NULL AND day BETWEEN @from AND @to
         GROUP BY card_id)
       SELECT w.card_id AS cardId, w.wrong, c.owner, c.service, c.content
       FROM wrong w JOIN cards c ON c.id = w.card_id
       WHERE c.retired = 0 AND c.owner IS NOT NULL ${deckCondition(scope, 'c.deck_id')}
       ORDER BY w.wrong DESC, w.card_id LIMIT ${confusionLimit}`,
    )
    .all({ from, to, ...deckParams(scope) }) as ConfusedCardRow[];
}

function wrongPicksByScan(db: Database.Database, cardIds: readonly number[], from: number, to: number): WrongPickRow[] {
  if (cardIds.length === 0) return [];
  return db
    .prepare(
      `SELECT card_id AS cardId, picked_owner AS pickedOwner, count(*) AS count FROM review_log NOT INDEXED
       WHERE correct = 0 AND picked_owner IS NOT NULL AND day BETWEEN @from AND @to AND card_id IN (SELECT value FROM json_each(@ids))
       GROUP BY card_id, picked_owner`,
    )
    .all({ from, to, ids: JSON.stringify(cardIds) }) as WrongPickRow[];
}

export const scanSources: StatsSources = {
  cardGroups: readCardGroups,
  memory: (db, scope, _known, curve) => {
    const bins = readMemoryBins(db, scope, curve);
    return memoryHistogramsOf(bins.packed, bins.counts);
  },
  futureDue: (db, scope, edges) => futureDueOf(readDueTimes(db, scope, edges.at(-1) as number), edges),
  confusedCards: confusedByScan,
  wrongPicks: wrongPicksByScan,
  factCorrections: readFactCorrections,
};

/** The report the collection would give now, its card figures read by plain passes. */
export function statsByScan(collection: Collection, scope: StatsScope, period: StatsPeriod, range: StatsRange | null = null): StatsReport {
  // The collection's own inputs (settings, scheduler, clock) through its public report: only the sources differ.
  const inputs = (collection as unknown as { inputs(): Parameters<typeof computeStats>[0] }).inputs();
  return computeStats({ ...inputs, db: databaseOf(collection) }, scope, period, range, scanSources);
}

/** Floats to 12 significant digits: the kept figures add the same numbers, but a sum's last bit may depend on the order. */
export function roundedReport(x: unknown): unknown {
  if (typeof x === 'number') return Number.isInteger(x) ? x : Number(x.toPrecision(12));
  if (Array.isArray(x)) return x.map(roundedReport);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, roundedReport(v)]));
  return x;
}
