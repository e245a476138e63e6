import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { Collection } from '../../electron/core/collection.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { withBulkReviewAppend } from '../../electron/core/db/review-log-bulk-append.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { SyncStore } from '../../electron/core/sync/sync-store.js';
import { median, type Metric } from '../bench-stats.js';
import { copyCollection, removeCollectionCopy } from '../bench-collection.js';
import { databaseOf, writeConnectionOf } from '../../tests/helpers/collection-database.js';

const dayAnswers = 300;
const runs = 3;

/**
 * Sync at the heavy collection's size. A base device takes its whole
 * history into the event log and writes it to a folder (not timed). Then:
 *
 * - `sync_day_ms`: another device answers 300 cards and syncs; the base
 *   device merges those 300 answers (read, check, merge, replay) — against
 *   raw prepared statements inserting the same 300 log rows and card states.
 * - `sync_first_s`: a new device with the same cards and no history takes in
 *   the whole million-review history — against the same rows and final card
 *   states written with plain prepared statements (bulk log append included).
 */
export function syncBench(file: string, log: (message: string) => void): Metric[] {
  const dir = path.dirname(file);
  const folder = path.join(dir, 'sync-folder');
  fs.mkdirSync(folder, { recursive: true });
  const baseFile = copyCollection(file, 'sync-base');
  const base = Collection.open({ file: baseFile });
  const t0 = performance.now();
  runSyncRound(base, folder, { onProgress: log });
  log(`  base device wrote its history in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  base.close();

  const day: number[] = [];
  const dayRaw: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { ours, raw } = dayRound(baseFile, folder, i);
    day.push(ours);
    dayRaw.push(raw);
  }

  const fresh = copyCollection(file, 'sync-new');
  forgetHistory(fresh);
  const newDevice = Collection.open({ file: fresh });
  const t1 = performance.now();
  const report = runSyncRound(newDevice, folder, { onProgress: log });
  const firstMs = performance.now() - t1;
  const { rows, cards } = resultRows(databaseOf(newDevice));
  newDevice.close();
  if (report.answersApplied < rows.length) throw new Error(`the new device took in only ${report.answersApplied} of ${rows.length} answers`);
  const rawFirstMs = rawWrite(copyAndForget(file, 'sync-new-raw'), rows, cards, true);

  const dayMs = median(day);
  const dayRawMs = median(dayRaw);
  return [
    { metric: 'sync_day_ms', value: dayMs, unit: 'ms' },
    { metric: 'sync_day_raw_ms', value: dayRawMs, unit: 'ms' },
    { metric: 'sync_day_vs_raw_ratio', value: dayMs / dayRawMs, unit: 'ratio' },
    { metric: 'sync_first_s', value: firstMs / 1000, unit: 's' },
    { metric: 'sync_first_raw_s', value: rawFirstMs / 1000, unit: 's' },
    { metric: 'sync_first_vs_raw_ratio', value: firstMs / rawFirstMs, unit: 'ratio' },
  ];
}

/** Another device (a copy of the base under a new id) answers 300 cards and syncs; the base merges them. */
function dayRound(baseFile: string, folder: string, i: number): { ours: number; raw: number } {
  const otherFile = copyCollection(baseFile, `sync-other-${i}`);
  const other = Collection.open({ file: otherFile });
  new SyncStore(writeConnectionOf(databaseOf(other))).renewDeviceId();
  databaseOf(other).prepare('DELETE FROM sync_files WHERE own = 1').run();
  const due = databaseOf(other).prepare(`SELECT id FROM cards WHERE state = 2 AND suspended = 0 ORDER BY due LIMIT ${dayAnswers}`).pluck().all() as number[];
  due.forEach((id, k) => other.answer({ cardId: id, grade: ((k % 4) + 1) as 1 | 2 | 3 | 4, durationMs: 5000 }));
  const otherDevice = runSyncRound(other, folder).device;
  other.close();

  const mergeFile = copyCollection(baseFile, `sync-merge-${i}`);
  const merging = Collection.open({ file: mergeFile });
  const t0 = performance.now();
  const report = runSyncRound(merging, folder);
  const ours = performance.now() - t0;
  if (report.answersApplied !== dayAnswers) throw new Error(`merged ${report.answersApplied} answers, expected ${dayAnswers}`);
  const since = databaseOf(merging).prepare('SELECT max(id) FROM review_log').pluck().get() as number;
  const rows = (databaseOf(merging).prepare(`SELECT * FROM review_log WHERE id > ? - ${dayAnswers}`).all(since) as Record<string, unknown>[]).map(({ id: _id, ...r }) => r);
  const ids = rows.map((r) => r.card_id as number);
  const cards = databaseOf(merging).prepare(`SELECT * FROM cards WHERE id IN (${ids.join(',')})`).all() as Record<string, unknown>[];
  merging.close();
  const raw = rawWrite(copyCollection(baseFile, `sync-merge-raw-${i}`), rows, cards, false);
  for (const f of [otherFile, mergeFile]) removeCollectionCopy(f);
  fs.rmSync(path.join(folder, otherDevice), { recursive: true, force: true });
  return { ours, raw };
}

/** The same log rows and card states with plain prepared statements in one transaction (timed from the first write). */
function rawWrite(file: string, rows: Record<string, unknown>[], cards: Record<string, unknown>[], bulk: boolean): number {
  const db = openSqliteFile(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const insert = db.prepare(`INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms,
        stability_after, difficulty_after, picked_owner, correct, event_id, event_device)
      VALUES (@card_id, @reviewed_at, @day, @rating, @state_before, @kind, @scheduled_days, @elapsed_days, @duration_ms,
        @stability_after, @difficulty_after, @picked_owner, @correct, @event_id, @event_device)`);
    const update = db.prepare(`UPDATE cards SET state = @state, due = @due, stability = @stability, difficulty = @difficulty, scheduled_days = @scheduled_days,
      learning_steps = @learning_steps, reps = @reps, lapses = @lapses, last_review = @last_review WHERE id = @id`);
    const t0 = performance.now();
    db.transaction(() => {
      const append = () => {
        for (const r of rows) insert.run(r);
      };
      if (bulk) withBulkReviewAppend(db, append);
      else append();
      for (const c of cards) update.run(c);
    }).immediate();
    return performance.now() - t0;
  } finally {
    db.close();
    removeCollectionCopy(file);
  }
}

function resultRows(db: Database.Database): { rows: Record<string, unknown>[]; cards: Record<string, unknown>[] } {
  const rows = (db.prepare('SELECT * FROM review_log ORDER BY id').all() as Record<string, unknown>[]).map(({ id: _id, ...r }) => r);
  const cards = db.prepare('SELECT * FROM cards WHERE reps > 0').all() as Record<string, unknown>[];
  return { rows, cards };
}

function copyAndForget(file: string, name: string): string {
  const copy = copyCollection(file, name);
  forgetHistory(copy);
  return copy;
}

/** The same collection on a machine that never studied: same cards, no log, new card states, no sync state. */
function forgetHistory(file: string): void {
  const db = openSqliteFile(file);
  try {
    db.pragma('journal_mode = WAL');
    const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
    db.transaction(() => {
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
      db.exec(`DELETE FROM review_log; DELETE FROM daily_reviews; DELETE FROM daily_answers; DELETE FROM daily_owner_answers;
        DELETE FROM sync_events; DELETE FROM sync_outbox; DELETE FROM sync_local_edits; DELETE FROM sync_fields; DELETE FROM sync_card_replay;
        DELETE FROM sync_files; DELETE FROM sync_state; DELETE FROM sync_content_dirty; DELETE FROM sync_content_events; DELETE FROM sync_media_wanted;
        UPDATE cards SET state = 0, due = 0, stability = 0, difficulty = 0, scheduled_days = 0, learning_steps = 0, reps = 0, lapses = 0, last_review = NULL;`);
      for (const t of triggers) db.exec(t.sql);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
