import type Database from 'better-sqlite3';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { studyDay } from '../domain/day-clock.js';
import type { GradeValue, Owner, ReviewKind } from '../domain/types.js';
import type { Settings } from '../settings/settings-schema.js';
import { cardColumns, memoryOf, type CardRecord } from '../cards/card-record.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { WriteConnection } from '../db/collection-door.js';
import { stableCardNumber } from '../scheduling/card-number.js';
import { deckLoadStamp, keepDeckLoadsThroughAnswer } from '../scheduling/deck-load.js';

/** The scheduler of a card's deck (its preset), or one scheduler for every card. */
export type SchedulerSource = FsrsScheduler | ((deckId: string) => FsrsScheduler);

export interface AnswerInput {
  cardId: number;
  grade: GradeValue;
  durationMs: number;
  pickedOwner?: Owner | undefined;
  correct?: boolean | undefined;
  /** Cram answers are logged as cram; unless they count, the card's schedule is left untouched. */
  cram?: { countTowardSchedule: boolean } | undefined;
}

/** A sibling the answer buried, with the day it was buried until before (what undo puts back). */
interface BuriedSibling {
  id: number;
  buriedDay: number;
}

/** Everything needed to take an answer back exactly. */
export interface UndoEntry {
  reviewId: number;
  before: CardRecord;
  buriedSiblings: BuriedSibling[];
}

export interface AnswerOutcome {
  reviewId: number;
  card: CardRecord;
  undo: UndoEntry;
  leech: boolean;
}

const kindByState: Record<number, ReviewKind> = { 0: 'learning', 1: 'learning', 2: 'review', 3: 'relearning' };

/** Records one answer: the log row, the new card state and buried siblings, in one transaction. */
export class AnswerRecorder {
  private readonly selectCard: Database.Statement<[number], CardRecord>;
  private readonly insertLog: Database.Statement;
  private readonly updateCard: Database.Statement;
  private readonly updateSchedule: Database.Statement;
  private readonly siblings: Database.Statement<[string, number, number], BuriedSibling>;
  private readonly bury: Database.Statement<[number, number]>;
  private readonly restoreCard: Database.Statement;
  private readonly deleteLog: Database.Statement<[number]>;
  private readonly answerTx: Database.Transaction<(input: AnswerInput, now: number, settings: Settings, scheduler: SchedulerSource) => AnswerOutcome>;
  /** The load balancer's change stamps around the last answer's writes (scheduling/deck-load.ts), when it keeps counts. */
  private loadStamps: { before: string; after: string } | null = null;

  constructor(private readonly db: WriteConnection) {
    this.selectCard = db.prepare<[number], CardRecord>('SELECT * FROM cards WHERE id = ?');
    this.insertLog = db.prepare(`INSERT INTO review_log
      (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, stability_after, difficulty_after, picked_owner, correct)
      VALUES (@cardId, @reviewedAt, @day, @rating, @stateBefore, @kind, @scheduledDays, @elapsedDays, @durationMs, @stability, @difficulty, @pickedOwner, @correct)`);
    const schedule = `state = @state, due = @due, stability = @stability, difficulty = @difficulty,
      scheduled_days = @scheduledDays, learning_steps = @learningSteps, reps = @reps, lapses = @lapses, last_review = @lastReview`;
    // A leech also changes the tags (and may suspend the card); every other answer leaves both alone, and naming
    // them would wake the triggers that watch them (sync's edit records) for nothing.
    this.updateCard = db.prepare(`UPDATE cards SET ${schedule}, suspended = @suspended, tags = @tags WHERE id = @id`);
    this.updateSchedule = db.prepare(`UPDATE cards SET ${schedule} WHERE id = @id`);
    this.siblings = db.prepare<[string, number, number], BuriedSibling>('SELECT id, buried_day AS buriedDay FROM cards WHERE note_key = ? AND id <> ? AND state IN (0, 2) AND buried_day <> ?');
    this.bury = db.prepare('UPDATE cards SET buried_day = ? WHERE id = ?');
    const assignments = cardColumns.filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ');
    this.restoreCard = db.prepare(`UPDATE cards SET ${assignments} WHERE id = @id`);
    this.deleteLog = db.prepare('DELETE FROM review_log WHERE id = ?');
    this.answerTx = db.transaction((input: AnswerInput, now: number, settings: Settings, scheduler: SchedulerSource) =>
      this.record(input, now, settings, scheduler),
    );
  }

