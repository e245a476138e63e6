import type { LineCell } from '../../../../electron/api/wire-types';

/** How a cell's mastery reads: "—" before any card exists, else the share remembered now. */
export function masteryText(cell: Pick<LineCell, 'mastery' | 'facts' | 'factsStudied'>): string {
  if (cell.mastery === null) return 'no cards';
  if (cell.factsStudied === 0) return 'not studied';
  return `${Math.round(cell.mastery * 100)}% known`;
}

/** The cell's accessible name: where it sits, who owns it and how well it is known. */
export function cellLabel(cell: LineCell, layer: string, service: string, owner: string): string {
  return `${service}, ${layer}: ${owner}. ${masteryText(cell)}, ${cell.factsStudied} of ${cell.facts} ${cell.facts === 1 ? 'fact' : 'facts'} studied.`;
}
