import type Database from 'better-sqlite3';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { cardStateNames, type CardList, type CardListItem, type CardStateName, type DeckOptions } from '../domain/types.js';
import { parseContent, splitTags, type CardRecord } from './card-record.js';

export interface CardListQuery {
  deckId: string;
  search?: string | undefined;
  state?: CardStateName | 'suspended' | 'all' | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Browsing and managing cards: list, suspend, reset, move, delete a deck. */
export class CardActions {
  /** `onChanged` runs after anything that changes cards outside the review path (the collection drops its undo history and caches). */
  constructor(
    private readonly db: Database.Database,
    private readonly onChanged: () => void = () => {},
  ) {}

  list(query: CardListQuery): CardList {
    this.requireDeck(query.deckId);
    const where = ['deck_id = @deckId', 'retired = 0'];
    if (query.state === 'suspended') where.push('suspended = 1');
    else if (query.state && query.state !== 'all') where.push('state = @state AND suspended = 0');
    if (query.search) where.push("content LIKE @pattern ESCAPE '\\'");
    const params = {
      deckId: query.deckId,
      state: query.state ? cardStateNames.indexOf(query.state as CardStateName) : 0,
      pattern: `%${(query.search ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      limit: query.limit ?? 200,
      offset: query.offset ?? 0,
    };
    const sql = where.join(' AND ');
    const total = this.db.prepare(`SELECT count(*) FROM cards WHERE ${sql}`).pluck().get(params) as number;
    const rows = this.db.prepare(`SELECT * FROM cards WHERE ${sql} ORDER BY position LIMIT @limit OFFSET @offset`).all(params) as CardRecord[];
    return { total, cards: rows.map(toListItem) };
  }

  setSuspended(cardIds: number[], suspended: boolean): number {
    const stmt = this.db.prepare('UPDATE cards SET suspended = ? WHERE id = ? AND retired = 0');
    return this.changed(this.db.transaction(() => cardIds.reduce((n, id) => n + stmt.run(suspended ? 1 : 0, id).changes, 0))());
  }

  /** Forgets a card's schedule (it becomes new again); its review history stays in the log. */
  reset(cardIds: number[], now: number): number {
    const stmt = this.db.prepare(`UPDATE cards SET state = 0, due = ?, stability = 0, difficulty = 0, scheduled_days = 0,
      learning_steps = 0, reps = 0, lapses = 0, last_review = NULL, buried_day = 0 WHERE id = ?`);
    return this.changed(this.db.transaction(() => cardIds.reduce((n, id) => n + stmt.run(now, id).changes, 0))());
  }

  move(cardIds: number[], deckId: string): number {
    this.requireDeck(deckId);
    const stmt = this.db.prepare('UPDATE cards SET deck_id = ? WHERE id = ?');
    return this.changed(this.db.transaction(() => cardIds.reduce((n, id) => n + stmt.run(deckId, id).changes, 0))());
  }

  /** Sets a deck's own daily limits and exam date (null: follow the overall settings). */
  setDeckOptions(deckId: string, options: DeckOptions): void {
    this.requireDeck(deckId);
    this.db
      .prepare('UPDATE decks SET new_per_day = ?, reviews_per_day = ?, exam_date = ? WHERE id = ?')
      .run(options.newPerDay, options.reviewsPerDay, options.examDate, deckId);
  }

  /** Deletes a deck with its cards and their history. Built-in decks come back on the next start, so only imported ones go. */
  deleteDeck(deckId: string): { cards: number; reviews: number } {
    const deck = this.requireDeck(deckId);
    if (deck.origin === 'builtin') throw new DemarcError(ErrorCode.conflict, `"${deck.title}" is a built-in deck and cannot be deleted; suspend its cards instead.`);
    const result = this.db.transaction(() => {
      const reviews = this.db.prepare('SELECT count(*) FROM review_log WHERE card_id IN (SELECT id FROM cards WHERE deck_id = ?)').pluck().get(deckId) as number;
      const cards = this.db.prepare('DELETE FROM cards WHERE deck_id = ?').run(deckId).changes;
      this.db.prepare('DELETE FROM daily_reviews WHERE deck_id = ?').run(deckId);
      this.db.prepare('DELETE FROM decks WHERE id = ?').run(deckId);
      return { cards, reviews };
    }).immediate();
    return this.changed(result);
  }

  private changed<T>(value: T): T {
    this.onChanged();
    return value;
  }

  private requireDeck(deckId: string): { title: string; origin: string } {
    const deck = this.db.prepare('SELECT title, origin FROM decks WHERE id = ?').get(deckId) as { title: string; origin: string } | undefined;
    if (!deck) throw new DemarcError(ErrorCode.notFound, `Deck "${deckId}" does not exist.`);
    return deck;
  }
}

function toListItem(r: CardRecord): CardListItem {
  const c = parseContent(r);
  const text = c.kind === 'responsibility' ? c.prompt : c.kind === 'basic' ? c.front : c.question;
  const answer =
    c.kind === 'responsibility' ? c.owner : c.kind === 'basic' ? c.back : c.answer.map((i) => c.options[i]).join('; ');
  return {
    id: r.id,
    kind: r.kind,
    text,
    answer,
    state: cardStateNames[r.state] ?? 'new',
    suspended: r.suspended === 1,
    due: r.due,
    lapses: r.lapses,
    reps: r.reps,
    tags: splitTags(r.tags),
  };
}
