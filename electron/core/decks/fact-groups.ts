import type { DeckInput } from './deck-input.js';

/*
 * Fact groups. Cards that test the same fact (the guest OS of an EC2 instance
 * asked five ways) share a group id in their deck file. A group is stored as
 * the cards' note key, the identity that sibling burying already uses: the
 * daily queue takes one card per note and an answer buries the note's other
 * cards for the day, so a group shows at most one card a day. Built-in groups
 * may span decks (the same fact in the core deck and in a scenario); an
 * imported deck's groups stay inside that deck, so a custom file cannot bury
 * built-in cards.
 */

const groupMark = 'group:';

export function noteKeyOf(deckId: string, card: { id: string; group?: string }, origin: DeckInput['origin']): string {
  if (!card.group) return `${deckId}/${card.id}`;
  return origin === 'builtin' ? `${groupMark}${card.group}` : `${deckId}/${groupMark}${card.group}`;
}

/** The group id a note key stands for, or undefined for a card of its own (or an imported note). */
export function groupOfNoteKey(noteKey: string): string | undefined {
  const at = noteKey.indexOf(groupMark);
  if (at !== 0 && !(at > 0 && noteKey[at - 1] === '/')) return undefined;
  return noteKey.slice(at + groupMark.length) || undefined;
}
