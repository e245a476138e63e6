import { randomUUID } from 'node:crypto';
import type { CardRecord } from '../cards/card-record.js';
import { dayEnd, studyDay } from '../domain/day-clock.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { AnswerResult, GradeValue, StudyCard, UndoResult, UndoState } from '../domain/types.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';
import { checkGrade, verdictOf, type LearnerAction } from './answer-check.js';
import { parseContent } from '../cards/card-record.js';
import type { AnswerOutcome, AnswerRecorder, UndoEntry } from './answer-card.js';
import type { CardToolAction, CardToolSnapshot, SessionUndoEntry } from './review-undo.js';

/** One answer as the review screen (or a script) sends it: what the learner did, never a verdict. */
export interface AnswerRequest extends LearnerAction {
  /** The session the answer belongs to; scripted callers (tests, CLI) omit it and share one session of their own. */
  sessionId?: string | undefined;
  cardId: number;
  grade: GradeValue;
  durationMs: number;
  /** Only for answers outside a session: a session knows whether it crams. */
  cram?: { countTowardSchedule: boolean } | undefined;
}

export type SessionKind = 'study' | 'cram';

interface Session {
  id: string;
  kind: SessionKind;
  countTowardSchedule: boolean;
  undo: SessionUndoEntry[];
}

/** Hooks for what follows an answer or an undo (sync's change files, say). Called after the transaction committed. */
export interface ReviewListener {
  answered?(event: { request: AnswerRequest; outcome: AnswerOutcome; correct: boolean | null; sessionKind: SessionKind }): void;
  undone?(event: { entry: UndoEntry; sessionId: string }): void;
}

export interface ReviewContext {
  recorder: AnswerRecorder;
  settings(): Settings;
  scheduler(): FsrsScheduler;
  /** The scheduler of a deck's preset (answers follow it). */
  schedulerFor(deckId: string): FsrsScheduler;
  now(): number;
  studyCard(record: CardRecord, now: number, keepSchedule: boolean): StudyCard;
  cardRecord(cardId: number): CardRecord;
  /** After every write (the idle checkpoint). */
  afterWrite(): void;
  /** The columns a card tool is about to change, read before it runs. */
  snapshotForTool(action: CardToolAction, cardIds: number[]): CardToolSnapshot[];
  /** Puts them back (through the collection's door); returns how many of the cards still exist. */
  restoreTool(action: CardToolAction, before: CardToolSnapshot[]): number;
  /** A card's flag now. */
  flagOf(cardId: number): number;
}

const undoLimit = 50;
/** Sessions kept in memory; the oldest is forgotten first (its answers stay, its undo goes). */
const sessionLimit = 32;

/**
 * Study and cram sessions, owned by the back end. A session has an id the
 * review screen sends with every answer; undo takes back only answers of that
 * session, newest first, so a new session (after leaving or reloading) can
 * never undo an earlier one's answer, and a cram answer is only ever undone
 * inside its cram session. The card tools used in review (bury, suspend,
 * flag, set due date) go on the same stack, so Ctrl+Z takes back whatever the
 * learner did last, and using one no longer ends the undo of the answers. Sessions live as long as the process: after a
 * restart the old ids are unknown and their answers are final.
 *
 * `answer` and `undo` are the one path every review takes.
 */
