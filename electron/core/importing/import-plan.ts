import type Database from 'better-sqlite3';
import { cardChanged, cardRowValues, storedCardsOfDeck, type StoredCard } from '../decks/deck-writer.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { isImportedDeckId, type ParsedImport } from './import-model.js';

/** What importing a parsed file would do, deck by deck, counted exactly as the writer will act. */
export interface ImportChanges {
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
  /** Decks that exist already (the same source made them) and will be updated. */
  existingDecks: string[];
}

/**
 * Refuses a parsed file that would write to a deck outside the import
 * namespaces or to one the app did not create by import (a built-in deck):
 * the ids make that impossible, and this is the check that they did.
 */
export function assertImportTargets(db: Database.Database, parsed: ParsedImport): void {
  const origin = db.prepare<[string], string>('SELECT origin FROM decks WHERE id = ?').pluck();
  for (const deck of parsed.decks) {
    const existing = origin.get(deck.id);
    if (!isImportedDeckId(deck.id) || deck.origin !== 'imported' || (existing !== undefined && existing !== 'imported')) {
      throw new DemarcError(ErrorCode.conflict, `${parsed.fileName}: deck "${deck.title}" [${deck.id}] is not an imported deck; an import cannot change it.`);
    }
  }
}

/** Counts what the write would add, update, leave and retire, reading only. */
export function planImport(db: Database.Database, parsed: ParsedImport): ImportChanges {
  assertImportTargets(db, parsed);
  const stored = db.prepare<[string], StoredCard>(storedCardsOfDeck);
  const deckExists = db.prepare('SELECT 1 FROM decks WHERE id = ?').pluck();
  const changes: ImportChanges = { added: 0, updated: 0, unchanged: 0, retired: 0, existingDecks: [] };
  for (const deck of parsed.decks) {
    if (deck.cards.length === 0) continue;
    if (deckExists.get(deck.id)) changes.existingDecks.push(deck.title);
    const byKey = new Map<string, StoredCard>();
    for (const row of stored.all(deck.id)) byKey.set(row.key, row);
    const seen = new Set<string>();
    for (const card of deck.cards) {
      seen.add(card.key);
      const old = byKey.get(card.key);
      if (!old) changes.added++;
      else if (cardChanged(old, cardRowValues(deck.id, card))) changes.updated++;
      else changes.unchanged++;
    }
    if (parsed.retireMissing) for (const old of byKey.values()) if (!seen.has(old.key) && !old.retired) changes.retired++;
  }
  return changes;
}
