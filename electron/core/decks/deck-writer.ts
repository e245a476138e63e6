import type Database from 'better-sqlite3';
import type { CardInput, DeckInput } from './deck-input.js';
import { ownerOf, serviceOf } from './deck-input.js';
import type { WriteConnection } from '../db/collection-door.js';
import { oneRow } from '../db/typed-statements.js';
import type { CardRecord } from '../db/table-rows.js';

/** A card as the cards table stores it (what the writer compares and writes). */
export function cardRowValues(deckId: string, card: CardInput) {
  return {
    deckId,
    key: card.key,
    noteKey: card.noteKey,
    kind: card.kind,
    content: JSON.stringify(card.content),
    owner: ownerOf(card.content),
    service: serviceOf(card.content),
    source: card.source,
    tags: card.tags.map((t) => t.replace(/\s+/g, '_')).join(' '),
  };
}

/** The stored fields of an existing card the writer compares. */
export type StoredCard = Pick<CardRecord, 'id' | 'key' | 'kind' | 'content' | 'source' | 'tags' | 'note_key' | 'retired'>;

/** True when writing `values` over `old` changes it (a retired card coming back counts). */
export function cardChanged(old: StoredCard, values: ReturnType<typeof cardRowValues>): boolean {
  return Boolean(old.retired) || old.kind !== values.kind || old.content !== values.content || old.source !== values.source || old.tags !== values.tags || old.note_key !== values.noteKey;
}

export const storedCardsOfDeck = 'SELECT id, key, kind, content, source, tags, note_key, retired FROM cards WHERE source_deck_id = ?';

export interface WriteSummary {
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
}

/**
 * Writes a deck's cards by stable key: new keys are added, changed cards are
 * updated in place (their review history stays), and with `retireMissing`
 * cards that left the file are retired rather than deleted with their history.
 * The caller owns the transaction.
 */
export class DeckWriter {
  private readonly upsertDeck: Database.Statement;
  private readonly existing: Database.Statement<[string], StoredCard>;
  private readonly maxPosition: Database.Statement<[], number>;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly retire: Database.Statement<[number]>;

  constructor(db: WriteConnection) {
    this.upsertDeck = db.prepare(`INSERT INTO decks (id, title, service_type, description, origin, created_at)
      VALUES (@id, @title, @serviceType, @description, @origin, @now)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, service_type = excluded.service_type, description = excluded.description`);
    this.existing = db.prepare<[string], StoredCard>(storedCardsOfDeck);
    this.maxPosition = db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM cards').pluck();
    this.insert = db.prepare(`INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, owner, service, source, tags, position, due, added_at)
      VALUES (@deckId, @deckId, @key, @noteKey, @kind, @content, @owner, @service, @source, @tags, @position, @now, @now)`);
    this.update = db.prepare(`UPDATE cards SET kind = @kind, content = @content, owner = @owner, service = @service, source = @source,
      tags = @tags, note_key = @noteKey, retired = 0 WHERE id = @id`);
    this.retire = db.prepare('UPDATE cards SET retired = 1 WHERE id = ?');
  }

  write(deck: DeckInput, now: number, options: { retireMissing: boolean; onProgress?: (cardsDone: number) => void }): WriteSummary {
    this.upsertDeck.run({ id: deck.id, title: deck.title, serviceType: deck.serviceType, description: deck.description, origin: deck.origin, now });
    const byKey = new Map<string, StoredCard>();
    for (const row of this.existing.all(deck.id)) byKey.set(row.key, row);
    let position = oneRow(this.maxPosition.get());
    const summary: WriteSummary = { added: 0, updated: 0, unchanged: 0, retired: 0 };
    const seen = new Set<string>();
    for (const [index, card] of deck.cards.entries()) {
      if (index % 2000 === 0) options.onProgress?.(index);
      seen.add(card.key);
      const values = cardRowValues(deck.id, card);
      const old = byKey.get(card.key);
      if (!old) {
        this.insert.run({ ...values, position: ++position, now });
        summary.added++;
      } else if (cardChanged(old, values)) {
        this.update.run({ ...values, id: old.id });
        summary.updated++;
      } else {
        summary.unchanged++;
      }
    }
    if (options.retireMissing) {
      for (const old of byKey.values()) {
        if (!seen.has(old.key) && !old.retired) {
          this.retire.run(old.id);
          summary.retired++;
        }
      }
    }
    return summary;
  }
}
