import type Database from 'better-sqlite3';
import type { SimulatedCardSpec, SimulatedDeck } from './simulated-catalogue.js';
import type { SimulatedReview, SimulationCard } from './review-simulation.js';
import type { WriteConnection } from '../db/collection-door.js';
import { oneRow } from '../db/typed-statements.js';

/** Rows per multi-row INSERT: one statement run per batch instead of per row (13 values a row, far below SQLite's variable limit). */
const batchRows = 256;

/**
 * Rows of one table gathered into batches of `batchRows` and written by one
 * prepared multi-row INSERT each; `flush` writes what is left.
 */
class BatchedInsert {
  private readonly full: Database.Statement;
  private readonly values: unknown[] = [];
  private rows = 0;

  constructor(
    private readonly db: WriteConnection,
    private readonly head: string,
    private readonly width: number,
  ) {
    this.full = db.prepare(this.sql(batchRows));
  }

  add(...row: unknown[]): void {
    for (const v of row) this.values.push(v);
    if (++this.rows === batchRows) {
      this.full.run(this.values);
      this.values.length = 0;
      this.rows = 0;
    }
  }

  flush(): void {
    if (this.rows > 0) this.db.prepare(this.sql(this.rows)).run(this.values);
    this.values.length = 0;
    this.rows = 0;
  }

  private sql(rows: number): string {
    const one = `(${new Array<string>(this.width).fill('?').join(', ')})`;
    return `${this.head} VALUES ${new Array<string>(rows).fill(one).join(', ')}`;
  }
}

/**
 * Statements for writing a simulated collection; the caller owns the
 * transaction. Cards and reviews are written in batches: call `flush` once
 * the last of them is given.
 */
export class HistoryWriter {
  private readonly insertDeck: Database.Statement;
  private readonly insertCard: BatchedInsert;
  private readonly insertReview: BatchedInsert;
  private readonly updateCard: Database.Statement;
  private readonly updateLeech: Database.Statement;

  constructor(private readonly db: WriteConnection) {
    this.insertDeck = db.prepare(`INSERT INTO decks (id, title, service_type, description, origin, created_at)
      VALUES (?, ?, ?, ?, 'imported', ?)`);
    this.insertCard = new BatchedInsert(
      db,
      'INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, owner, service, source, tags, position, due)',
      13,
    );
    this.insertReview = new BatchedInsert(
      db,
      `INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms,
        stability_after, difficulty_after, picked_owner, correct)`,
      13,
    );
    this.updateCard = db.prepare(`UPDATE cards SET state = ?, due = ?, stability = ?, difficulty = ?, scheduled_days = ?, learning_steps = ?,
      reps = ?, lapses = ?, last_review = ? WHERE id = ?`);
    // Apart, so that the triggers on a suspension or a tag change run for the few leeches only.
    this.updateLeech = db.prepare('UPDATE cards SET suspended = ?, tags = ? WHERE id = ?');
  }

  existingDeckIds(ids: readonly string[]): string[] {
    const found = this.db.prepare('SELECT id FROM decks WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(ids));
    return found as string[];
  }

  /** The first free card id and position, so the simulated cards follow whatever the collection holds. */
  nextCardSlot(): { id: number; position: number } {
    return oneRow(this.db.prepare<[], { id: number; position: number }>('SELECT coalesce(max(id), 0) + 1 AS id, coalesce(max(position), 0) + 1 AS position FROM cards').get());
  }

  decks(decks: readonly SimulatedDeck[], createdAt: number): void {
    for (const d of decks) this.insertDeck.run(d.id, d.title, d.serviceType, d.description, createdAt);
  }

  card(id: number, deckId: string, spec: SimulatedCardSpec, position: number, due: number): void {
    this.insertCard.add(id, deckId, deckId, spec.key, spec.noteKey, spec.kind, spec.content, spec.owner, spec.service, spec.source, spec.tags, position, due);
  }

  review(r: SimulatedReview): void {
    this.insertReview.add(
      r.cardId,
      r.reviewedAt,
      r.day,
      r.rating,
      r.stateBefore,
      r.kind,
      r.scheduledDays,
      r.elapsedDays,
      r.durationMs,
      r.stabilityAfter,
      r.difficultyAfter,
      r.pickedOwner,
      r.correct,
    );
  }

  /** Writes what is still gathered in batches. */
  flush(): void {
    this.insertCard.flush();
    this.insertReview.flush();
  }

  /** Writes a studied card's final FSRS state (the state after its last answer). */
  finalState(card: SimulationCard, tags: string): void {
    const m = card.fsrs;
    if (!m) return;
    this.updateCard.run(m.state, m.due, m.stability, m.difficulty, m.scheduledDays, m.learningSteps, m.reps, m.lapses, m.lastReview, card.id);
    if (card.leech) this.updateLeech.run(card.suspended ? 1 : 0, `${tags} leech`, card.id);
  }
}
