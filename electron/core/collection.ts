import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from './db/open-database.js';
import { translateSqliteError } from './db/sqlite-errors.js';
import { DemarcError, ErrorCode } from './domain/errors.js';
import { dayEnd, studyDay } from './domain/day-clock.js';
import type { AnswerResult, DeckOptions, DeckSummary, DoctorReport, GradeValue, Owner, StudyCard, StudySession, TodayView, UndoResult } from './domain/types.js';
import { loadSettings, saveSettings } from './settings/settings-store.js';
import type { Settings } from './settings/settings-schema.js';
import { FsrsScheduler } from './scheduling/fsrs-scheduler.js';
import { StudyQueueBuilder, type DailyQueue, type QueueScope } from './review/study-queue.js';
import { AnswerRecorder, type UndoEntry } from './review/answer-card.js';
import { toStudyCard } from './review/study-cards.js';
import { syncBuiltinDecks } from './decks/builtin-decks.js';
import { deckSummaries, streakDays } from './decks/deck-summaries.js';
import { CardActions } from './cards/card-actions.js';
import type { CardRecord } from './cards/card-record.js';
import { backupTo, dailyBackup, timestampedName } from './backup/backups.js';
import { createExamCap } from './exam/exam-cap.js';
import { computeReadiness } from './exam/exam-readiness.js';
import { buildCramQueue, type CramRequest } from './exam/cram-queue.js';

export interface CollectionOptions {
  file: string;
  /** Folder of the built-in decks (decks/*.json); omitted = none loaded. */
  builtinDecksDir?: string | undefined;
  /** Folder for automatic backups; omitted = next to the collection in `backups/`. */
  backupDir?: string | undefined;
  nativeBinding?: string | undefined;
  /** The clock, replaceable in tests. */
  now?: () => number;
  /**
   * The once-a-day backup: 'soon' takes it a few seconds after opening, off the
   * startup path (the app and web mode); 'off' skips it (the CLI, tests).
   */
  dailyBackup?: 'soon' | 'off' | undefined;
}

const dailyBackupDelayMs = 5000;

export interface AnswerRequest {
  cardId: number;
  grade: GradeValue;
  durationMs: number;
  pickedOwner?: Owner | undefined;
  correct?: boolean | undefined;
  cram?: { countTowardSchedule: boolean } | undefined;
}

const undoLimit = 50;
/** Checkpoint the WAL once answers pause this long, instead of inside an answer's commit. */
const idleCheckpointMs = 2000;
/** A safety net for long unbroken bursts: SQLite checkpoints by itself past this many WAL pages. */
const walAutoCheckpointPages = 10_000;

/** The back end's single entry point: one open collection file and everything done to it. */
export class Collection {
  readonly db: Database.Database;
  readonly file: string;
  readonly backupDir: string;
  /** The better-sqlite3 build this collection was opened with, for connections of its own (import worker). */
  readonly nativeBinding: string | undefined;
  private settingsCache: Settings;
  private schedulerCache: FsrsScheduler;
  private readonly queue: StudyQueueBuilder;
  private readonly recorder: AnswerRecorder;
  readonly cards: CardActions;
  private readonly undoStack: UndoEntry[] = [];
  private readonly deckTitles = new Map<string, string>();
  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;
  readonly now: () => number;

  private constructor(db: Database.Database, options: CollectionOptions) {
    this.db = db;
    this.file = options.file;
    this.now = options.now ?? Date.now;
    this.backupDir = options.backupDir ?? path.join(path.dirname(path.resolve(options.file)), 'backups');
    this.nativeBinding = options.nativeBinding;
    this.settingsCache = loadSettings(db);
    this.schedulerCache = this.makeScheduler();
    this.queue = new StudyQueueBuilder(db);
    this.recorder = new AnswerRecorder(db);
    this.cards = new CardActions(db);
    if (options.file !== ':memory:') db.pragma(`wal_autocheckpoint = ${walAutoCheckpointPages}`);
  }

  static open(options: CollectionOptions): Collection {
    const backupDir = options.backupDir ?? path.join(path.dirname(path.resolve(options.file)), 'backups');
    const now = options.now ?? Date.now;
    const db = openDatabase(options.file, {
      nativeBinding: options.nativeBinding,
      beforeMigrate: (old) => {
        if (options.file !== ':memory:') backupTo(old, path.join(backupDir, timestampedName('before-migration', now())));
      },
    });
    try {
      if (options.builtinDecksDir) syncBuiltinDecks(db, options.builtinDecksDir, now());
      const collection = new Collection(db, { ...options, backupDir });
      if (options.file !== ':memory:' && options.dailyBackup === 'soon') collection.scheduleDailyBackup();
      return collection;
    } catch (error) {
      db.close();
      // Syncing the decks takes the write lock: another process holding it, a read-only folder
      // or a full disk must reach the user as a typed error, not as a raw SQLite one.
      throw translateSqliteError(error, options.file);
    }
  }

