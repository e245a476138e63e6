import type { LearnerAction } from '../../electron/core/review/answer-check.js';
import type { CardContent, Owner } from '../../electron/core/domain/types.js';

/** What a learner who knows the card does: picks its owner, chooses its options, or reveals it. */
export function rightAction(card: { content: CardContent }): LearnerAction {
  const c = card.content;
  if (c.kind === 'responsibility') return { pickedOwner: c.owner };
  if (c.kind === 'choice') return { chosenOptions: [...c.answer] };
  return { revealed: true };
}

/** What a learner who gets the card wrong does (a flipped card has no wrong pick: it is revealed). */
export function wrongAction(card: { content: CardContent }): LearnerAction {
  const c = card.content;
  if (c.kind === 'responsibility') return { pickedOwner: (['aws', 'customer', 'shared'] as Owner[]).find((o) => o !== c.owner)! };
  if (c.kind === 'choice') {
    const wrong = c.options.map((_, i) => i).find((i) => !c.answer.includes(i)) ?? 0;
    return { chosenOptions: c.answer.length === 1 ? [wrong] : [...c.answer, wrong].slice(0, c.options.length) };
  }
  return { revealed: true };
}
