// The built-in decks as their files hold them, for the tests that check the
// teaching material itself (tests/unit/deck-*.test.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeckFile, DeckFileCard } from '../../electron/core/decks/deck-file.js';

export type ResponsibilityFileCard = Extract<DeckFileCard, { kind: 'responsibility' }>;
export type ChoiceFileCard = Extract<DeckFileCard, { kind: 'choice' }>;

export const decksDir = fileURLToPath(new URL('../../decks/', import.meta.url));

export const builtinDecks: readonly DeckFile[] = readdirSync(decksDir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(decksDir, f), 'utf8')) as DeckFile);

export const builtinCards: readonly { deck: string; card: DeckFileCard }[] = builtinDecks.flatMap((d) => d.cards.map((card) => ({ deck: d.id, card })));

export const responsibilityCards: readonly ResponsibilityFileCard[] = builtinCards.flatMap(({ card }) => (card.kind === 'responsibility' ? [card] : []));

export const isTrueFalse = (options: readonly string[]): boolean => options.length === 2 && options[0] === 'True' && options[1] === 'False';

/** The words a learner reads on a card, whatever its kind. */
export function learnerText(card: DeckFileCard): string[] {
  switch (card.kind) {
    case 'responsibility':
      return [card.prompt, card.explanation];
    case 'basic':
      return [card.front, card.back, card.explanation ?? ''];
    case 'choice':
      return [card.question, ...card.options, card.explanation];
  }
}
