import type Database from 'better-sqlite3';
import { createExamCap } from '../exam/exam-cap.js';
import { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import { loadSettings, saveSettings } from './settings-store.js';
import type { Settings } from './settings-schema.js';

/**
 * The collection's settings and the scheduler built from them, kept in step:
 * every change of settings or of a deck's exam date rebuilds the scheduler.
 */
export class SettingsState {
  private current: Settings;
  private schedulerCache: FsrsScheduler;

  constructor(private readonly db: Database.Database) {
    this.current = loadSettings(db);
    this.schedulerCache = this.makeScheduler();
  }

  get settings(): Settings {
    return this.current;
  }

  get scheduler(): FsrsScheduler {
    return this.schedulerCache;
  }

  update(patch: unknown): Settings {
    this.current = saveSettings(this.db, this.current, patch);
    this.schedulerCache = this.makeScheduler();
    return this.current;
  }

  /** After a deck's exam date changed: the cap reads every deck's date. */
  refreshScheduler(): void {
    this.schedulerCache = this.makeScheduler();
  }

  private makeScheduler(): FsrsScheduler {
    const s = this.current;
    return new FsrsScheduler(s, createExamCap(s.examDate, s.examDeckIds, s.rolloverHour, this.deckExamDates()));
  }

  private deckExamDates(): Map<string, string> {
    const rows = this.db.prepare('SELECT id, exam_date AS examDate FROM decks WHERE exam_date IS NOT NULL').all() as { id: string; examDate: string }[];
    return new Map(rows.map((r) => [r.id, r.examDate]));
  }
}
