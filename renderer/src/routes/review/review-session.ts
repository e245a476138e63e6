import type { ApiArgs, ApiResult, GradeValue, Owner, SavedNoteView, StudyCard, StudySession, UndoableAction } from '../../../../electron/api/wire-types';
import { ReviewQueue } from './review-queue';

/** The back end as a review session uses it: check a pick, write an answer, take back the last action. */
export interface ReviewBackEnd {
  check(args: ApiArgs<'study.check'>): Promise<ApiResult<'study.check'>>;
  answer(args: ApiArgs<'study.answer'>): Promise<ApiResult<'study.answer'>>;
  undo(args: ApiArgs<'study.undo'>): Promise<ApiResult<'study.undo'>>;
}

/** What a session needs from its surroundings: the clocks, a timer, how an error reads, and what to tell the screen. */
export interface ReviewPorts {
  backEnd: ReviewBackEnd;
  /** Wall clock (ms): due times and the cram time limit. */
  now: () => number;
  /** Monotonic clock (ms): how long a card was shown. */
  elapsed: () => number;
  /** Runs `run` after `ms`; returns what cancels it. */
  schedule: (run: () => void, ms: number) => () => void;
  errorText: (error: unknown) => string;
  /** Called after every change of what the screen shows. */
  onChange: (view: ReviewView) => void;
  /** A new card is on screen (the screen moves the focus to it). */
  onShown?: () => void;
  /** An answer could not be written (the storage banner looks at the disk). */
  onStorageProblem?: () => void;
  /** An undo changed a card's flag (the card tools show it). */
  onFlagRestored?: (cardId: number, flag: number) => void;
}

export interface CramRules {
  countTowardSchedule: boolean;
  repeatMissed: boolean;
  timeLimitMs?: number | undefined;
}

/** Everything the review screen draws, as one value. */
export interface ReviewView {
  card: StudyCard | null;
  revealed: boolean;
  picked: Owner | null;
  selected: number[];
  /** The back end's verdict on the pick (true for a flipped card). */
  correct: boolean;
  /** The grades the back end allows for what the learner did (after a wrong pick, only Again). */
  grades: GradeValue[];
  left: number;
  done: number;
  undoDepth: number;
  /** What Ctrl+Z takes back next, as the back end's stack says: the Undo button names it. */
  undoNext: UndoableAction | null;
  error: string | null;
  notice: string | null;
  tally: { right: number; wrong: number };
  /** When nothing can be shown now: when the next learning card comes back. */
  waitUntil: number | null;
  /** Learning cards still to come back (shown while waiting). */
  waiting: number;
  timeUp: boolean;
}

const allGrades: GradeValue[] = [1, 2, 3, 4];

const undoneNotices: Record<UndoableAction, string> = {
  answer: 'Answer undone: the card is back.',
  bury: 'Bury undone: the card is back.',
  suspend: 'Suspend undone: the card is back in reviews.',
  flag: 'Flag undone.',
  setDue: 'Due date undone: the card is back.',
};

/** The longest time an answer is said to have taken (an hour: the learner walked away). */
const longestAnswerMs = 3_600_000;

/**
 * One review session's state machine: which card shows, what the learner
 * picked, the verdict and the grades it allows, answers written in order
 * behind the screen (and taken back when writing fails), undo, cram rules,
 * and learning cards that come back later. The screen draws `view` and
 * forwards keys and clicks; the back end owns verdicts, answers and undo.
 */
export class ReviewSession {
  readonly sessionId: string;
  private readonly queue: ReviewQueue;
  private readonly startedAt: number;
  private state: ReviewView;
  /** Grades given in this session, newest last, so an undo can take its answer off the tally. */
  private readonly given: GradeValue[] = [];
  private checking = false;
  private shownAt: number;
  /** Answers and card tools, written one after the other in the order given. */
  private pending: Promise<unknown> = Promise.resolve();
  private cancelWait: (() => void) | null = null;

  constructor(
    session: StudySession,
    private readonly cram: CramRules | undefined,
    private readonly ports: ReviewPorts,
  ) {
    this.sessionId = session.sessionId;
    this.queue = new ReviewQueue(session.cards, session.later);
    this.startedAt = ports.now();
    this.shownAt = ports.elapsed();
    this.state = {
      card: null,
      revealed: false,
      picked: null,
      selected: [],
      correct: true,
      grades: allGrades,
      left: this.queue.size,
      done: 0,
      undoDepth: 0,
      undoNext: null,
      error: null,
      notice: null,
      tally: { right: 0, wrong: 0 },
      waitUntil: null,
      waiting: 0,
      timeUp: false,
    };
  }

  get view(): ReviewView {
    return this.state;
  }

