import { describe, expect, it } from 'vitest';
import type { ApiArgs, ApiResult, StudyCard, UndoableAction } from '../../electron/api/wire-types.js';
import { ReviewSession, type CramRules, type ReviewBackEnd, type ReviewView } from '../../renderer/src/routes/review/review-session.js';

const start = new Date(2026, 2, 4, 10, 0, 0).getTime();

function responsibility(id: number, owner: 'aws' | 'customer' = 'customer', due = start): StudyCard {
  return { id, deckId: 'd', deckTitle: 'Deck', content: { kind: 'responsibility', prompt: `p${id}`, owner, explanation: 'e' }, source: '', sourceTitle: '', tags: [], state: 0, due, previews: [] };
}

function basic(id: number): StudyCard {
  return { ...responsibility(id), content: { kind: 'basic', front: 'f', back: 'b' } };
}

function choice(id: number, answer: number[]): StudyCard {
  return { ...responsibility(id), content: { kind: 'choice', question: 'q', options: ['a', 'b', 'c', 'd'], answer, explanation: 'e' } };
}

/** The back end as the session sees it: judges picks by the card's content, keeps an undo stack of answers. */
class FakeBackEnd implements ReviewBackEnd {
  answers: ApiArgs<'study.answer'>[] = [];
  failNextAnswer: Error | null = null;
  requeueNext: StudyCard | null = null;
  stack: { card: StudyCard; undone: UndoableAction }[] = [];
  constructor(private readonly cards: Map<number, StudyCard>) {}

  check(args: ApiArgs<'study.check'>): Promise<ApiResult<'study.check'>> {
    const content = this.cards.get(args.cardId)!.content;
    let correct: boolean | null = null;
    if (content.kind === 'responsibility') correct = args.pickedOwner === content.owner;
    if (content.kind === 'choice') correct = JSON.stringify([...(args.chosenOptions ?? [])].sort()) === JSON.stringify(content.answer);
    return Promise.resolve({ correct, allowedGrades: correct === false ? [1] : [1, 2, 3, 4] });
  }

  answer(args: ApiArgs<'study.answer'>): Promise<ApiResult<'study.answer'>> {
    if (this.failNextAnswer) {
      const error = this.failNextAnswer;
      this.failNextAnswer = null;
      return Promise.reject(error);
    }
    this.answers.push(args);
    this.stack.push({ card: this.cards.get(args.cardId)!, undone: 'answer' });
    const requeue = this.requeueNext;
    this.requeueNext = null;
    return Promise.resolve({ reviewId: this.answers.length, correct: null, requeue, leech: false, undoDepth: this.stack.length, undoNext: 'answer' });
  }

  undo(): Promise<ApiResult<'study.undo'>> {
    const top = this.stack.pop();
    if (!top) return Promise.resolve(null);
    return Promise.resolve({ card: top.card, undone: top.undone, flag: 0, undoDepth: this.stack.length, undoNext: this.stack.length ? 'answer' : null });
  }
}

