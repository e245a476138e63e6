import type Database from 'better-sqlite3';
import type { KnownParams } from '../mastery/known-sql.js';
import type { CardGroupRow } from './card-overview.js';
import { keptFactCorrections } from './fact-groups-sql.js';
import { readFutureDue } from './future-due.js';
import { keptCardFigures } from './kept-card-figures.js';
import { keptRetrievabilityBins } from './kept-retrievability.js';
import { memoryHistogramsFrom, retrievabilityBins } from './memory-stats.js';
import { keptConfusedCards, readWrongPicks, type ConfusedCardRow, type WrongPickRow } from './owner-confusions.js';
import type { RetrievabilityParams } from './retrievability-sql.js';
import type { ResolvedScope } from './stats-scope.js';
import type { StatsReport } from './stats-types.js';

/**
 * Where the Stats report's card figures come from. The report reads them
 * from what is kept (aggregates, indexes, per-deck figures); the tests read
 * them again with plain passes over the cards and the log and compare.
 */
export interface StatsSources {
  cardGroups(db: Database.Database, scope: ResolvedScope, known: KnownParams): CardGroupRow[];
  memory(db: Database.Database, scope: ResolvedScope, known: KnownParams, curve: RetrievabilityParams): Pick<StatsReport['memory'], 'stability' | 'difficulty' | 'retrievability' | 'studied'>;
  futureDue(db: Database.Database, scope: ResolvedScope, edges: readonly number[]): number[];
  confusedCards(db: Database.Database, scope: ResolvedScope, from: number, to: number): ConfusedCardRow[];
  wrongPicks(db: Database.Database, cardIds: readonly number[], from: number, to: number): WrongPickRow[];
  factCorrections(db: Database.Database, scope: ResolvedScope, known: KnownParams): CardGroupRow[];
}

export const keptSources: StatsSources = {
  cardGroups: (db, scope, known) => keptCardFigures(db, scope, known).groups,
  memory: (db, scope, known, curve) =>
    memoryHistogramsFrom(keptCardFigures(db, scope, known).memory, { bins: retrievabilityBins.map((_, i) => i), counts: keptRetrievabilityBins(db, scope, curve) }),
  futureDue: readFutureDue,
  confusedCards: keptConfusedCards,
  wrongPicks: readWrongPicks,
  factCorrections: keptFactCorrections,
};
