import { owners, serviceTypes, type ServiceType } from '../domain/types.js';
import type { CardGroupRow } from './card-overview.js';
import type { OwnerAnswerRow } from './answer-rows.js';
import type { MatrixCell, StatsReport } from './stats-types.js';

/**
 * Who-owns-what knowledge per service type and owner: how many responsibility
 * facts there are, how many were studied, how well they are known at the
 * horizon (mastery/known-sql.ts, unseen facts counting 0), and how often the
 * owner was picked right in the period. Service types without responsibility cards are left out.
 */
export function responsibilityMatrixOf(
  cards: readonly CardGroupRow[],
  answers: readonly OwnerAnswerRow[],
  serviceTypeOf: ReadonlyMap<string, ServiceType>,
): StatsReport['matrix'] {
  const table = new Map<ServiceType, Map<string, MatrixCell & { knownSum: number }>>();
  const cellOf = (deckId: string, owner: string) => {
    const type = serviceTypeOf.get(deckId);
    if (type === undefined) return undefined;
    let row = table.get(type);
    if (!row) {
      row = new Map(owners.map((o) => [o, { owner: o, cards: 0, studied: 0, known: 0, answered: 0, right: 0, knownSum: 0 }]));
      table.set(type, row);
    }
    return row.get(owner);
  };
  for (const g of cards) {
    if (g.owner === null) continue;
    const cell = cellOf(g.deckId, g.owner);
    if (!cell) continue;
    cell.cards += g.cards;
    if (g.state > 0) cell.studied += g.cards;
    cell.knownSum += g.knownSum;
  }
  for (const a of answers) {
    // Answers count only where the service type still has responsibility cards in scope.
    const serviceType = serviceTypeOf.get(a.deckId);
    if (serviceType === undefined || !table.has(serviceType)) continue;
    const cell = cellOf(a.deckId, a.owner);
    if (!cell) continue;
    cell.answered += a.answers;
    cell.right += a.correct;
  }
  return serviceTypes
    .filter((t) => table.has(t))
    .map((serviceType) => ({
      serviceType,
      cells: [...(table.get(serviceType)?.values() ?? [])].map(({ knownSum, ...cell }) => ({
        ...cell,
        known: cell.cards > 0 ? knownSum / cell.cards : 0,
      })),
    }));
}