  answer(input: AnswerInput, now: number, settings: Settings, scheduler: SchedulerSource): AnswerOutcome {
    this.loadStamps = null;
    const outcome = this.answerTx.immediate(input, now, settings, scheduler);
    // Committed (not a step of a longer transaction that may still roll back): the balancer's counts follow the card.
    if (this.loadStamps !== null && !this.db.inTransaction && outcome.card !== outcome.undo.before) {
      keepDeckLoadsThroughAnswer(this.db, this.loadStamps, outcome.undo.before, now);
    }
    return outcome;
  }

  private record(input: AnswerInput, now: number, settings: Settings, source: SchedulerSource): AnswerOutcome {
    const stampBefore = deckLoadStamp(this.db);
    const before = this.selectCard.get(input.cardId);
    if (!before) throw new DemarcError(ErrorCode.notFound, `Card ${input.cardId} does not exist.`);
    const scheduler = typeof source === 'function' ? source(before.deck_id) : source;
    if (before.retired) throw new DemarcError(ErrorCode.conflict, `Card ${input.cardId} was retired and cannot be reviewed.`);
    const day = studyDay(now, settings.rolloverHour);
    const keepSchedule = input.cram !== undefined && !input.cram.countTowardSchedule;
    const scheduled = keepSchedule ? null : scheduler.next(memoryOf(before), now, input.grade, { id: stableCardNumber(before.source_deck_id, before.key), deckId: before.deck_id });
    const kind: ReviewKind = input.cram ? 'cram' : (kindByState[before.state] ?? 'review');
    const elapsedDays = before.last_review === null ? 0 : Math.max(0, day - studyDay(before.last_review, settings.rolloverHour));

    const info = this.insertLog.run({
      cardId: before.id,
      reviewedAt: now,
      day,
      rating: input.grade,
      stateBefore: before.state,
      kind,
      scheduledDays: scheduled?.scheduledDays ?? 0,
      elapsedDays,
      durationMs: Math.round(input.durationMs),
      stability: scheduled?.after.stability ?? before.stability,
      difficulty: scheduled?.after.difficulty ?? before.difficulty,
      pickedOwner: input.pickedOwner ?? null,
      correct: input.correct === undefined ? null : input.correct ? 1 : 0,
    });

    let card = before;
    let leech = false;
    if (scheduled) {
      const a = scheduled.after;
      let tags = before.tags;
      let suspended = before.suspended;
      const lapsed = a.lapses > before.lapses;
      if (lapsed && isLeechLapse(a.lapses, scheduler.settings.leechThreshold)) {
        leech = true;
        if (!tags.split(' ').includes('leech')) tags = tags ? `${tags} leech` : 'leech';
        if (scheduler.settings.leechAction === 'suspend') suspended = 1;
      }
      card = {
        ...before,
        state: a.state,
        due: a.due,
        stability: a.stability,
        difficulty: a.difficulty,
        scheduled_days: a.scheduledDays,
        learning_steps: a.learningSteps,
        reps: a.reps,
        lapses: a.lapses,
        last_review: a.lastReview,
        suspended,
        tags,
      };
      const row = {
        id: card.id,
        state: card.state,
        due: card.due,
        stability: card.stability,
        difficulty: card.difficulty,
        scheduledDays: card.scheduled_days,
        learningSteps: card.learning_steps,
        reps: card.reps,
        lapses: card.lapses,
        lastReview: card.last_review,
      };
      if (leech) this.updateCard.run({ ...row, suspended: card.suspended, tags: card.tags });
      else this.updateSchedule.run(row);
    }
    const buriedSiblings = input.cram
      ? []
      : this.siblings.all(before.note_key, before.id, day);
    for (const s of buriedSiblings) this.bury.run(day, s.id);
    if (stampBefore !== null) this.loadStamps = { before: stampBefore, after: deckLoadStamp(this.db) as string };
    return { reviewId: Number(info.lastInsertRowid), card, leech, undo: { reviewId: Number(info.lastInsertRowid), before, buriedSiblings } };
  }

  /** Takes an answer back: removes its log row and restores the card and its siblings exactly. */
  undo(entry: UndoEntry): void {
    this.db.transaction(() => {
      const removed = this.deleteLog.run(entry.reviewId);
      if (removed.changes !== 1) throw new DemarcError(ErrorCode.conflict, 'That answer can no longer be undone (it was already removed).');
      this.restoreCard.run(entry.before);
      for (const s of entry.buriedSiblings) this.bury.run(s.buriedDay, s.id);
    }).immediate();
  }
}

/** Anki's rule: a card becomes a leech at the threshold, and again every half threshold after it. */
export function isLeechLapse(lapses: number, threshold: number): boolean {
  if (lapses < threshold) return false;
  const every = Math.max(1, Math.ceil(threshold / 2));
  return (lapses - threshold) % every === 0;
}
