import type Database from 'better-sqlite3';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { ServiceType } from '../domain/types.js';
import type { StatsPeriod, StatsScope } from './stats-types.js';

/** The decks a report covers, and every deck's service type (the matrix groups by it). */
export interface ResolvedScope {
  /** Deck ids in scope; null = every deck (no filter). */
  deckIds: string[] | null;
  serviceTypeOf: Map<string, ServiceType>;
}

export function resolveScope(db: Database.Database, scope: StatsScope): ResolvedScope {
  const decks = db.prepare<unknown[], { id: string; serviceType: ServiceType }>('SELECT id, service_type AS serviceType FROM decks').all();
  const serviceTypeOf = new Map(decks.map((d) => [d.id, d.serviceType]));
  if (scope.deckId !== undefined) {
    const type = serviceTypeOf.get(scope.deckId);
    if (type === undefined) throw new DemarcError(ErrorCode.notFound, `Deck ${scope.deckId} does not exist.`);
    if (scope.serviceType !== undefined && scope.serviceType !== type) return { deckIds: [], serviceTypeOf };
    return { deckIds: [scope.deckId], serviceTypeOf };
  }
  if (scope.serviceType !== undefined) return { deckIds: decks.filter((d) => d.serviceType === scope.serviceType).map((d) => d.id), serviceTypeOf };
  return { deckIds: null, serviceTypeOf };
}

/**
 * SQL condition restricting `column` to the scope's decks, bound as @decks
 * (a JSON array). Empty for the whole collection, so that unscoped queries
 * stay plain scans.
 */
export function deckCondition(scope: ResolvedScope, column: string): string {
  return scope.deckIds === null ? '' : `AND ${column} IN (SELECT value FROM json_each(@decks))`;
}

export function deckParams(scope: ResolvedScope): { decks?: string } {
  return scope.deckIds === null ? {} : { decks: JSON.stringify(scope.deckIds) };
}

/** Study days (inclusive) a period covers, ending today. "all" starts at the first day with reviews. */
export function periodStart(period: StatsPeriod, today: number, firstReviewDay: number | null): number {
  switch (period) {
    case '1m':
      return today - 29;
    case '3m':
      return today - 89;
    case '1y':
      return today - 364;
    case 'all':
      return Math.min(today, firstReviewDay ?? today);
  }
}
