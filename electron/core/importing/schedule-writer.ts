import type Database from 'better-sqlite3';
import type { WriteConnection } from '../db/collection-door.js';
import { dayStart, studyDay } from '../domain/day-clock.js';
import type { ImportedSchedule } from './import-model.js';
import type { CardRecord } from '../db/table-rows.js';

type CurrentCard = Pick<CardRecord, 'id' | 'key' | 'state' | 'stability' | 'difficulty' | 'learning_steps' | 'last_review'>;

/**
 * Sets imported cards to the state the source program held them in, after
 * their history was replayed: Anki's due date, interval, reps, lapses,
 * suspension, burying and flag, and its stored FSRS memory when it has one
 * (else the replayed memory, else one estimated from the interval).
 *
 * A card answered in Demarc after its last answer in the package keeps
 * Demarc's state: a package re-imported later never undoes newer study.
 * Runs inside the caller's transaction; returns how many cards it set.
 */
export class ScheduleWriter {
  private readonly cards: Database.Statement<[string], CurrentCard>;
  private readonly setStudied: Database.Statement;
  private readonly setNew: Database.Statement;

  constructor(
    db: WriteConnection,
    private readonly now: number,
    private readonly rolloverHour: number,
  ) {
    this.cards = db.prepare<[string], CurrentCard>(
      'SELECT id, key, state, stability, difficulty, learning_steps, last_review FROM cards WHERE source_deck_id = ?',
    );
    this.setStudied = db.prepare(`UPDATE cards SET state = @state, due = @due, stability = @stability, difficulty = @difficulty,
      scheduled_days = @scheduledDays, learning_steps = @learningSteps, reps = @reps, lapses = @lapses, last_review = @lastReview,
      suspended = @suspended, flag = @flag, buried_day = CASE WHEN @buried THEN @today ELSE buried_day END WHERE id = @id`);
    this.setNew = db.prepare(`UPDATE cards SET state = 0, stability = 0, difficulty = 0, scheduled_days = 0, learning_steps = 0,
      reps = @reps, lapses = @lapses, last_review = NULL, suspended = @suspended, flag = @flag,
      buried_day = CASE WHEN @buried THEN @today ELSE buried_day END WHERE id = @id`);
  }

  applyAll(schedules: ReadonlyMap<string, ReadonlyMap<string, ImportedSchedule>>): number {
    let applied = 0;
    const today = studyDay(this.now, this.rolloverHour);
    for (const [deckId, byKey] of schedules) {
      for (const card of this.cards.all(deckId)) {
        const schedule = byKey.get(card.key);
        if (!schedule || !newerOrSame(schedule, card)) continue;
        const marks = { id: card.id, suspended: schedule.suspended ? 1 : 0, flag: schedule.flag, buried: schedule.buried ? 1 : 0, today };
        if (schedule.state === 0) {
          this.setNew.run({ ...marks, reps: schedule.reps, lapses: schedule.lapses });
        } else {
          this.setStudied.run({ ...marks, ...this.studied(schedule, card) });
        }
        applied++;
      }
    }
    return applied;
  }

  private studied(schedule: ImportedSchedule, card: CurrentCard) {
    const due = schedule.due === null ? this.now : 'at' in schedule.due ? schedule.due.at : dayStart(schedule.due.day, this.rolloverHour);
    // Without stored memory or a replayed one (a package with scheduling but no history), FSRS's own reading
    // of an interval: at the due date recall is at the 90 % it aims for, so stability is about the interval.
    const memory = schedule.memory ?? (card.stability > 0 ? { stability: card.stability, difficulty: card.difficulty } : { stability: Math.max(0.1, schedule.scheduledDays || 1), difficulty: 5 });
    const estimatedLast = schedule.due !== null && 'day' in schedule.due ? dayStart(schedule.due.day - schedule.scheduledDays, this.rolloverHour) : this.now;
    return {
      state: schedule.state,
      due,
      stability: memory.stability,
      difficulty: memory.difficulty,
      scheduledDays: schedule.scheduledDays,
      learningSteps: schedule.state === 2 ? 0 : card.learning_steps,
      reps: schedule.reps,
      lapses: schedule.lapses,
      lastReview: Math.min(this.now, schedule.lastReview ?? card.last_review ?? estimatedLast),
    };
  }
}

/** The package knows the card at least as recently as the collection does. */
function newerOrSame(schedule: ImportedSchedule, card: CurrentCard): boolean {
  if (card.last_review === null) return true;
  return schedule.lastReview !== null && schedule.lastReview >= card.last_review;
}
