import type { LineCell, LineCellCard } from '../../../../electron/api/wire-types';
import { percent } from '../../lib/format/mastery-text';

/** How a cell's mastery reads: the share known at the horizon (unseen facts count 0), or that it has no cards. */
export function masteryText(cell: Pick<LineCell, 'mastery'>): string {
  if (cell.mastery === null) return 'no cards';
  return `${percent(cell.mastery)} known`;
}

/** How many of the cell's facts were seen, beside the share known. */
export function seenText(cell: Pick<LineCell, 'facts' | 'factsStudied'>): string {
  return `${cell.factsStudied}/${cell.facts} seen`;
}

/** One card of a cell: new, failed today, or its predicted recall at the horizon. */
export function cardRecallText(card: Pick<LineCellCard, 'recall' | 'failedToday'>, horizon: string): string {
  if (card.recall === null) return 'new: not known';
  if (card.failedToday) return 'wrong today: not known';
  return `${percent(card.recall)} predicted ${horizon}`;
}

/** The cell's accessible name: where it sits, then its visible text (owner, share known, facts seen), so what is seen is what is announced. */
export function cellLabel(cell: LineCell, layer: string, service: string, owner: string): string {
  return `${service}, ${layer}: ${owner} ${masteryText(cell)} · ${seenText(cell)}`;
}
