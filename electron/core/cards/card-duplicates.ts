import { htmlToText } from '../text/html-sanitizer.js';
import { parseContent, type CardRecord } from './card-record.js';
import { noteOfContent } from './note-types.js';
import type { ReplaceField } from './card-replace.js';

export interface DuplicateGroup {
  /** The text the cards share (markup removed, lower case, spaces collapsed). */
  text: string;
  cardIds: number[];
}

export interface DuplicateReport {
  /** Groups of two or more cards, largest first; at most `maxGroups`. */
  groups: DuplicateGroup[];
  /** How many groups there are in all (more than are listed when the list was cut). */
  totalGroups: number;
  /** Cards looked at (the search's matches that have the field). */
  checked: number;
}

const maxGroups = 500;

/** The text two cards are compared by: Anki's duplicate check strips HTML and ignores case. */
export function duplicateKey(value: string): string {
  return htmlToText(value).toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Cards whose `field` holds the same text once markup and case are put
 * aside, in groups. A card whose type has no such field, or whose field is
 * empty, is not compared.
 */
export function findDuplicates(cards: readonly CardRecord[], field: ReplaceField): DuplicateReport {
  const groups = new Map<string, number[]>();
  let checked = 0;
  for (const card of cards) {
    const note = noteOfContent(parseContent(card)) as Record<string, unknown>;
    const raw = note[field];
    const value = typeof raw === 'string' ? raw : Array.isArray(raw) ? (raw as string[]).join('\n') : null;
    if (value === null) continue;
    const key = duplicateKey(value);
    if (!key) continue;
    checked += 1;
    const ids = groups.get(key);
    if (ids) ids.push(card.id);
    else groups.set(key, [card.id]);
  }
  const found = [...groups.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(([text, cardIds]) => ({ text, cardIds }))
    .sort((a, b) => b.cardIds.length - a.cardIds.length || a.cardIds[0]! - b.cardIds[0]!);
  return { groups: found.slice(0, maxGroups), totalGroups: found.length, checked };
}