  /** Shows the first card. */
  start(): void {
    this.show(this.queue.take(this.ports.now()));
  }

  /** Stops the timer of a waiting learning card. */
  stop(): void {
    this.cancelWait?.();
    this.cancelWait = null;
  }

  private update(change: Partial<ReviewView>): void {
    this.state = { ...this.state, ...change };
    this.ports.onChange(this.state);
  }

  private show(next: StudyCard | null): void {
    let timeUp = this.state.timeUp;
    if (next && this.cram?.timeLimitMs && this.ports.now() - this.startedAt > this.cram.timeLimitMs) {
      this.queue.putFirst(next);
      timeUp = true;
      next = null;
    }
    this.shownAt = this.ports.elapsed();
    this.stop();
    let waitUntil: number | null = null;
    if (!next && !timeUp) {
      const due = this.queue.nextLaterDue();
      if (due !== null) {
        waitUntil = due;
        this.cancelWait = this.ports.schedule(() => this.show(this.queue.take(this.ports.now())), Math.max(1000, due - this.ports.now()));
      }
    }
    this.update({
      card: next,
      revealed: false,
      picked: null,
      selected: [],
      correct: true,
      grades: allGrades,
      left: this.queue.size + (next ? 1 : 0),
      waitUntil,
      waiting: this.queue.size,
      timeUp,
    });
    this.ports.onShown?.();
  }

  /** The back end's undo stack after an answer or a card tool (null: nothing to take back). */
  setUndo(undo: { undoDepth: number; undoNext: UndoableAction | null } | null): void {
    this.update({ undoDepth: undo?.undoDepth ?? 0, undoNext: undo?.undoNext ?? null });
  }

  setError(error: string | null): void {
    this.update({ error });
  }

  setNotice(notice: string | null): void {
    this.update({ notice });
  }

  /** A card buried, suspended or moved to another day leaves the session (the Undo button brings it back). */
  removeCard(cardId: number): void {
    this.queue.remove(cardId);
    if (this.state.card?.id === cardId) this.show(this.queue.take(this.ports.now()));
    else this.update({ left: this.queue.size + (this.state.card ? 1 : 0) });
  }

  /** The back end judges the pick; the session shows its verdict and offers the grades it allows. */
  private async judge(action: { pickedOwner: Owner } | { chosenOptions: number[] }): Promise<void> {
    const judged = this.state.card;
    if (!judged || this.checking) return;
    this.checking = true;
    try {
      const verdict = await this.ports.backEnd.check({ cardId: judged.id, ...action });
      if (this.state.card !== judged) return;
      this.update({ correct: verdict.correct !== false, grades: verdict.allowedGrades, revealed: true });
    } catch (e) {
      this.update({ ...('pickedOwner' in action ? { picked: null } : {}), error: this.ports.errorText(e) });
    } finally {
      this.checking = false;
    }
  }

  /** A responsibility card: the learner's owner, judged by the back end. */
  pickOwner(owner: Owner): Promise<void> {
    const { card, revealed } = this.state;
    if (!card || revealed || card.content.kind !== 'responsibility') return Promise.resolve();
    this.update({ picked: owner });
    return this.judge({ pickedOwner: owner });
  }

  /** A choice card: one option on or off (a single-answer card keeps one). */
  toggleOption(index: number): void {
    const { card, revealed, selected } = this.state;
    if (!card || revealed || card.content.kind !== 'choice') return;
    if (index < 0 || index >= card.content.options.length) return;
    const single = card.content.answer.length === 1;
    this.update({ selected: selected.includes(index) ? selected.filter((i) => i !== index) : single ? [index] : [...selected, index] });
  }

  /** "Check" on a choice card (judged by the back end), "Show answer" on a flipped one. */
  check(): Promise<void> {
    const { card, revealed, selected } = this.state;
    if (!card || revealed) return Promise.resolve();
    if (card.content.kind === 'choice') {
      if (selected.length === 0) return Promise.resolve();
      return this.judge({ chosenOptions: [...selected] });
    }
    this.update({ revealed: true });
    return Promise.resolve();
  }

