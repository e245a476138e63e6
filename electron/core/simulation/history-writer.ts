import type Database from 'better-sqlite3';
import type { SimulatedCardSpec, SimulatedDeck } from './simulated-catalogue.js';
import type { SimulatedReview, SimulationCard } from './review-simulation.js';
import type { WriteConnection } from '../db/collection-door.js';

/** Prepared statements for writing a simulated collection; the caller owns the transaction. */
export class HistoryWriter {
  private readonly insertDeck: Database.Statement;
  private readonly insertCard: Database.Statement;
  private readonly insertReview: Database.Statement;
  private readonly updateCard: Database.Statement;

  constructor(private readonly db: WriteConnection) {
    this.insertDeck = db.prepare(`INSERT INTO decks (id, title, service_type, description, origin, created_at)
      VALUES (?, ?, ?, ?, 'imported', ?)`);
    this.insertCard = db.prepare(`INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, owner, service, source, tags, position, due)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertReview = db.prepare(`INSERT INTO review_log
      (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, stability_after, difficulty_after, picked_owner, correct)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.updateCard = db.prepare(`UPDATE cards SET state = ?, due = ?, stability = ?, difficulty = ?, scheduled_days = ?, learning_steps = ?,
      reps = ?, lapses = ?, last_review = ?, suspended = ?, tags = ? WHERE id = ?`);
  }

  existingDeckIds(ids: readonly string[]): string[] {
    const found = this.db.prepare('SELECT id FROM decks WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(ids));
    return found as string[];
  }

  /** The first free card id and position, so the simulated cards follow whatever the collection holds. */
  nextCardSlot(): { id: number; position: number } {
    const row = this.db.prepare('SELECT coalesce(max(id), 0) + 1 AS id, coalesce(max(position), 0) + 1 AS position FROM cards').get() as {
      id: number;
      position: number;
    };
    return row;
  }

  decks(decks: readonly SimulatedDeck[], createdAt: number): void {
    for (const d of decks) this.insertDeck.run(d.id, d.title, d.serviceType, d.description, createdAt);
  }

  card(id: number, deckId: string, spec: SimulatedCardSpec, position: number, due: number): void {
    this.insertCard.run(id, deckId, deckId, spec.key, spec.noteKey, spec.kind, spec.content, spec.owner, spec.service, spec.source, spec.tags, position, due);
  }

  review(r: SimulatedReview): void {
    this.insertReview.run(
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

  /** Writes a studied card's final FSRS state (the state after its last answer). */
  finalState(card: SimulationCard, tags: string): void {
    if (!card.fsrs) return;
    const m = card.fsrs;
    this.updateCard.run(
      m.state,
      m.due,
      m.stability,
      m.difficulty,
      m.scheduledDays,
      m.learningSteps,
      m.reps,
      m.lapses,
      m.lastReview,
      card.suspended ? 1 : 0,
      card.leech ? `${tags} leech` : tags,
      card.id,
    );
  }
}
