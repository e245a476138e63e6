import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, settlePendingRestore } from './db/open-database.js';
import { holdFile, type FileHold } from './db/held-descriptor.js';
import { translateSqliteError } from './db/sqlite-errors.js';
import { DemarcError, ErrorCode } from './domain/errors.js';
import type { AnswerResult, CardList, DeckOptions, DeckSummary, DoctorReport, StudyCard, StudySession, TodayView, UndoResult, UndoState, WorkerJobStatus } from './domain/types.js';
import { schedulingSettingKeys, type Settings } from './settings/settings-schema.js';
import { SettingsState } from './settings/settings-state.js';
import type { FsrsScheduler } from './scheduling/fsrs-scheduler.js';
import { buildLineView } from './line/line-view.js';
import type { LineView } from './line/line-types.js';
import { knownParams } from './mastery/known-sql.js';
import { masteryHorizon } from './mastery/mastery-horizon.js';
import { StudyQueueBuilder, type DailyQueue, type QueueScope } from './review/study-queue.js';
import { AnswerRecorder } from './review/answer-card.js';
import { ReviewSessions, type AnswerRequest, type ReviewListener } from './review/review-sessions.js';
import type { LearnerAction, Verdict } from './review/answer-check.js';
import { toStudyCard } from './review/study-cards.js';
import { holdingDeckLoads } from './scheduling/deck-load.js';
import { restoreToolSnapshot, snapshotForTool, type CardToolAction } from './review/review-undo.js';
import type { PresetStore } from './presets/preset-store.js';
import type { StatsRange } from './stats/stats-range.js';
import { syncBuiltinDecks } from './decks/builtin-decks.js';
import { DeckTitles } from './decks/deck-titles.js';
import { CardActions } from './cards/card-actions.js';
import { addNewCardExtra } from './review/new-card-extras.js';
import { CardTools, type CardInfo } from './cards/card-tools.js';
import type { CollectionDoor, WriteConnection, WriteEffect } from './db/collection-door.js';
import { CardAuthoring } from './cards/card-authoring.js';
import { highestCardId } from './cards/highest-card-id.js';
import { runBulkAction, type BulkRequest, type BulkResult } from './cards/card-bulk-actions.js';
import { applyShift, previewShift, type ShiftResult } from './cards/card-shifts.js';
import type { ShiftPlan, ShiftRequest } from './cards/postpone-advance.js';
import { cardsByIds, collectionSearchContext, searchCardIds, searchCards, type CardSearch } from './search/search-cards.js';
import { planReplace, type CardTarget, type ReplaceField, type ReplaceOutcome, type ReplaceSpec } from './cards/card-replace.js';
import { findDuplicates, type DuplicateReport } from './cards/card-duplicates.js';
import type { SearchContext } from './search/search-sql.js';
import type { CardRecord } from './cards/card-record.js';
import { backupTo, removeAbandonedCopies, rotatingBeforeImport, stageBackup, timestampedName, type StagedBackup } from './backup/backups.js';
import { startCollectionCheck } from './backup/collection-check.js';
import { RunningLock } from './db/running-lock.js';
import { FileIdentity } from './db/file-identity.js';
import { assertNotVanished, rememberCollection } from './db/known-collections.js';
import { whenWritable } from './db/write-wait.js';
import { BackgroundProblems, type StorageHealth } from './db/background-problems.js';
import { backupDirFor } from './backup/backup-folder.js';
import { buildCramQueue, type CramRequest } from './exam/cram-queue.js';
import { calendarDateSchema, checkExamDate } from './domain/calendar-date.js';
import { recordReadiness } from './exam/exam-readiness.js';
import { dayStart, studyDay } from './domain/day-clock.js';
import { deckViews, todayView, type TodayInputs } from './today/today-view.js';
import { UpkeepTimers } from './upkeep/upkeep-timers.js';
import { doctorReport, doctorReportOfFile } from './upkeep/doctor-report.js';
import { doctorInWorker } from './upkeep/doctor-in-worker.js';
import { backupInWorker } from './backup/backup-in-worker.js';
import type { BackupResult } from './backup/backup-steps.js';
import { WorkerJob } from './db/worker-job.js';
import { computeStats, statsParams } from './stats/compute-stats.js';
import { adoptPreparedFigures, prepareFiguresInWorker, prepareRequestOf, type PreparedFigures, type PrepareRequest } from './stats/prepared-figures.js';
import type { StatsPeriod, StatsReport, StatsScope } from './stats/stats-types.js';
import { exportDeck, type ExportedFile } from './exporting/export-deck.js';
import { exportAnkiPackage, type AnkiExport } from './exporting/anki-export.js';
import { zstdReady } from './exporting/zstd-compress.js';
import { mediaDirFor } from './importing/media-store.js';
import { previewImport, runImport, type ImportProgress, type ImportTarget } from './importing/import-file.js';
import type { ImportOptions, ImportPreview, ImportSummary } from './importing/import-types.js';
import type { SyncTarget } from './sync/sync-target.js';
import { keepSchedules, rescheduleCards } from './scheduling/schedule-change.js';
import { readReviewLog, type ReviewLogRow } from './optimizer/training-items.js';
import { generateHistory, type HistoryOptions, type HistorySummary } from './simulation/generate-history.js';
import { finishPracticeExam, practiceOverview, practiceResult, startPracticeExam, type PracticeStartRequest } from './practice/practice-exam.js';
import type { PracticeAnswer, PracticeOverview, PracticeResult, PracticeStart } from './practice/practice-types.js';