  close(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    if (this.backupTimer) clearTimeout(this.backupTimer);
    if (this.db.open) this.db.close();
  }

  private backupTimer: ReturnType<typeof setTimeout> | null = null;
  /** The last failure of background upkeep (a backup on a full disk, say): kept for `doctor`, never thrown from a timer. */
  lastBackgroundError: string | null = null;

  private inBackground(work: () => unknown): void {
    if (!this.db.open || this.db.inTransaction) return;
    try {
      work();
    } catch (error) {
      this.lastBackgroundError = error instanceof Error ? error.message : String(error);
    }
  }

  private scheduleDailyBackup(): void {
    this.backupTimer = setTimeout(() => {
      this.backupTimer = null;
      this.inBackground(() => dailyBackup(this.db, this.backupDir, this.now()));
    }, dailyBackupDelayMs);
    this.backupTimer.unref?.();
  }

  /**
   * Moves WAL pages into the database while the learner reads the next card,
   * so no answer pays for a checkpoint. The timer never keeps the process alive.
   */
  private scheduleIdleCheckpoint(): void {
    if (this.file === ':memory:') return;
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      this.inBackground(() => this.db.pragma('wal_checkpoint(PASSIVE)'));
    }, idleCheckpointMs);
    this.checkpointTimer.unref?.();
  }

  get settings(): Settings {
    return this.settingsCache;
  }

  get scheduler(): FsrsScheduler {
    return this.schedulerCache;
  }

  updateSettings(patch: unknown): Settings {
    this.settingsCache = saveSettings(this.db, this.settingsCache, patch);
    this.schedulerCache = this.makeScheduler();
    return this.settingsCache;
  }

  private makeScheduler(): FsrsScheduler {
    const s = this.settingsCache;
    return new FsrsScheduler(s, createExamCap(s.examDate, s.examDeckIds, s.rolloverHour, this.deckExamDates()));
  }

  private deckExamDates(): Map<string, string> {
    const rows = this.db.prepare('SELECT id, exam_date AS examDate FROM decks WHERE exam_date IS NOT NULL').all() as { id: string; examDate: string }[];
    return new Map(rows.map((r) => [r.id, r.examDate]));
  }

  setDeckOptions(deckId: string, options: DeckOptions): void {
    this.cards.setDeckOptions(deckId, options);
    this.schedulerCache = this.makeScheduler();
  }

  today(): TodayView {
    const now = this.now();
    const queue = this.queue.build(this.settings, now);
    const decks = this.deckViews(queue);
    const totals = queue.totals;
    const reviewsToday = this.db.prepare("SELECT coalesce(sum(reviews), 0) FROM daily_reviews WHERE day = ?").pluck().get(queue.day) as number;
    const nextDueAt = totals.due + totals.new + totals.learning > 0 ? now : this.nextDueAfter(now, queue.day);
    return {
      day: queue.day,
      now,
      decks,
      totals,
      reviewsToday,
      streakDays: streakDays(this.db, queue.day),
      nextDueAt,
      exam: computeReadiness(this.db, this.settings, this.scheduler, queue.day),
    };
  }

  /** Every deck with its counts, today's share of the queue and its own exam readiness: the Decks screen and the CLI. */
  decks(): DeckSummary[] {
    return this.deckViews(this.queue.build(this.settings, this.now()));
  }

  private deckViews(queue: DailyQueue): DeckSummary[] {
    return deckSummaries(this.db, queue).map((d) => {
      if (!d.options.examDate) return d;
      const exam = computeReadiness(this.db, { ...this.settings, examDate: d.options.examDate, examDeckIds: [d.id] }, this.scheduler, queue.day, { record: false });
      return exam ? { ...d, exam: { date: exam.examDate, daysLeft: exam.daysLeft, readiness: exam.readiness } } : d;
    });
  }

  /** When the next card comes due: a learning card later today, else the first review of a later day. */
  private nextDueAfter(now: number, day: number): number | null {
    const learning = this.db.prepare('SELECT min(due) FROM cards WHERE state IN (1, 3) AND suspended = 0 AND retired = 0').pluck().get() as number | null;
    if (learning !== null) return Math.max(now, learning);
    const end = dayEnd(day, this.settings.rolloverHour);
    const review = this.db.prepare('SELECT min(due) FROM cards WHERE state = 2 AND suspended = 0 AND retired = 0').pluck().get() as number | null;
    if (review === null) return null;
    return Math.max(end, review);
  }

  /** Today's queue as rows: limits, burying and interleaving, without the card views. */
  buildQueue(scope: QueueScope = {}, now = this.now()): DailyQueue {
    return this.queue.build(this.settings, now, scope);
  }

  study(scope: QueueScope = {}): StudySession {
    const now = this.now();
    const q = this.buildQueue(scope, now);
    return {
      cards: [...q.learning, ...q.main].map((r) => this.studyCard(r, now)),
      later: q.learningLater.map((r) => this.studyCard(r, now)),
    };
  }

  cram(request: CramRequest, countTowardSchedule: boolean): StudySession {
    const now = this.now();
    const rows = buildCramQueue(this.db, this.settings, this.scheduler, request, now);
    return { cards: rows.map((r) => this.studyCard(r, now, !countTowardSchedule)), later: [] };
  }

  answer(request: AnswerRequest): AnswerResult {
    const now = this.now();
    const outcome = this.recorder.answer(request, now, this.settings, this.scheduler);
    this.scheduleIdleCheckpoint();
    this.undoStack.push(outcome.undo);
    if (this.undoStack.length > undoLimit) this.undoStack.shift();
    const card = outcome.card;
    const today = studyDay(now, this.settings.rolloverHour);
    const stillToday =
      !request.cram && !card.suspended && (card.state === 1 || card.state === 3) && card.due < dayEnd(today, this.settings.rolloverHour);
    return {
      reviewId: outcome.reviewId,
      requeue: stillToday ? this.studyCard(card, now) : null,
      leech: outcome.leech,
      undoDepth: this.undoStack.length,
    };
  }

  /** Takes back the last answer; returns the card as it was, to be shown again. */
  undo(): UndoResult | null {
    const entry = this.undoStack.at(-1);
    if (!entry) return null;
    this.recorder.undo(entry);
    this.undoStack.pop();
    return { card: this.studyCard(entry.before, this.now()), undoDepth: this.undoStack.length };
  }

  get undoDepth(): number {
    return this.undoStack.length;
  }

  /** Forgets the undo history (after anything that changes cards outside the review path). */
  clearUndo(): void {
    this.undoStack.length = 0;
  }

  deckTitle(deckId: string): string {
    let title = this.deckTitles.get(deckId);
    if (title === undefined) {
      title = (this.db.prepare('SELECT title FROM decks WHERE id = ?').pluck().get(deckId) as string | undefined) ?? deckId;
      this.deckTitles.set(deckId, title);
    }
    return title;
  }

  invalidateDeckTitles(): void {
    this.deckTitles.clear();
  }

  studyCard(r: CardRecord, now: number, keepSchedule = false): StudyCard {
    return toStudyCard(r, this.deckTitle(r.deck_id), this.scheduler, now, keepSchedule);
  }

  cardRecord(cardId: number): CardRecord {
    const row = this.db.prepare('SELECT * FROM cards WHERE id = ?').get(cardId) as CardRecord | undefined;
    if (!row) throw new DemarcError(ErrorCode.notFound, `Card ${cardId} does not exist.`);
    return row;
  }

  backup(outFile: string): { file: string; bytes: number } {
    return backupTo(this.db, outFile);
  }

  backupBeforeImport(): string | null {
    if (this.file === ':memory:') return null;
    return backupTo(this.db, path.join(this.backupDir, timestampedName('before-import', this.now()))).file;
  }

  doctor(): DoctorReport {
    const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
    const foreignKeys = this.db.pragma('foreign_key_check') as unknown[];
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    const problems: string[] = [];
    const messages = integrity.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    problems.push(...messages.map((m) => `integrity: ${m}`));
    if (foreignKeys.length) problems.push(`${foreignKeys.length} rows point to missing cards or decks`);
    if (this.lastBackgroundError) problems.push(`the last automatic backup or checkpoint failed: ${this.lastBackgroundError}`);
    const badContent = count("SELECT count(*) FROM cards WHERE json_valid(content) = 0");
    if (badContent) problems.push(`${badContent} cards have unreadable content`);
    const badState = count('SELECT count(*) FROM cards WHERE state > 0 AND (stability <= 0 OR last_review IS NULL)');
    if (badState) problems.push(`${badState} studied cards have no memory state`);
    return {
      ok: problems.length === 0,
      file: this.file,
      sizeBytes: this.file === ':memory:' ? 0 : fs.statSync(this.file).size,
      decks: count('SELECT count(*) FROM decks'),
      cards: count('SELECT count(*) FROM cards'),
      reviews: count('SELECT count(*) FROM review_log'),
      problems,
    };
  }
}