export class ReviewSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners: ReviewListener[] = [];
  /** The session of scripted callers that send no id; its id is never handed out, so no screen can undo into it. */
  private readonly direct: Session = { id: randomUUID(), kind: 'study', countTowardSchedule: true, undo: [] };

  constructor(private readonly ctx: ReviewContext) {}

  start(kind: SessionKind, countTowardSchedule = true): string {
    const id = randomUUID();
    this.sessions.set(id, { id, kind, countTowardSchedule: kind === 'study' || countTowardSchedule, undo: [] });
    while (this.sessions.size > sessionLimit) this.sessions.delete(this.sessions.keys().next().value as string);
    return id;
  }

  listen(listener: ReviewListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** The verdict the review screen shows before grading; nothing is written. */
  check(cardId: number, action: LearnerAction): { correct: boolean | null; allowedGrades: GradeValue[] } {
    return verdictOf(parseContent(this.ctx.cardRecord(cardId)), action);
  }

  answer(request: AnswerRequest): AnswerResult {
    const scripted = request.sessionId === undefined;
    const session = scripted ? this.direct : this.session(request.sessionId!);
    const record = this.ctx.cardRecord(request.cardId);
    const verdict = verdictOf(parseContent(record), request, !scripted);
    checkGrade(verdict, request.grade);
    const cram = scripted ? request.cram : session.kind === 'cram' ? { countTowardSchedule: session.countTowardSchedule } : undefined;
    const now = this.ctx.now();
    const settings = this.ctx.settings();
    const outcome = this.ctx.recorder.answer(
      { cardId: request.cardId, grade: request.grade, durationMs: request.durationMs, pickedOwner: request.pickedOwner, correct: verdict.correct ?? undefined, cram },
      now,
      settings,
      (deckId) => this.ctx.schedulerFor(deckId),
    );
    this.ctx.afterWrite();
    this.push(session, { action: 'answer', answer: outcome.undo });
    for (const l of this.listeners) l.answered?.({ request, outcome, correct: verdict.correct, sessionKind: cram ? 'cram' : 'study' });
    const card = outcome.card;
    const today = studyDay(now, settings.rolloverHour);
    const stillToday = !cram && !card.suspended && (card.state === 1 || card.state === 3) && card.due < dayEnd(today, settings.rolloverHour);
    return {
      reviewId: outcome.reviewId,
      correct: verdict.correct,
      requeue: stillToday ? this.ctx.studyCard(card, now, false) : null,
      leech: outcome.leech,
      ...undoStateOf(session),
    };
  }

  /**
   * Runs a card tool inside a session and puts it on the session's undo
   * stack: `run` writes without ending any undo history. Other sessions'
   * stacks are forgotten, since their undo restores whole cards this action
   * may have changed.
   */
  recordTool<T>(sessionId: string, action: CardToolAction, cardIds: number[], run: () => T): { value: T; undo: UndoState } {
    const session = this.session(sessionId);
    const before = this.ctx.snapshotForTool(action, cardIds);
    const value = run();
    this.ctx.afterWrite();
    for (const other of [...this.sessions.values(), this.direct]) if (other !== session) other.undo.length = 0;
    this.push(session, { action, cardId: cardIds[0]!, before });
    return { value, undo: undoStateOf(session) };
  }

  private push(session: Session, entry: SessionUndoEntry): void {
    session.undo.push(entry);
    if (session.undo.length > undoLimit) session.undo.shift();
  }

  /**
   * Takes back the session's last step: an answer (the card as it was, to be
   * shown again in the same session) or a card tool (the card as it is now,
   * back in the session).
   */
  undo(sessionId?: string): UndoResult | null {
    const session = sessionId === undefined ? this.direct : this.session(sessionId);
    const entry = session.undo.at(-1);
    if (!entry) return null;
    const keepSchedule = session.kind === 'cram' && !session.countTowardSchedule;
    if (entry.action === 'answer') {
      this.ctx.recorder.undo(entry.answer);
      session.undo.pop();
      this.ctx.afterWrite();
      for (const l of this.listeners) l.undone?.({ entry: entry.answer, sessionId: session.id });
      const card = entry.answer.before;
      return { card: this.ctx.studyCard(card, this.ctx.now(), keepSchedule), undone: 'answer', flag: this.ctx.flagOf(card.id), ...undoStateOf(session) };
    }
    // A refused write (the file gone) leaves the step on the stack; a step whose card was
    // deleted since leaves it, so that the one under it can be taken back.
    const restored = this.ctx.restoreTool(entry.action, entry.before);
    session.undo.pop();
    if (restored === 0) {
      throw new DemarcError(ErrorCode.conflict, 'That card was deleted, so there is nothing to take back. Press Undo again for the step before.');
    }
    this.ctx.afterWrite();
    const card = this.ctx.cardRecord(entry.cardId);
    return { card: this.ctx.studyCard(card, this.ctx.now(), keepSchedule), undone: entry.action, flag: this.ctx.flagOf(card.id), ...undoStateOf(session) };
  }

  undoDepth(sessionId?: string): number {
    return (sessionId === undefined ? this.direct : this.sessions.get(sessionId))?.undo.length ?? 0;
  }

  /** What the session's Undo button offers now. */
  undoState(sessionId: string): UndoState {
    return undoStateOf(this.session(sessionId));
  }

  /** Forgets every session's undo history (cards changed outside the review path); the sessions go on. */
  clearUndo(): void {
    for (const s of this.sessions.values()) s.undo.length = 0;
    this.direct.undo.length = 0;
  }

  private session(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) {
      throw new DemarcError(ErrorCode.sessionEnded, 'This study session has ended (Demarc was restarted or the session is too old). Start a new one from Today.');
    }
    return session;
  }
}

function undoStateOf(session: Session): UndoState {
  return { undoDepth: session.undo.length, undoNext: session.undo.at(-1)?.action ?? null };
}