export interface CollectionOptions {
  file: string;
  /** Folder of the built-in decks (decks/*.json); omitted = none loaded. */
  builtinDecksDir?: string | undefined;
  /** ':memory:' only: start as this serialized collection instead of an empty one (tests copy one built once). */
  image?: Buffer | undefined;
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
  /**
   * The app and web mode serving the file hold it for as long as they run, so
   * that `demarc restore` (and a second server) refuse instead of swapping the
   * file under them. The CLI's other commands, safe beside the app, do not.
   */
  runningLock?: boolean | undefined;
  /**
   * A folder outside the data folder where the serving app notes the
   * collections it has used, so a start that finds the file gone says so.
   */
  stateDir?: string | undefined;
  /** Create an empty collection even where one used to be (the user chose "start fresh"). */
  startFresh?: boolean | undefined;
  /** How long a write waits for another connection's lock (a worker's own collection may wait long). */
  busyTimeoutMs?: number | undefined;
  /**
   * A worker's collection: the descriptor the main thread's collection holds
   * on the file (`Collection.descriptor`), read through and never closed here
   * (see db/held-descriptor.ts).
   */
  descriptor?: number | undefined;
  /**
   * 'taken': the backup before an upgrade was made just now, on a worker
   * (jobs/collection-opening.ts), so the open does not copy the file again on
   * this thread before migrating.
   */
  migrationBackup?: 'taken' | undefined;
  /**
   * With `dailyBackup: 'soon'`: the Stats figures are read on a worker after
   * opening only when the collection holds at least this many cards (by the
   * highest card id); default `prepareStatsFromCards`.
   */
  prepareStatsFromCards?: number | undefined;
}

export type { AnswerRequest } from './review/review-sessions.js';

/** Longest wait of a Stats report for the figures being read on a worker after opening (stats/prepared-figures.ts). */
const preparedWaitMs = 15_000;

/**
 * Below this many cards the first Stats report reads every card on the app's
 * thread in a few tens of milliseconds (about 75 ms at 50,000 cards here),
 * less than a worker takes to start: no worker is started at opening, and no
 * report waits for one.
 */
export const prepareStatsFromCards = 50_000;

/**
 * The back end's single entry point: one open collection file and everything
 * done to it. Each feature lives in its own module; this class holds the
 * connection and is the one door to it (`read`, `write`): every write checks
 * that the file is still the one opened and then clears what it made stale:
 * an answer is undoable, anything else that changes cards drops the undo
 * history and the deck-title cache, a settings or preset change rebuilds the
 * scheduler. Feature modules get the door, never the connection.
 */
export class Collection implements CollectionDoor {
  private readonly db: Database.Database;
  readonly file: string;
  readonly backupDir: string;
  /** The better-sqlite3 build this collection was opened with, for connections of its own (import worker). */
  readonly nativeBinding: string | undefined;
  private readonly state: SettingsState;
  private readonly queue: StudyQueueBuilder;
  private readonly sessions: ReviewSessions;
  private readonly titles: DeckTitles;
  private readonly upkeep: UpkeepTimers;
  readonly cards: CardActions;
  /** Adding and editing cards, and the log that undoes every change to them. */
  readonly authoring: CardAuthoring;
  /** The review screen's tools: bury, flag, set due date, card info. */
  private readonly tools: CardTools;
  readonly now: () => number;
  private readonly identity: FileIdentity | null;
  /** Failures of background upkeep (a backup on a full disk, say): shown as a banner and by `doctor`, never thrown from a timer. */
  readonly backgroundProblems: BackgroundProblems;
  /** Held by the app and web mode while they serve the file (see CollectionOptions.runningLock). */
  private runningLock: RunningLock | null = null;
  /** The read-only descriptor every read of the file's bytes goes through (db/held-descriptor.ts); released after the connection closes. */
  private fileHold: FileHold | null = null;
  /** Backups on a worker thread: "Back up now" and the daily one (one at a time). */
  private readonly backupJob = new WorkerJob<BackupResult>();
  /** `doctor` on a worker thread, for the API. */
  private readonly doctorJob = new WorkerJob<DoctorReport>();
  private cardStmt: Database.Statement<[number], CardRecord> | null = null;

