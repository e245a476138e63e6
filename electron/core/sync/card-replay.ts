import type { GradeValue, ReviewKind } from '../domain/types.js';
import { newMemoryState, type FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { MemoryState } from '../scheduling/memory-state.js';
import type { Settings } from '../settings/settings-schema.js';
import { manualDueSchema } from '../domain/value-rules.js';

/** One answer as the replay sees it: the merged log's rows of one card. */
export interface ReplayAnswer {
  at: number;
  eventId: string;
  rating: number;
  kind: ReviewKind;
}

/** The kinds of log row that move the schedule (cram and manual rows do not). */
const scheduling = new Set<ReviewKind>(['learning', 'review', 'relearning']);

export function isSchedulingKind(kind: ReviewKind): boolean {
  return scheduling.has(kind);
}

/** Time order, ties broken by event id: the same order on every device. */
export function compareAnswers(a: { at: number; eventId: string }, b: { at: number; eventId: string }): number {
  return a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/**
 * A card's scheduling state as a function of its merged history: the answers
 * folded through FSRS in time order, from `start` (a new card, or the state
 * after an earlier prefix of the same history). ts-fsrs seeds its fuzz from
 * the review time and the card's state (DefaultInitSeedStrategy), so every
 * device computes the same due dates. The review time never goes backwards,
 * even when two devices' clocks disagree.
 */
export function replayAnswers(
  scheduler: FsrsScheduler,
  card: { stableId: number; deckId: string },
  answers: readonly ReplayAnswer[],
  start: MemoryState | null = null,
): MemoryState {
  let memory = start ?? newMemoryState(0);
  let last = memory.lastReview ?? Number.NEGATIVE_INFINITY;
  let final = answers.length - 1;
  while (final >= 0 && !scheduling.has(answers[final]!.kind)) final -= 1;
  for (let i = 0; i <= final; i++) {
    const a = answers[i]!;
    if (!scheduling.has(a.kind)) continue;
    const at = Math.max(a.at, last);
    // Only the last answer's due date survives the replay, so only it pays for fuzz and the exam cap.
    memory =
      i === final
        ? scheduler.next(memory, at, a.rating as GradeValue, { id: card.stableId, deckId: card.deckId }).after
        : scheduler.memoryAfter(memory, at, a.rating as GradeValue);
    last = at;
  }
  return memory;
}

/** The settings a replay depends on: a stored replay state is reused only while these are unchanged. */
export function schedulerFingerprint(s: Settings, deckExamDate: string | null): string {
  return JSON.stringify([
    s.desiredRetention, s.maximumIntervalDays, s.enableFuzz, s.learningSteps, s.relearningSteps, s.fsrsWeights,
    s.examDate, s.examDeckIds, s.rolloverHour, deckExamDate,
  ]);
}

/**
 * The card's state with its due date set by hand, when that was done after
 * its last answer (and after its last reset): set due date, or a schedule
 * kept when the settings changed without rescheduling. A later answer
 * schedules the card again; a new card has no schedule to move. As set due
 * date does, a learning card moved to a later day continues as a review.
 */
export function withManualDue(memory: MemoryState, setDue: string | null, resetAt: number, lastAnswerAt: number | null): MemoryState {
  if (setDue === null || memory.state === 0) return memory;
  const parsed = manualDueSchema.safeParse(JSON.parse(setDue));
  if (!parsed.success || parsed.data === null) return memory;
  const manual = parsed.data;
  if (manual.at < resetAt || (lastAnswerAt !== null && lastAnswerAt >= manual.at)) return memory;
  const state = (memory.state === 1 || memory.state === 3) && manual.days > 0 ? 2 : memory.state;
  return { ...memory, due: manual.due, scheduledDays: manual.days, state };
}
