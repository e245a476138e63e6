import type { z } from 'zod';
import type { CardInput, DeckInput } from '../decks/deck-input.js';
import { cardContentSchema, deckDescriptionSchema, deckTitleSchema, shortTextSchema, tagSchema, valueBounds, valueProblem } from '../domain/value-rules.js';
import { addSkip, type ParsedImport } from './import-model.js';
import { invalidFile } from './import-limits.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * Every deck and card an import brings, whatever its format, through the
 * rules the API and arriving sync events follow (domain/value-rules.ts):
 * text cleaned the same way, bounds the same. So whatever an import stores
 * can also travel to the other devices unchanged.
 *
 * A deck whose title or description is refused refuses the file (nothing is
 * written); a card refused is skipped and named.
 */
export function applyValueRules(parsed: ParsedImport): void {
  for (const deck of parsed.decks) {
    deck.title = checked(deckTitleSchema, deck.title, () => `the title of deck "${deck.title.slice(0, 80)}"`, parsed.fileName);
    deck.description = checked(deckDescriptionSchema, deck.description, () => `the description of deck "${deck.title}"`, parsed.fileName);
    deck.cards = deck.cards.filter((card) => {
      const problem = applyToCard(card);
      if (problem) addSkip(parsed, 'a value past what a card may hold', `${parsed.fileName}: card ${card.key} of deck "${deck.title}": skipped, ${problem}.`);
      return problem === null;
    });
  }
}

/** Cleans a card in place; the problem in words when a value is refused. */
export function applyToCard(card: CardInput): string | null {
  const content = cardContentSchema.safeParse(card.content);
  if (!content.success) return valueProblem(content.error);
  const source = shortTextSchema.safeParse(card.source);
  if (!source.success) return `the source: ${source.error.issues[0]?.message ?? 'not valid'}`;
  if (card.tags.length > valueBounds.tags) return `it has ${card.tags.length} tags, more than ${valueBounds.tags}`;
  const tags: string[] = [];
  for (const tag of card.tags) {
    const t = tagSchema.safeParse(tag);
    if (!t.success) return `the tag "${tag.slice(0, 40)}…": ${t.error.issues[0]?.message ?? 'not valid'}`;
    if (t.data !== '') tags.push(t.data);
  }
  card.content = content.data;
  card.source = source.data;
  card.tags = tags;
  return null;
}

function checked<T extends z.ZodType<string, string>>(schema: T, value: string, what: () => string, fileName: string): string {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidFile(fileName, `${what()}: ${result.error.issues[0]?.message ?? 'not valid'}.`);
  return result.data;
}

/** A deck file's cards are refused with the file, as every other problem of a deck file is (native-import.ts). */
export function refuseDeckWithBadValues(deck: DeckInput, fileName: string): void {
  deck.cards.forEach((card, i) => {
    const problem = applyToCard(card);
    if (problem) throw new DemarcError(ErrorCode.invalidFile, `${fileName} is not a valid Demarc deck: card ${i + 1} ("${card.key}"), ${problem}.`);
  });
}