  /**
   * Grades the card in view and shows the next one at once; the answer is
   * written behind it, in order. Returns false when the grade is not allowed
   * now.
   */
  grade(value: GradeValue): boolean {
    const { card: answered, revealed, grades, picked, selected } = this.state;
    if (!answered || !revealed || !grades.includes(value)) return false;
    const kind = answered.content.kind;
    // What the learner did, not a verdict: the back end judges it again and refuses a forbidden grade.
    const args: ApiArgs<'study.answer'> = {
      sessionId: this.sessionId,
      cardId: answered.id,
      grade: value,
      durationMs: Math.max(0, Math.min(longestAnswerMs, Math.round(this.ports.elapsed() - this.shownAt))),
      ...(kind === 'responsibility' && picked ? { pickedOwner: picked } : {}),
      ...(kind === 'choice' ? { chosenOptions: [...selected] } : {}),
      ...(kind === 'basic' ? { revealed: true } : {}),
    };
    this.given.push(value);
    const tally = value === 1 ? { ...this.state.tally, wrong: this.state.tally.wrong + 1 } : { ...this.state.tally, right: this.state.tally.right + 1 };
    // A note about the last card ("Buried until tomorrow.") does not follow the learner to the next ones.
    this.update({ done: this.state.done + 1, notice: null, tally });
    if (this.cram?.repeatMissed && value === 1) this.queue.addLast(answered);
    this.show(this.queue.take(this.ports.now()));
    this.pending = this.pending
      .then(() => this.ports.backEnd.answer(args))
      .then((result) => {
        this.setUndo(result);
        if (result.leech) this.setNotice('That card keeps slipping: it was tagged "leech"' + (result.requeue ? '.' : ' and set aside (suspended). Rewrite it or unsuspend it in Decks.'));
        if (result.requeue) {
          this.queue.addLater(result.requeue);
          if (!this.state.card) this.show(this.queue.take(this.ports.now()));
          else this.update({ left: this.queue.size + 1 });
        }
      })
      .catch((e: unknown) => {
        // The screen moved on before the answer was written: it was not saved, so the card comes back.
        this.takeOffTally(value);
        this.queue.remove(answered.id);
        const inView = this.state.card;
        if (inView && inView.id !== answered.id) this.queue.putFirst(inView);
        this.show(answered);
        this.setError(`Your last answer could not be saved, so that card is back. ${this.ports.errorText(e)}`);
        this.ports.onStorageProblem?.();
      });
    return true;
  }

  private takeOffTally(value: GradeValue | undefined): void {
    const at = value === undefined ? -1 : this.given.lastIndexOf(value);
    if (at >= 0) this.given.splice(at, 1);
    const { right, wrong } = this.state.tally;
    const tally = value === undefined ? { right, wrong } : value === 1 ? { right, wrong: Math.max(0, wrong - 1) } : { right: Math.max(0, right - 1), wrong };
    this.update({ done: Math.max(0, this.state.done - 1), tally });
  }

  /** Runs `work` after the answers and tools already on their way, so Ctrl+Z right after finds it on the stack. */
  enqueue(work: () => Promise<unknown> | unknown): Promise<void> {
    // A failed tool says so itself; the answers behind it are still written.
    const next = this.pending.then(work).then(
      () => undefined,
      () => undefined,
    );
    this.pending = next;
    return next;
  }

  /** Takes back the newest answer or card tool of this session, as the back end's stack says. */
  async undo(): Promise<void> {
    // Answers and card tools still on their way are on the stack first.
    await this.pending.catch(() => undefined);
    // Ctrl+Z does exactly what the Undo button does: nothing while it is disabled.
    if (this.state.undoDepth === 0) return;
    try {
      const result = await this.ports.backEnd.undo({ sessionId: this.sessionId });
      if (!result) return this.setUndo(null);
      this.setUndo(result);
      this.setNotice(undoneNotices[result.undone]);
      this.ports.onFlagRestored?.(result.card.id, result.flag);
      if (result.undone === 'answer') this.takeOffTally(this.given.at(-1));
      // A flag taken back on the card in view leaves it as it is (revealed or not).
      if (result.undone === 'flag' && this.state.card?.id === result.card.id) return;
      this.queue.remove(result.card.id);
      const inView = this.state.card;
      if (inView && inView.id !== result.card.id) this.queue.putFirst(inView);
      this.show(result.card);
    } catch (e) {
      this.setError(this.ports.errorText(e));
    }
  }

  /** Resolves once every answer on its way is written (or refused): the screen may close then. */
  async leave(): Promise<void> {
    this.stop();
    await this.pending.catch(() => undefined);
  }

  /** Back from the editor: the edited text shows at once, where the learner left off. */
  editorClosed(saved: SavedNoteView | null): void {
    // A change forgets the answers' undo on the back end (undo restores whole cards).
    if (saved) this.setUndo(null);
    const card = this.state.card;
    if (saved?.card && card && saved.card.id === card.id) {
      this.update({ card: { ...card, content: saved.card.content, tags: saved.card.tags } });
    } else if (saved && !saved.card && card && saved.cardIds.includes(card.id)) {
      // Deleted from the editor: on to the next card.
      this.show(this.queue.take(this.ports.now()));
      return;
    }
    this.ports.onShown?.();
  }
}
