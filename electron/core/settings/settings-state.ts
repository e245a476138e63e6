import type { CollectionDoor } from '../db/collection-door.js';
import { examDeckSet } from '../exam/exam-scope.js';
import { createExamCap } from '../exam/exam-cap.js';
import { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import { PresetStore } from '../presets/preset-store.js';
import { effectiveSettings, type PresetConfig } from '../presets/preset-schema.js';
import { chainDueCaps, createBalancer } from '../scheduling/balanced-due.js';
import { deckLoadReader } from '../scheduling/deck-load.js';
import { loadSettings, saveSettings } from './settings-store.js';
import type { Settings } from './settings-schema.js';

/**
 * The collection's settings and the scheduler built from them, kept in step:
 * every change of settings or of a deck's exam date rebuilds the scheduler.
 */
export class SettingsState {
  private current: Settings;
  private schedulerCache: FsrsScheduler;
  readonly presets: PresetStore;
  /** One scheduler per named preset in use, built on first use. */
  private readonly presetSchedulers = new Map<number, FsrsScheduler>();
  /** The same for sync replays (without the load balancer), by preset id (null: Default). */
  private readonly replaySchedulers = new Map<number | null, FsrsScheduler>();
  private deckPresetIds: Map<string, number> | null = null;

  constructor(private readonly door: CollectionDoor) {
    this.current = door.read(loadSettings);
    this.presets = new PresetStore(door);
    this.schedulerCache = this.makeScheduler();
  }

  get settings(): Settings {
    return this.current;
  }

  get scheduler(): FsrsScheduler {
    return this.schedulerCache;
  }

  update(patch: unknown): Settings {
    this.current = this.door.write((db) => saveSettings(db, this.current, patch), 'none');
    this.refreshScheduler();
    return this.current;
  }

  /** After another writer changed settings or deck options in the file (a sync merge). */
  reload(): void {
    this.current = this.door.read(loadSettings);
    this.refreshScheduler();
  }

  /** After a deck's exam date, a preset or a deck's preset changed: schedulers are rebuilt. */
  refreshScheduler(): void {
    this.deckPresetIds = null;
    this.presetSchedulers.clear();
    this.replaySchedulers.clear();
    this.schedulerCache = this.makeScheduler();
  }

  /** The scheduler for a deck's cards: its preset's options, the load balancer and the exam mode. */
  schedulerFor(deckId: string): FsrsScheduler {
    this.deckPresetIds ??= this.presets.deckPresets();
    const presetId = this.deckPresetIds.get(deckId);
    if (presetId === undefined) return this.schedulerCache;
    let scheduler = this.presetSchedulers.get(presetId);
    if (!scheduler) {
      scheduler = this.makeScheduler(this.presets.configs(this.current).get(presetId) ?? null);
      this.presetSchedulers.set(presetId, scheduler);
    }
    return scheduler;
  }

  /**
   * The scheduler a sync replay uses for a deck's cards: the deck's preset
   * and the exam mode, exactly as answering schedules them, but no load
   * balancer or Easy Days (they read this device's own workload, which
   * differs between devices until they have merged everything).
   */
  replaySchedulerFor(deckId: string): FsrsScheduler {
    this.deckPresetIds ??= this.presets.deckPresets();
    const presetId = this.deckPresetIds.get(deckId) ?? null;
    let scheduler = this.replaySchedulers.get(presetId);
    if (!scheduler) {
      const s = effectiveSettings(this.current, presetId === null ? null : (this.presets.configs(this.current).get(presetId) ?? null));
      scheduler = new FsrsScheduler(s, createExamCap(s.examDate, this.examDecks(s.examDeckIds), s.rolloverHour, this.deckExamDates(), s.fsrsWeights));
      this.replaySchedulers.set(presetId, scheduler);
    }
    return scheduler;
  }

  /** Which preset each deck uses, and the presets' options: a replay's result depends on them. */
  presetFingerprint(): string {
    this.deckPresetIds ??= this.presets.deckPresets();
    return JSON.stringify([[...this.deckPresetIds].sort(), [...this.presets.configs(this.current)].sort((x, y) => x[0] - y[0])]);
  }

  private makeScheduler(preset: PresetConfig | null = null): FsrsScheduler {
    const s = effectiveSettings(this.current, preset);
    const examCap = createExamCap(s.examDate, this.examDecks(s.examDeckIds), s.rolloverHour, this.deckExamDates(), s.fsrsWeights);
    return new FsrsScheduler(s, chainDueCaps(createBalancer(s, this.door.read((db) => deckLoadReader(db, s.rolloverHour))), examCap));
  }

  /** The exam's decks as exam mode bends their schedule: the chosen ones, else the built-in decks (exam/exam-scope.ts). */
  private examDecks(chosen: readonly string[]): string[] {
    return this.door.read((db) => examDeckSet(db, chosen));
  }

  private deckExamDates(): Map<string, string> {
    const rows = this.door.read((db) => db.prepare<[], { id: string; exam_date: string }>('SELECT id, exam_date FROM decks WHERE exam_date IS NOT NULL').all());
    return new Map(rows.map((r) => [r.id, r.exam_date]));
  }
}
