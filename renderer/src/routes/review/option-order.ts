import type { StudyCard } from '../../../../electron/api/wire-types';

/** The file indexes of a choice card's options in the order shown; the file's own order when the back end sent none. */
export function shownOrder(card: StudyCard): number[] {
  if (card.content.kind !== 'choice') return [];
  return card.optionOrder ?? card.content.options.map((_, i) => i);
}

/** The file index of the option shown at a position (key 1 is position 0), or -1 past the end. */
export function fileIndexAt(card: StudyCard, shownPosition: number): number {
  return shownOrder(card)[shownPosition] ?? -1;
}