function setUp(cards: StudyCard[], options: { later?: StudyCard[]; cram?: CramRules } = {}) {
  const byId = new Map([...cards, ...(options.later ?? [])].map((c) => [c.id, c]));
  const backEnd = new FakeBackEnd(byId);
  const clock = { now: start, elapsed: 0 };
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  const views: ReviewView[] = [];
  let storageProblems = 0;
  const session = new ReviewSession({ sessionId: 's1', cards, later: options.later ?? [] }, options.cram, {
    backEnd,
    now: () => clock.now,
    elapsed: () => clock.elapsed,
    schedule: (run, ms) => {
      const timer = { at: clock.now + ms, run, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
    errorText: (e) => (e as Error).message,
    onChange: (view) => views.push(view),
    onStorageProblem: () => (storageProblems += 1),
  });
  /** Moves the wall clock on and runs the timers that came due. */
  const advance = (ms: number) => {
    clock.now += ms;
    for (const timer of timers.filter((t) => !t.cancelled && t.at <= clock.now)) {
      timer.cancelled = true;
      timer.run();
    }
  };
  session.start();
  return { session, backEnd, clock, views, advance, storageProblems: () => storageProblems };
}

describe('a review session (the review screen’s state)', () => {
  it('shows the cards in order; a right pick offers every grade and the answer says what the learner did', async () => {
    const { session, backEnd, clock } = setUp([responsibility(1), responsibility(2)]);
    expect(session.view.card?.id).toBe(1);
    expect(session.view.left).toBe(2);
    expect(session.grade(3)).toBe(false);
    clock.elapsed = 4_200;
    await session.pickOwner('customer');
    expect(session.view).toMatchObject({ revealed: true, correct: true, picked: 'customer', grades: [1, 2, 3, 4] });
    expect(session.grade(3)).toBe(true);
    expect(session.view).toMatchObject({ card: { id: 2 }, revealed: false, picked: null, done: 1, left: 1, tally: { right: 1, wrong: 0 } });
    await session.leave();
    expect(backEnd.answers).toEqual([{ sessionId: 's1', cardId: 1, grade: 3, durationMs: 4_200, pickedOwner: 'customer' }]);
    expect(session.view).toMatchObject({ undoDepth: 1, undoNext: 'answer' });
  });

  it('after a wrong pick only Again is allowed, and the tally counts it', async () => {
    const { session } = setUp([responsibility(1, 'aws')]);
    await session.pickOwner('customer');
    expect(session.view).toMatchObject({ correct: false, grades: [1] });
    expect(session.grade(3)).toBe(false);
    expect(session.grade(1)).toBe(true);
    expect(session.view).toMatchObject({ card: null, done: 1, tally: { right: 0, wrong: 1 } });
    await session.leave();
  });

  it('a choice card: a single answer keeps one option, Check asks the back end, nothing checked without a pick', async () => {
    const { session, backEnd } = setUp([choice(1, [2]), choice(2, [0, 3])]);
    await session.check();
    expect(session.view.revealed).toBe(false);
    session.toggleOption(1);
    session.toggleOption(2);
    session.toggleOption(9);
    expect(session.view.selected).toEqual([2]);
    await session.check();
    expect(session.view).toMatchObject({ revealed: true, correct: true });
    session.grade(4);
    session.toggleOption(0);
    session.toggleOption(3);
    session.toggleOption(0);
    expect(session.view.selected).toEqual([3]);
    await session.check();
    expect(session.view).toMatchObject({ correct: false, grades: [1] });
    session.grade(1);
    await session.leave();
    expect(backEnd.answers.map((a) => a.chosenOptions)).toEqual([[2], [3]]);
  });

  it('a flipped card reveals without asking the back end and says it was revealed', async () => {
    const { session, backEnd } = setUp([basic(1)]);
    await session.check();
    expect(session.view.revealed).toBe(true);
    session.grade(3);
    await session.leave();
    expect(backEnd.answers[0]).toMatchObject({ cardId: 1, revealed: true });
    expect(backEnd.answers[0]).not.toHaveProperty('pickedOwner');
  });

  it('an answer that cannot be written brings its card back, takes it off the tally and says so', async () => {
    const { session, backEnd, storageProblems } = setUp([basic(1), basic(2)]);
    backEnd.failNextAnswer = new Error('The disk is full.');
    await session.check();
    session.grade(3);
    expect(session.view.card?.id).toBe(2);
    await session.leave();
    expect(session.view).toMatchObject({ card: { id: 1 }, done: 0, tally: { right: 0, wrong: 0 }, left: 2 });
    expect(session.view.error).toContain('could not be saved');
    expect(session.view.error).toContain('The disk is full.');
    expect(storageProblems()).toBe(1);
    // The card that was in view comes next.
    await session.check();
    session.grade(3);
    expect(session.view.card?.id).toBe(2);
    await session.leave();
  });

  it('undo waits for the answers on their way, brings the card back and takes the answer off the tally', async () => {
    const { session } = setUp([basic(1), basic(2)]);
    await session.check();
    session.grade(1);
    await session.undo();
    expect(session.view).toMatchObject({ card: { id: 1 }, done: 0, tally: { right: 0, wrong: 0 }, notice: 'Answer undone: the card is back.', undoDepth: 0 });
    // Nothing left to take back: Ctrl+Z does nothing, as the disabled button.
    await session.undo();
    expect(session.view.card?.id).toBe(1);
    // The card that was in view is next again.
    await session.check();
    session.grade(3);
    expect(session.view.card?.id).toBe(2);
    await session.leave();
  });

  it('a learning card sent back comes back when due; until then the session waits for it', async () => {
    const { session, backEnd, advance } = setUp([basic(1)]);
    backEnd.requeueNext = { ...basic(1), due: start + 30 * 60_000 };
    await session.check();
    session.grade(1);
    await session.enqueue(() => undefined);
    expect(session.view).toMatchObject({ card: null, waitUntil: start + 30 * 60_000, waiting: 1 });
    advance(10 * 60_000);
    expect(session.view.card).toBeNull();
    advance(20 * 60_000);
    expect(session.view).toMatchObject({ card: { id: 1 }, waitUntil: null, left: 1 });
  });

  it('a waiting learning card is shown by the timer', () => {
    const later = { ...basic(5), due: start + 60 * 60_000 };
    const { session, advance } = setUp([], { later: [later] });
    expect(session.view).toMatchObject({ card: null, waitUntil: later.due, waiting: 1 });
    advance(40 * 60_000 + 1);
    expect(session.view.card).toBeNull();
    advance(20 * 60_000);
    expect(session.view).toMatchObject({ card: { id: 5 }, waitUntil: null });
  });

  it('cram: a missed card comes again at the end; past the time limit the session stops', async () => {
    const { session, clock } = setUp([basic(1), basic(2), basic(3)], { cram: { countTowardSchedule: false, repeatMissed: true, timeLimitMs: 60_000 } });
    await session.check();
    session.grade(1);
    expect(session.view.left).toBe(3);
    await session.check();
    session.grade(3);
    expect(session.view.card?.id).toBe(3);
    clock.now += 61_000;
    await session.check();
    session.grade(3);
    // The missed card still to come stays in the queue; the session says time is up.
    expect(session.view).toMatchObject({ card: null, timeUp: true, left: 1, waitUntil: null });
    await session.leave();
  });

  it('a card taken out by a card tool leaves the session; an edited card shows its new text; a deleted one moves on', async () => {
    const { session } = setUp([basic(1), basic(2), basic(3)]);
    session.removeCard(2);
    expect(session.view).toMatchObject({ card: { id: 1 }, left: 2 });
    session.editorClosed({ card: { ...basic(1), content: { kind: 'basic', front: 'new', back: 'b' } }, cardIds: [1] } as never);
    expect(session.view.card?.content).toMatchObject({ front: 'new' });
    session.setUndo({ undoDepth: 2, undoNext: 'bury' });
    session.editorClosed({ card: null, cardIds: [1] } as never);
    expect(session.view).toMatchObject({ card: { id: 3 }, undoDepth: 0 });
    session.removeCard(3);
    expect(session.view.card).toBeNull();
  });

  it('a tool queued behind an answer runs after it, and a failing tool does not stop the answers behind it', async () => {
    const { session, backEnd } = setUp([basic(1), basic(2)]);
    const order: string[] = [];
    await session.check();
    session.grade(3);
    void session.enqueue(() => {
      order.push(`tool after ${backEnd.answers.length} answers`);
      throw new Error('tool failed');
    });
    await session.check();
    session.grade(3);
    await session.leave();
    expect(order).toEqual(['tool after 1 answers']);
    expect(backEnd.answers.map((a) => a.cardId)).toEqual([1, 2]);
    expect(session.view.error).toBeNull();
  });
});