  private constructor(db: Database.Database, options: CollectionOptions & { backupDir: string }) {
    this.db = db;
    this.file = options.file;
    this.now = options.now ?? Date.now;
    this.backupDir = options.backupDir;
    this.nativeBinding = options.nativeBinding;
    this.identity = options.file === ':memory:' ? null : new FileIdentity(options.file);
    this.state = new SettingsState(this);
    this.queue = new StudyQueueBuilder(db);
    this.backgroundProblems = new BackgroundProblems(db, options.file, this.backupDir);
    this.titles = new DeckTitles(db);
    this.cards = new CardActions(this);
    this.authoring = new CardAuthoring(this);
    this.tools = new CardTools(this);
    this.upkeep = new UpkeepTimers(db, {
      file: this.file,
      backupDir: this.backupDir,
      now: this.now,
      problems: this.backgroundProblems,
      beforeWork: () => this.identity?.check(),
      backupInBackground: (outFile) => this.backupInBackground(outFile),
      afterAnswers: () => this.write((w) => recordReadiness(w, this.settings, this.scheduler, this.now(), this.studyToday()), 'none'),
    });
    this.sessions = new ReviewSessions({
      // Answers write through the recorder's prepared statements; `answer` and `undo` below check the file first.
      recorder: new AnswerRecorder(db as WriteConnection),
      settings: () => this.settings,
      scheduler: () => this.scheduler,
      schedulerFor: (deckId) => this.schedulerFor(deckId),
      now: this.now,
      studyCard: (record, now, keepSchedule) => this.studyCard(record, now, keepSchedule),
      cardRecord: (cardId) => this.cardRecord(cardId),
      afterWrite: () => this.upkeep.scheduleIdleCheckpoint(),
      snapshotForTool: (action, cardIds) => snapshotForTool(db, action, cardIds),
      restoreTool: (action, before) => this.write((w) => restoreToolSnapshot(w, action, before), 'none'),
      flagOf: (cardId) => db.prepare<[number], number>('SELECT flag FROM cards WHERE id = ?').pluck().get(cardId) ?? 0,
    });
  }

