// A replay folds every answer but the last without fuzz or the exam cap (they
// move only the due date, and only the last due date survives). This checks
// that the shortcut gives exactly the state that scheduling every answer in
// full gives, over random histories: learning steps, lapses, long gaps, clock
// skew (answers out of time order), with fuzz on and an exam date ahead.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createExamCap } from '../../electron/core/exam/exam-cap.js';
import { FsrsScheduler, newMemoryState } from '../../electron/core/scheduling/fsrs-scheduler.js';
import type { MemoryState } from '../../electron/core/scheduling/memory-state.js';
import { defaultSettings } from '../../electron/core/settings/settings-schema.js';
import { replayAnswers, type ReplayAnswer } from '../../electron/core/sync/card-replay.js';
import type { GradeValue, ReviewKind } from '../../electron/core/domain/types.js';

const start = Date.UTC(2026, 0, 5, 9);
const minute = 60_000;

/** Every answer scheduled in full, fuzz and cap included: what the shortcut must equal. */
function replayInFull(scheduler: FsrsScheduler, answers: readonly ReplayAnswer[]): MemoryState {
  let memory = newMemoryState(0);
  let last = Number.NEGATIVE_INFINITY;
  for (const a of answers) {
    if (a.kind === 'cram' || a.kind === 'manual') continue;
    const at = Math.max(a.at, last);
    memory = scheduler.next(memory, at, a.rating as GradeValue, { id: 7, deckId: 'ec2-basics' }).after;
    last = at;
  }
  return memory;
}

const history = fc
  .array(
    fc.record({
      gapMinutes: fc.oneof(fc.integer({ min: -600, max: 30 }), fc.integer({ min: 30, max: 60 * 24 * 400 })),
      rating: fc.integer({ min: 1, max: 4 }),
      kind: fc.constantFrom<ReviewKind>('review', 'review', 'learning', 'relearning', 'cram'),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((steps) => {
    let at = start;
    return steps.map((s, i) => {
      at += s.gapMinutes * minute;
      return { at, eventId: `a:${String(i).padStart(4, '0')}`, rating: s.rating, kind: s.kind } satisfies ReplayAnswer;
    });
  });

describe('the replay shortcut', () => {
  const plain = new FsrsScheduler({ ...defaultSettings, enableFuzz: true });
  const capped = new FsrsScheduler(
    { ...defaultSettings, enableFuzz: true, examDate: '2026-09-01' },
    createExamCap('2026-09-01', [], defaultSettings.rolloverHour),
  );

  it('gives exactly the state of scheduling every answer in full', () => {
    fc.assert(
      fc.property(history, (answers) => {
        for (const scheduler of [plain, capped]) {
          expect(replayAnswers(scheduler, { stableId: 7, deckId: 'ec2-basics' }, answers)).toEqual(replayInFull(scheduler, answers));
        }
      }),
      { seed: 7, numRuns: 400 },
    );
  });

  it('continues from a stored state as if it had replayed from the start', () => {
    fc.assert(
      fc.property(history, fc.nat(), (answers, cut) => {
        const k = cut % answers.length;
        const prefix = replayAnswers(capped, { stableId: 7, deckId: 'ec2-basics' }, answers.slice(0, k));
        const resumed = replayAnswers(capped, { stableId: 7, deckId: 'ec2-basics' }, answers.slice(k), k === 0 ? null : prefix);
        expect(resumed).toEqual(replayInFull(capped, answers));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
