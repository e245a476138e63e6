import type Database from 'better-sqlite3';
import type { CollectionDoor, WriteEffect } from '../db/collection-door.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { cardStateNames, type CardList, type CardStateName, type DeckOptions } from '../domain/types.js';
import { searchWhere } from '../search/search-cards.js';
import type { SearchContext } from '../search/search-sql.js';
import { toListItem } from './card-list-item.js';
import type { CardRecord } from './card-record.js';
import { oneRow } from '../db/typed-statements.js';
import type { DeckRecord } from '../db/table-rows.js';
import { momentAfterAnswers } from './moment-after-answers.js';

export interface CardListQuery {
  deckId: string;
  search?: string | undefined;
  state?: CardStateName | 'suspended' | 'all' | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Browsing and managing cards: list, suspend, reset, move, delete a deck. */
export class CardActions {
  /** Every write goes through the collection's door, which drops the undo history and caches after it. */
  constructor(private readonly door: CollectionDoor) {}

  list(query: CardListQuery, ctx: SearchContext): CardList {
    return this.door.read((db) => this.listOn(db, query, ctx));
  }

  private listOn(db: Database.Database, query: CardListQuery, ctx: SearchContext): CardList {
    requireDeck(db, query.deckId);
    const where = ['c.deck_id = ?', 'c.retired = 0'];
    const params: (string | number)[] = [query.deckId];
    if (query.state === 'suspended') where.push('c.suspended = 1');
    else if (query.state && query.state !== 'all') {
      where.push('c.state = ? AND c.suspended = 0');
      params.push(cardStateNames.indexOf(query.state));
    }
    if (query.search) {
      const search = searchWhere(db, { query: query.search }, ctx);
      where.push(search.sql);
      params.push(...search.params);
    }
    const from = `FROM cards c JOIN decks d ON d.id = c.deck_id WHERE ${where.join(' AND ')}`;
    const total = oneRow(db.prepare<unknown[], number>(`SELECT count(*) ${from}`).pluck().get(...params));
    const rows = db.prepare<unknown[], CardRecord>(`SELECT c.* ${from} ORDER BY c.position LIMIT ? OFFSET ?`).all(...params, query.limit ?? 200, query.offset ?? 0);
    return { total, cards: rows.map((r) => toListItem(r)) };
  }

  /** `effect` 'none' only when a review session records the change on its own undo stack. */
  setSuspended(cardIds: number[], suspended: boolean, effect: WriteEffect = 'cards'): number {
    return this.door.write((db) => {
      const stmt = db.prepare('UPDATE cards SET suspended = ? WHERE id = ? AND retired = 0');
      return db.transaction(() => cardIds.reduce((n, id) => n + stmt.run(suspended ? 1 : 0, id).changes, 0))();
    }, effect);
  }

  /**
   * Forgets a card's schedule (it becomes new again); its review history stays in the log.
   * `reset_at` marks the moment in that history: a sync's replay skips the answers before it. So it
   * comes after every answer the card has (`momentAfterAnswers`): else the replay elsewhere would
   * keep an answer stamped ahead of this machine's clock and the card would be new here only.
   */
  reset(cardIds: number[], now: number): number {
    return this.door.write((db) => {
      const stmt = db.prepare(`UPDATE cards SET state = 0, due = @now, stability = 0, difficulty = 0, scheduled_days = 0,
        learning_steps = 0, reps = 0, lapses = 0, last_review = NULL, buried_day = 0, reset_at = @resetAt WHERE id = @id`);
      return db.transaction(() => cardIds.reduce((n, id) => n + stmt.run({ now, id, resetAt: momentAfterAnswers(db, id, now) }).changes, 0))();
    });
  }

  move(cardIds: number[], deckId: string): number {
    return this.door.write((db) => {
      requireDeck(db, deckId);
      const stmt = db.prepare('UPDATE cards SET deck_id = ? WHERE id = ?');
      return db.transaction(() => cardIds.reduce((n, id) => n + stmt.run(deckId, id).changes, 0))();
    });
  }

  /** Sets a deck's own daily limits and exam date (null: follow the overall settings). */
  setDeckOptions(deckId: string, options: DeckOptions): void {
    this.door.write((db) => {
      requireDeck(db, deckId);
      db.prepare('UPDATE decks SET new_per_day = ?, reviews_per_day = ?, exam_date = ? WHERE id = ?').run(options.newPerDay, options.reviewsPerDay, options.examDate, deckId);
    }, 'scheduler');
  }

  /** Deletes a deck with its cards and their history. Built-in decks come back on the next start, so only imported ones go. */
  deleteDeck(deckId: string): { cards: number; reviews: number } {
    return this.door.write((db) => {
      const deck = requireDeck(db, deckId);
      if (deck.origin === 'builtin') throw new DemarcError(ErrorCode.conflict, `"${deck.title}" is a built-in deck and cannot be deleted; suspend its cards instead.`);
      return db.transaction(() => {
        const reviews = oneRow(db.prepare<[string], number>('SELECT count(*) FROM review_log WHERE card_id IN (SELECT id FROM cards WHERE deck_id = ?)').pluck().get(deckId));
        const cards = db.prepare('DELETE FROM cards WHERE deck_id = ?').run(deckId).changes;
        db.prepare('DELETE FROM daily_reviews WHERE deck_id = ?').run(deckId);
        db.prepare('DELETE FROM decks WHERE id = ?').run(deckId);
        return { cards, reviews };
      }).immediate();
    });
  }
}

function requireDeck(db: Database.Database, deckId: string): Pick<DeckRecord, 'title' | 'origin'> {
  const deck = db.prepare<[string], Pick<DeckRecord, 'title' | 'origin'>>('SELECT title, origin FROM decks WHERE id = ?').get(deckId);
  if (!deck) throw new DemarcError(ErrorCode.notFound, `Deck "${deckId}" does not exist.`);
  return deck;
}
