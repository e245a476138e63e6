import type Database from 'better-sqlite3';
import { fsrs, type FSRS, type Grade as FsrsGrade } from 'ts-fsrs';
import { studyDay } from '../domain/day-clock.js';
import type { GradeValue, ReviewKind } from '../domain/types.js';
import { fromFsrsCard, newMemoryState, toFsrsCard } from '../scheduling/fsrs-scheduler.js';
import type { MemoryState } from '../scheduling/memory-state.js';
import type { ImportedReview } from './import-model.js';
import type { WriteConnection } from '../db/collection-door.js';

interface HistoryEntry {
  reviewedAt: number;
  rating: GradeValue;
  kind: ReviewKind;
  durationMs: number;
  /** Already in review_log: replayed for the memory state, not inserted again. */
  stored: boolean;
}

/** Kinds that never change a card's schedule when replayed. */
const unscheduled = new Set<ReviewKind>(['cram', 'manual']);

/**
 * Adds imported reviews to review_log and replays each affected card's whole
 * history through FSRS, oldest first, so that it arrives with a real memory
 * state. Reviews already logged for the card at the same moment are not
 * added twice (re-importing a package adds nothing). Cram and manual reviews
 * are logged but leave the schedule alone. Runs inside the caller's transaction.
 */
export class RevlogReplayer {
  private readonly cardIds: Database.Statement<[string], [string, number]>;
  private readonly history: Database.Statement<[number], Omit<HistoryEntry, 'stored'>>;
  private readonly insertLog: Database.Statement;
  private readonly updateCard: Database.Statement;
  private readonly steady: FSRS;

  constructor(
    db: WriteConnection,
    private readonly engine: FSRS,
    private readonly rolloverHour: number,
  ) {
    this.steady = withoutFuzz(engine);
    // raw(): [key, id] per card.
    this.cardIds = db.prepare<[string], [string, number]>('SELECT key, id FROM cards WHERE source_deck_id = ?');
    // Read straight into the replay's entry shape: the aliases are its field names.
    this.history = db.prepare<[number], Omit<HistoryEntry, 'stored'>>('SELECT reviewed_at AS reviewedAt, rating, kind, duration_ms AS durationMs FROM review_log WHERE card_id = ? ORDER BY reviewed_at, id');
    this.insertLog = db.prepare(`INSERT INTO review_log
      (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, stability_after, difficulty_after, picked_owner, correct)
      VALUES (@cardId, @reviewedAt, @day, @rating, @stateBefore, @kind, @scheduledDays, @elapsedDays, @durationMs, @stability, @difficulty, NULL, NULL)`);
    this.updateCard = db.prepare(`UPDATE cards SET state = @state, due = @due, stability = @stability, difficulty = @difficulty,
      scheduled_days = @scheduledDays, learning_steps = @learningSteps, reps = @reps, lapses = @lapses, last_review = @lastReview WHERE id = @id`);
  }

  /** Returns how many review rows were added. */
  importAll(reviews: ReadonlyMap<string, ReadonlyMap<string, readonly ImportedReview[]>>, onProgress?: (cardsDone: number) => void): number {
    let added = 0;
    let cards = 0;
    for (const [deckId, byKey] of reviews) {
      const ids = new Map(this.cardIds.raw().all(deckId).map(([key, id]) => [key, id]));
      for (const [key, list] of byKey) {
        if (cards++ % 1000 === 0) onProgress?.(cards);
        const cardId = ids.get(key);
        if (cardId !== undefined) added += this.importCard(cardId, list);
      }
    }
    return added;
  }

  private importCard(cardId: number, imported: readonly ImportedReview[]): number {
    const stored = this.history.all(cardId).map((r) => ({ ...r, stored: true }));
    const known = new Set(stored.map((r) => r.reviewedAt));
    const fresh: HistoryEntry[] = [];
    for (const r of imported) {
      if (known.has(r.reviewedAt)) continue;
      known.add(r.reviewedAt);
      fresh.push({ ...r, stored: false });
    }
    if (!fresh.length) return 0;
    const entries = [...stored, ...fresh].sort((a, b) => a.reviewedAt - b.reviewedAt);
    const memory = replay(this.engine, entries, this.rolloverHour, (entry, before, after, scheduledDays, elapsedDays) => {
      if (entry.stored) return;
      this.insertLog.run({
        cardId,
        reviewedAt: entry.reviewedAt,
        day: studyDay(entry.reviewedAt, this.rolloverHour),
        rating: entry.rating,
        stateBefore: before.state,
        kind: entry.kind,
        scheduledDays,
        elapsedDays,
        durationMs: entry.durationMs,
        stability: after.stability,
        difficulty: after.difficulty,
      });
    }, this.steady);
    if (memory) this.updateCard.run({ id: cardId, ...memory });
    return fresh.length;
  }
}

/**
 * Replays a card's history from new. Calls `visit` for every entry with the
 * memory before and after it; returns the final memory, or null when no entry
 * counted toward the schedule (the card stays new).
 */
export function replay(
  engine: FSRS,
  entries: readonly HistoryEntry[],
  rolloverHour: number,
  visit: (entry: HistoryEntry, before: MemoryState, after: MemoryState, scheduledDays: number, elapsedDays: number) => void,
  steady: FSRS = withoutFuzz(engine),
): MemoryState | null {
  if (!entries.length) return null;
  const lastScheduled = entries.findLast((e) => !unscheduled.has(e.kind));
  let memory = newMemoryState(entries[0]!.reviewedAt);
  let scheduled = false;
  for (const entry of entries) {
    const before = memory;
    const elapsedDays = before.lastReview === null ? 0 : Math.max(0, studyDay(entry.reviewedAt, rolloverHour) - studyDay(before.lastReview, rolloverHour));
    if (unscheduled.has(entry.kind)) {
      visit(entry, before, before, 0, elapsedDays);
      continue;
    }
    // Fuzz only spreads the final due date; past steps skip its cost (their memory state is the same).
    const stepEngine = entry === lastScheduled ? engine : steady;
    const result = stepEngine.next(toFsrsCard(before), new Date(entry.reviewedAt), entry.rating as FsrsGrade);
    memory = fromFsrsCard(result.card);
    scheduled = true;
    visit(entry, before, memory, result.log.scheduled_days, elapsedDays);
  }
  return scheduled ? memory : null;
}

/** The same parameters without fuzz, for replaying steps whose due date is not kept. */
export function withoutFuzz(engine: FSRS): FSRS {
  return engine.parameters.enable_fuzz ? fsrs({ ...engine.parameters, enable_fuzz: false }) : engine;
}
