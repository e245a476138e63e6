import { deckFileToInput, parseDeckFile } from '../decks/deck-file.js';
import { decodeText } from './detect-format.js';
import { emptyParsed, nativeDeckId, type ParsedImport } from './import-model.js';
import type { ImportOptions } from './import-types.js';
import { refuseDeckWithBadValues } from './import-values.js';

/**
 * A Demarc deck file: validated against decks/deck.schema.json, written by
 * card id, so a re-import updates cards in place and keeps their history;
 * cards no longer in the file are retired. Its deck id is namespaced
 * (import-model.ts): a file saying `"id": "core-model"` makes a deck of its own.
 */
export function parseNativeDeck(fileName: string, bytes: Uint8Array, options: ImportOptions): ParsedImport {
  const parsed = emptyParsed(fileName, 'demarc-json');
  const file = parseDeckFile(decodeText(fileName, bytes, parsed.warnings), fileName);
  // The file names its own id; it lives under deck- so that it cannot be a built-in deck's or a CSV or Anki deck's.
  const deck = deckFileToInput({ ...file, id: nativeDeckId(file.id) }, 'imported');
  if (options.deckName) deck.title = options.deckName;
  // Text cleaned, and a value past its bound refuses the file with its card named, as the format's own checks do.
  refuseDeckWithBadValues(deck, fileName);
  parsed.decks = [deck];
  parsed.retireMissing = true;
  return parsed;
}