  static open(options: CollectionOptions): Collection {
    const backupDir = options.backupDir ?? backupDirFor(options.file);
    const now = options.now ?? Date.now;
    const onDisk = options.file !== ':memory:';
    const lock = options.runningLock && onDisk ? RunningLock.acquire(options.file, 'app') : null;
    let db: Database.Database;
    let hold: FileHold | null = null;
    try {
      if (options.runningLock && !options.startFresh && onDisk) assertNotVanished(options.file, options.stateDir, backupDir);
      // The file's descriptor is held before SQLite opens it (after a restore cut short is finished, which may put another file in its place).
      if (onDisk) settlePendingRestore(options.file);
      if (onDisk && (options.descriptor !== undefined || fs.existsSync(options.file))) hold = holdFile(options.file, options.descriptor);
      db = openDatabase(options.file, {
        nativeBinding: options.nativeBinding,
        image: options.image,
        beforeMigrate: (old) => {
          if (onDisk && options.migrationBackup !== 'taken') backupTo(old, path.join(backupDir, timestampedName('before-migration', now())));
        },
      });
    } catch (error) {
      hold?.release();
      lock?.release();
      throw error;
    }
    try {
      // A new file, just created by SQLite (opening a descriptor never drops a lock; only closing one does).
      if (onDisk && !hold) hold = holdFile(options.file);
    } catch (error) {
      db.close();
      lock?.release();
      throw error;
    }
    try {
      if (options.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
      // Opening is the first write: the file was found and opened just now.
      if (options.builtinDecksDir) syncBuiltinDecks(db as WriteConnection, options.builtinDecksDir, now());
      const collection = new Collection(db, { ...options, backupDir });
      collection.runningLock = lock;
      collection.fileHold = hold;
      if (options.stateDir && options.file !== ':memory:') rememberCollection(options.stateDir, options.file);
      if (onDisk) removeAbandonedCopies(backupDir);
      if (options.dailyBackup === 'soon') {
        collection.upkeep.scheduleDailyBackup();
        // A failure changes nothing: the first report then reads the figures itself.
        if (highestCardId(db) >= (options.prepareStatsFromCards ?? prepareStatsFromCards)) collection.preparedStats = collection.prepareStats().catch(() => {});
      }
      return collection;
    } catch (error) {
      db.close();
      hold?.release();
      lock?.release();
      // Syncing the decks takes the write lock: another process holding it, a read-only folder
      // or a full disk must reach the user as a typed error, not as a raw SQLite one.
      throw translateSqliteError(error, options.file);
    }
  }

  /** Runs a read on the connection. */
  read<T>(work: (db: Database.Database) => T): T {
    return work(this.db);
  }

  /**
   * The one door for writes: checks that the file is still the one opened
   * (NOT_FOUND, and nothing written, if not), runs the write, then clears
   * what it made stale, even when it failed halfway.
   */
  write<T>(work: (db: WriteConnection) => T, effect: WriteEffect = 'cards'): T {
    this.assertFileInPlace();
    try {
      return work(this.db as WriteConnection);
    } finally {
      if (effect === 'cards') this.afterCardsChanged();
      else if (effect === 'scheduler') this.state.refreshScheduler();
    }
  }

  /** "Study this deck anyway": `count` more new cards from the deck today (review/new-card-extras.ts). */
  extendNewToday(deckId: string, count: number): DeckSummary {
    if (!this.decks().some((d) => d.id === deckId)) throw new DemarcError(ErrorCode.notFound, `Deck "${deckId}" does not exist.`);
    this.write((db) => addNewCardExtra(db, this.studyToday(), deckId, count), 'none');
    return this.decks().find((d) => d.id === deckId)!;
  }

  /*
   * The card tools. Given a review session's id, the change goes on that
   * session's undo stack beside its answers (and the undo state comes back
   * for its Undo button); without one, it ends every undo history, as any
   * change outside review does.
   */

  /** Hides a card until the next study day. */
  bury(cardId: number, sessionId?: string): UndoState | null {
    return this.cardTool(sessionId, 'bury', [cardId], (effect) => this.tools.bury(cardId, this.now(), this.settings.rolloverHour, effect)).undo;
  }

  /** Sets a card's flag (0 none, 1 red … 4 blue). */
  setFlag(cardId: number, flag: number, sessionId?: string): UndoState | null {
    return this.cardTool(sessionId, 'flag', [cardId], (effect) => this.tools.setFlag(cardId, flag, effect)).undo;
  }

  /** Anki's "set due date" (cards/card-tools.ts); `changed` is how many cards moved. */
  setDue(cardIds: number[], days: number, sessionId?: string): { changed: number; undo: UndoState | null } {
    const { value, undo } = this.cardTool(sessionId, 'setDue', cardIds, (effect) => this.tools.setDue(cardIds, days, this.now(), this.settings.rolloverHour, effect));
    return { changed: value, undo };
  }

  /** Suspends or unsuspends cards; `changed` is how many changed. */
  suspend(cardIds: number[], suspended: boolean, sessionId?: string): { changed: number; undo: UndoState | null } {
    const { value, undo } = this.cardTool(sessionId, 'suspend', cardIds, (effect) => this.cards.setSuspended(cardIds, suspended, effect));
    return { changed: value, undo };
  }

  private cardTool<T>(sessionId: string | undefined, action: CardToolAction, cardIds: number[], run: (effect: WriteEffect) => T): { value: T; undo: UndoState | null } {
    if (sessionId === undefined) return { value: run('cards'), undo: null };
    this.assertFileInPlace();
    return this.sessions.recordTool(sessionId, action, cardIds, () => run('none'));
  }

  cardInfo(cardId: number): CardInfo {
    return this.tools.info(cardId, this.schedulerFor(this.cardRecord(cardId).deck_id), this.now());
  }

  close(): void {
    this.upkeep.flush();
    this.upkeep.stop();
    // A worker reads through a connection of its own: it stops at its next step, and a backup's temporary copy goes with it.
    this.backupJob.stop();
    this.doctorJob.stop();
    if (this.statsTimer) clearTimeout(this.statsTimer);
    this.statsTimer = null;
    for (const stop of this.statsRuns) stop();
    if (this.db.open) this.db.close();
    // Only now: closing the descriptor while the connection was open would drop SQLite's locks.
    this.fileHold?.release();
    this.fileHold = null;
    this.runningLock?.release();
    this.runningLock = null;
  }

  /** The descriptor a worker's collection borrows (CollectionOptions.descriptor); null in memory. */
  get descriptor(): number | null {
    return this.fileHold?.fd ?? null;
  }

  /** The last failure of background upkeep (a backup on a full disk, say): kept for `doctor`, never thrown from a timer. */
  get lastBackgroundError(): string | null {
    return this.backgroundProblems.list()[0]?.message ?? null;
  }

  assertWritable(): void {
    this.assertFileInPlace();
  }

  /** Before every write the user is told was saved: the file must still be the one opened. */
  private assertFileInPlace(): void {
    this.identity?.check();
  }

  /** What the banner shows: a collection file gone from under the app, failed background upkeep. */
  health(): StorageHealth {
    try {
      this.identity?.check();
    } catch {
      // reported below
    }
    return { fileProblem: this.identity?.problem ?? null, background: this.backgroundProblems.list() };
  }

  get settings(): Settings {
    return this.state.settings;
  }

  get scheduler(): FsrsScheduler {
    return this.state.scheduler;
  }

  get presets(): PresetStore {
    return this.state.presets;
  }

  /** The scheduler for a deck's cards: its preset's options, the load balancer and the exam mode. */
  schedulerFor(deckId: string): FsrsScheduler {
    return this.state.schedulerFor(deckId);
  }

  /** After presets or their decks change: schedulers are rebuilt on next use. */
  presetsChanged(): void {
    this.state.refreshScheduler();
  }

  /** `reschedule`: whether a change of the scheduling options schedules the studied cards again (default: their due dates stay). */
  updateSettings(patch: unknown, options: { reschedule?: boolean } = {}): Settings {
    // A date already saved may have passed since; only a newly chosen one must lie ahead.
    const examDate = (patch as { examDate?: unknown } | null)?.examDate;
    if (calendarDateSchema.safeParse(examDate).success && examDate !== this.settings.examDate) checkExamDate(examDate as string, this.studyToday());
    const current = this.settings as unknown as Record<string, unknown>;
    const changes = patch !== null && typeof patch === 'object' && schedulingSettingKeys.some((k) => k in patch && JSON.stringify((patch as Record<string, unknown>)[k]) !== JSON.stringify(current[k]));
    const before = this.statsFiguresKey();
    const settings = changes ? this.changeSchedule(null, options.reschedule ?? false, () => this.state.update(patch)) : this.state.update(patch);
    // New weights, exam date or rollover hour move every deck's figures: read again on the worker, as at opening.
    if (this.preparedStats && this.statsFiguresKey() !== before) this.preparedStats = this.prepareStats().catch(() => {});
    return settings;
  }

  /** What the Stats figures of the day are read with, but the moment (the known parameters and the FSRS curve). */
  private statsFiguresKey(): string {
    const { known, curve } = statsParams(this.inputs());
    return JSON.stringify([known, curve.factor, curve.decay]);
  }

  /**
   * Runs a change of scheduling options (the settings, a preset, a deck's
   * preset) over the given decks' cards (null: every deck), keeping the
   * studied cards' due dates or scheduling them again from their histories
   * (scheduling/schedule-change.ts). One transaction: a change the back end
   * refuses writes nothing, and no sync round sees the new options without
   * the kept due dates.
   */
  changeSchedule<T>(deckIds: readonly string[] | null, reschedule: boolean, change: () => T): T {
    try {
      return this.write((db) => db.transaction(() => {
        if (!reschedule) keepSchedules(db, deckIds, this.now());
        const result = change();
        this.state.refreshScheduler();
        if (reschedule) rescheduleCards(db, deckIds, (deckId) => this.state.replaySchedulerFor(deckId));
        return result;
      }).immediate(), reschedule ? 'cards' : 'none');
    } catch (error) {
      // Rolled back whole: the options in memory are read again from the file.
      this.state.reload();
      throw error;
    }
  }

  setDeckOptions(deckId: string, options: DeckOptions): void {
    const saved = this.db.prepare<[string], string | null>('SELECT exam_date FROM decks WHERE id = ?').pluck().get(deckId);
    if (options.examDate !== saved) checkExamDate(options.examDate, this.studyToday(), "The deck's exam date");
    this.cards.setDeckOptions(deckId, options);
  }

  /** Today's study day by the collection's clock. */
  private studyToday(): number {
    return studyDay(this.now(), this.settings.rolloverHour);
  }

  private inputs(now = this.now()): TodayInputs {
    // The Today, Decks and Stats reads (they write nothing: tests/unit/exam-dates-and-reads.test.ts).
    return { db: this.db, settings: this.settings, scheduler: this.scheduler, now };
  }

  today(): TodayView {
    const now = this.now();
    return todayView(this.inputs(now), this.queue.build(this.settings, now));
  }

  /** Every deck with its counts, today's share of the queue and its own exam readiness: the Decks screen and the CLI. */
  decks(): DeckSummary[] {
    const now = this.now();
    return deckViews(this.inputs(now), this.queue.build(this.settings, now));
  }

  /** Today's queue as rows: limits, burying and interleaving, without the card views. */
  buildQueue(scope: QueueScope = {}, now = this.now()): DailyQueue {
    return this.queue.build(this.settings, now, scope);
  }

  /** Starts a study session over today's queue: the same query Today counts. */
  study(scope: QueueScope = {}): StudySession {
    const now = this.now();
    const q = this.buildQueue(scope, now);
    // Every card's grade previews read the balancer's per-day loads: nothing is written until they are all made.
    return holdingDeckLoads(this.db, () => ({
      sessionId: this.sessions.start('study'),
      cards: this.queue.records([...q.learning, ...q.main]).map((r) => this.studyCard(r, now)),
      later: this.queue.records(q.learningLater).map((r) => this.studyCard(r, now)),
    }));
  }

  cram(request: CramRequest, countTowardSchedule: boolean): StudySession {
    const now = this.now();
    const rows = buildCramQueue(this.db, this.settings, this.scheduler, request, now);
    return holdingDeckLoads(this.db, () => ({
      sessionId: this.sessions.start('cram', countTowardSchedule),
      cards: rows.map((r) => this.studyCard(r, now, !countTowardSchedule)),
      later: [],
    }));
  }

  /** The verdict on what the learner did, for the screen to show before grading; nothing is written. */
  check(cardId: number, action: LearnerAction): Verdict {
    return this.sessions.check(cardId, action);
  }

  /** Records one answer: the back end judges the pick and refuses a grade the rule forbids. */
  answer(request: AnswerRequest): AnswerResult {
    this.assertFileInPlace();
    return this.sessions.answer(request);
  }

  /** The answer as the API makes it: waits (without blocking the event loop) while an import holds the write lock. */
  answerWhenWritable(request: AnswerRequest): Promise<AnswerResult> {
    return whenWritable(this.db, this.file, () => this.answer(request));
  }

  /** Takes back the session's last answer (scripted callers: their own last answer); returns the card as it was. */
  undo(sessionId?: string): UndoResult | null {
    this.assertFileInPlace();
    return this.sessions.undo(sessionId);
  }

  get undoDepth(): number {
    return this.sessions.undoDepth();
  }

  /** Hooks for what follows an answer or an undo; returns the unsubscribe. */
  onReview(listener: ReviewListener): () => void {
    return this.sessions.listen(listener);
  }

  /** Forgets the undo history (after anything that changes cards outside the review path). */
  clearUndo(): void {
    this.sessions.clearUndo();
  }

  deckTitle(deckId: string): string {
    return this.titles.of(deckId);
  }

  invalidateDeckTitles(): void {
    this.titles.clear();
  }

  /**
   * Cards changed outside the review path (an import, a move, a reset, a
   * deletion, or another connection such as the import worker): the undo
   * history and the caches no longer hold.
   */
  afterCardsChanged(): void {
    this.clearUndo();
    this.titles.clear();
  }

  /** What a search needs to know about now: the study day and the forgetting curve. */
  searchContext(): SearchContext {
    return collectionSearchContext(this);
  }

  /** One page of the cards matching an Anki-style query, and how many match in all. */
  searchCards(search: CardSearch): CardList {
    return searchCards(this.db, search, this.searchContext());
  }

  /** Every card matching a query, in browsing order (the CLI). */
  searchCardRecords(query: string): CardRecord[] {
    return cardsByIds(this.db, searchCardIds(this.db, { query }, this.searchContext()));
  }

  /** The deck browser's action on a selection, recorded so that it can be undone. */
  bulkAction(request: BulkRequest): BulkResult {
    return this.write((db) => runBulkAction(db, this.cards, this.authoring.log, request, this.now(), this.settings.rolloverHour));
  }

  /** The cards a browser action names: the chosen ones, else every match of its search. */
  private targetCards(target: CardTarget): CardRecord[] {
    const ids = target.cardIds ?? searchCardIds(this.db, { query: target.query ?? '' }, this.searchContext());
    return cardsByIds(this.db, ids).filter((r) => r.retired === 0);
  }

  /** Find and replace: what it would change (apply false), or the change made as one undoable batch. */
  findReplace(request: CardTarget & ReplaceSpec, apply: boolean): ReplaceOutcome {
    const plan = planReplace(this.db, this.targetCards(request), request);
    if (!apply || plan.edits.length === 0) return { preview: plan.preview, batchId: null, summary: null };
    const n = plan.preview.cards;
    const summary = `Replaced “${request.find.slice(0, 40)}” in ${n === 1 ? '1 card' : `${n} cards`}`;
    const saved = this.authoring.updateMany(plan.edits, this.now(), summary);
    return { preview: plan.preview, batchId: saved.batchId, summary: saved.summary };
  }

  /** Cards whose chosen field holds the same text, markup and case aside. */
  duplicates(request: { query: string; field: ReplaceField }): DuplicateReport {
    return findDuplicates(this.targetCards({ query: request.query }), request.field);
  }

  /** Postpone or Advance (cards/postpone-advance.ts): which cards would move and the cost in expected recall, unwritten. */
  previewShift(request: ShiftRequest): ShiftPlan {
    return previewShift(this, request);
  }

  /** Postpone or Advance, recorded so that it can be undone. */
  shift(request: ShiftRequest): ShiftResult {
    return this.write((db) => applyShift(db, this, this.authoring.log, request));
  }

  studyCard(r: CardRecord, now: number, keepSchedule = false): StudyCard {
    return toStudyCard(r, this.deckTitle(r.deck_id), this.schedulerFor(r.deck_id), now, keepSchedule, studyDay(now, this.settings.rolloverHour));
  }

  cardRecord(cardId: number): CardRecord {
    // Prepared once: every answer and check reads its card through here.
    this.cardStmt ??= this.db.prepare<[number], CardRecord>('SELECT * FROM cards WHERE id = ?');
    const row = this.cardStmt.get(cardId);
    if (!row) throw new DemarcError(ErrorCode.notFound, `Card ${cardId} does not exist.`);
    return row;
  }

  /** The Line view: where the line falls per layer and service, and what the learner remembers of each cell. */
  line(): LineView {
    const now = this.now();
    const horizon = masteryHorizon(this.settings.examDate, now, this.settings.rolloverHour);
    return buildLineView(this.db, horizon, knownParams(this.scheduler.engine.parameters.w, horizon.at, studyDay(now, this.settings.rolloverHour)));
  }

  /** The practice exam's start page: items available, the score predicted now, past exams and their calibration. */
  practiceOverview(): PracticeOverview {
    return practiceOverview(this.db, this.practiceContext().knownNow);
  }

  /** Starts a timed practice exam (practice/practice-exam.ts); its predicted score is stored before it is taken. */
  startPractice(request: PracticeStartRequest): PracticeStart {
    return this.write((db) => startPracticeExam(db, this.practiceContext(), request), 'none');
  }

  /** Grades a practice exam and records its answers on the cards' schedules (a miss: Again on the item and its fact group). */
  finishPractice(examId: number, answers: PracticeAnswer[]): PracticeResult {
    const result = this.write(
      (db) =>
        finishPracticeExam(
          db,
          { ...this.practiceContext(), settings: this.settings, scheduler: (deckId) => this.schedulerFor(deckId), recorder: new AnswerRecorder(db) },
          examId,
          answers,
        ),
      'cards',
    );
    this.upkeep.scheduleIdleCheckpoint();
    return result;
  }

  practiceResult(examId: number): PracticeResult {
    return practiceResult(this.db, examId, this.studyToday());
  }

  private practiceContext() {
    const now = this.now();
    const today = studyDay(now, this.settings.rolloverHour);
    return { now, today, knownNow: knownParams(this.scheduler.engine.parameters.w, now, today) };
  }

  stats(scope: StatsScope, period: StatsPeriod, range: StatsRange | null = null): StatsReport {
    return computeStats(this.inputs(), scope, period, range);
  }

  /** The preparation started at opening (or at a new study day), if one was. */
  preparedStats: Promise<void> | null = null;

  /**
   * The report as the API gives it: while a preparation is under way, it is
   * awaited first (at most `preparedWaitMs`), so that the app's thread keeps
   * answering other calls instead of passing over every card itself.
   */
  async statsWhenPrepared(scope: StatsScope, period: StatsPeriod, range: StatsRange | null = null): Promise<StatsReport> {
    if (this.preparedStats) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.preparedStats, new Promise<void>((resolve) => (timer = setTimeout(resolve, preparedWaitMs)))]);
      clearTimeout(timer);
    }
    return this.stats(scope, period, range);
  }

  /**
   * Reads the Stats report's per-card figures of every deck on a worker
   * thread with a read-only connection of its own, and keeps them for this
   * connection (stats/prepared-figures.ts), so that the first report does
   * not pass over every card on the app's thread. A deck written to since the
   * worker read it is read again by the report, as after any write.
   */
  async prepareStats(prepare: (file: string, request: PrepareRequest) => Promise<PreparedFigures> = (file, request) => this.statsInWorker(file, request)): Promise<void> {
    if (this.file === ':memory:') return;
    const db = this.db;
    const generation = ++this.statsGeneration;
    const prepared = await prepare(this.file, prepareRequestOf(this.inputs()));
    // A later preparation (settings changed meanwhile) has the figures to keep; this one's would push them out.
    if (!db.open || generation !== this.statsGeneration) return;
    adoptPreparedFigures(db, prepared);
    // The next study day moves every known value and retrievability: prepared again a minute into it, for an app left open overnight.
    if (this.statsTimer) clearTimeout(this.statsTimer);
    const now = this.now();
    const next = dayStart(studyDay(now, this.settings.rolloverHour) + 1, this.settings.rolloverHour);
    this.statsTimer = setTimeout(() => {
      this.statsTimer = null;
      if (this.db.open) this.preparedStats = this.prepareStats().catch(() => {});
    }, Math.min(Math.max(0, next - now) + 60_000, 2 ** 31 - 1));
    this.statsTimer.unref?.();
  }
  private statsTimer: ReturnType<typeof setTimeout> | null = null;
  private statsGeneration = 0;
  /** Stops the preparations under way (closing): each ends at its next deck. */
  private readonly statsRuns = new Set<() => void>();

  private async statsInWorker(file: string, request: PrepareRequest): Promise<PreparedFigures> {
    const run = prepareFiguresInWorker(file, request);
    this.statsRuns.add(run.stop);
    try {
      return await run.result;
    } finally {
      this.statsRuns.delete(run.stop);
    }
  }

  exportDeck(deckId: string, format: 'json' | 'csv'): ExportedFile {
    return exportDeck(this.db, deckId, format);
  }

  /**
   * A deck as an Anki `.apkg`, or every deck as a `.colpkg` (deckId null), optionally with scheduling and the review log,
   * in Anki's current form or (legacy) the one for Anki before 2.1.50.
   */
  async exportAnkiPackage(deckId: string | null, options: { withScheduling: boolean; legacy?: boolean }): Promise<AnkiExport> {
    const legacy = options.legacy === true;
    if (!legacy) await zstdReady();
    return exportAnkiPackage(this.db, { deckId, withScheduling: options.withScheduling, legacy, mediaDir: mediaDirFor(this.file), now: this.now(), settings: this.settings });
  }

  previewImport(fileName: string, bytes: Buffer, options: ImportOptions): ImportPreview {
    return previewImport(this.importTarget(), fileName, bytes, options);
  }

  runImport(fileName: string, bytes: Buffer, options: ImportOptions, onProgress?: ImportProgress): ImportSummary {
    return runImport(this.importTarget(), fileName, bytes, options, onProgress);
  }

  /** What an import (and the import service's preview) works on: the door, not the connection. */
  importTarget(): ImportTarget {
    return {
      door: this,
      file: this.file,
      now: this.now(),
      settings: this.settings,
      scheduler: this.scheduler,
      backupBeforeImport: () => this.backupBeforeImport(),
    };
  }

  /** What a sync round works on (electron/core/sync/): the door, the clock, and the settings it may have to read again. */
  syncTarget(): SyncTarget {
    return {
      door: this,
      file: this.file,
      now: this.now,
      settings: () => this.settings,
      schedulerFor: (deckId) => this.state.replaySchedulerFor(deckId),
      presetFingerprint: () => this.state.presetFingerprint(),
      reloadSettings: () => this.state.reload(),
      afterCardsChanged: () => this.afterCardsChanged(),
    };
  }

  /** Every review in the log, for the optimizer. */
  reviewLog(): ReviewLogRow[] {
    return readReviewLog(this.db);
  }

  /** Writes a simulated history into an empty collection (benchmarks, screenshots, `simulate`). */
  generateHistory(options: HistoryOptions): HistorySummary {
    return this.write((db) => generateHistory(db, options));
  }

  /** A backup in place, on this thread (the CLI, scripted callers); the app uses `backupInBackground`. */
  backup(outFile: string): { file: string; bytes: number } {
    this.assertFileInPlace();
    removeAbandonedCopies(this.backupDir);
    return backupTo(this.db, outFile);
  }

  /**
   * A backup on a worker thread with a connection of its own (SQLite's online
   * backup in steps, backup/backup-steps.ts): "Back up now" and the daily
   * backup. Resolves once the backup is checked, whole and in place; a run
   * asked for while one is under way starts after it. Its progress is `backupStatus()`.
   */
  backupInBackground(outFile: string, pagesPerStep?: number): Promise<BackupResult> {
    if (this.file === ':memory:') return Promise.reject(new DemarcError(ErrorCode.conflict, 'A collection kept in memory has no backups.'));
    try {
      this.assertFileInPlace();
      removeAbandonedCopies(this.backupDir);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.backupJob.run((onProgress) => backupInWorker(this.file, outFile, onProgress, pagesPerStep));
  }

  backupStatus(): WorkerJobStatus<BackupResult> {
    return this.backupJob.status();
  }

  /** Whether a backup is under way or waiting (a restore waits for it). */
  get backupRunning(): boolean {
    return this.backupJob.busy;
  }

  /**
   * The backup an import makes: copied now, checked on another thread while
   * the import writes, put in place (and the oldest before-import backups
   * rotated out) by `finish`, just before the import commits.
   */
  backupBeforeImport(): StagedBackup | null {
    if (this.file === ':memory:') return null;
    this.assertFileInPlace();
    removeAbandonedCopies(this.backupDir);
    const check = startCollectionCheck(this.file);
    return rotatingBeforeImport(stageBackup(this.db, path.join(this.backupDir, timestampedName('before-import', this.now())), check), this.backupDir);
  }

  /** `doctor` in place, on a read-only connection of its own (in memory: on this one); `onProgress` hears each check. */
  doctor(onProgress?: (phase: string, fraction: number) => void): DoctorReport {
    if (this.file === ':memory:') return doctorReport(this.db, this.file, this.storageProblems(), onProgress);
    return doctorReportOfFile(this.file, this.storageProblems(), onProgress);
  }

  /** `doctor` on a worker thread (the API): resolves with the report; its progress is `doctorStatus()`. */
  doctorInBackground(onProgress?: (phase: string, fraction: number) => void): Promise<DoctorReport> {
    // A collection in memory (tests, fuzzing) cannot be opened by another thread: it is checked in place.
    if (this.file === ':memory:') return this.doctorJob.run((progress) => ({ result: Promise.resolve().then(() => this.doctor(progress)), stop: () => {} }));
    const storage = this.storageProblems();
    return this.doctorJob.run((progress) =>
      doctorInWorker(this.file, storage, (phase, fraction) => {
        progress(phase, fraction);
        onProgress?.(phase, fraction);
      }),
    );
  }

  doctorStatus(): WorkerJobStatus<DoctorReport> {
    return this.doctorJob.status();
  }

  private storageProblems(): string[] {
    const health = this.health();
    return [
      ...(health.fileProblem ? [health.fileProblem] : []),
      ...health.background.map((p) => `the last automatic ${p.job} failed: ${p.message} ${p.action}`),
    ];
  }
}
