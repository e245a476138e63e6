/**
 * The app's sync rounds run in a worker thread (sync-rounds.ts): a first sync
 * of a long history must not freeze the app. Another device's 30,000 answers
 * on 3,000 cards wait in the folder; a new device takes them in while the
 * app answers other calls, reports its phases, never runs two rounds at
 * once, and a round stopped inside its merge leaves the collection as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { Collection } from '../../electron/core/collection.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { syncMarkerOf } from '../../electron/core/db/write-wait.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { syncRoundsOf } from '../../electron/core/jobs/sync-rounds.js';
import { SyncScheduler } from '../../electron/core/jobs/sync-scheduler.js';
import type { SyncStatus } from '../../electron/core/sync/sync-status.js';
import { databaseOf } from '../helpers/collection-database.js';
import { dumpTables, tempDir } from '../helpers/test-collection.js';

const history = { seed: 18, cards: 3000, reviews: 30_000, days: 200, endAt: Date.UTC(2026, 5, 1) };
const dirs: string[] = [];
const open: Collection[] = [];
let sourceFolder = '';
let templateFile = '';
let answersInFolder = 0;
/** A card the other device studied, by its key (local ids differ between devices). */
let studiedKey = '';

beforeAll(() => {
  const dir = tempDir('demarc-sync-worker-');
  dirs.push(dir);
  sourceFolder = path.join(dir, 'folder');
  fs.mkdirSync(sourceFolder);
  // The other device: a long history, written into the folder by a round of its own.
  const other = Collection.open({ file: path.join(dir, 'other.sqlite') });
  answersInFolder = other.generateHistory(history).reviews;
  runSyncRound(other, sourceFolder);
  studiedKey = databaseOf(other)
    .prepare("SELECT c.key FROM cards c JOIN review_log r ON r.card_id = c.id WHERE r.kind = 'review' GROUP BY c.id ORDER BY count(*) DESC LIMIT 1")
    .pluck()
    .get() as string;
  other.close();
  // This device: the same cards, never studied, never synced.
  templateFile = path.join(dir, 'template.sqlite');
  const template = Collection.open({ file: templateFile });
  template.generateHistory({ ...history, reviews: 0 });
  databaseOf(template).pragma('wal_checkpoint(TRUNCATE)');
  template.close();
}, 120_000);

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the new device, syncing with its own copy of the folder. */
function newDevice(): { c: Collection; dispatcher: Dispatcher; folder: string; file: string } {
  const dir = tempDir('demarc-sync-worker-device-');
  dirs.push(dir);
  const file = path.join(dir, 'demarc.sqlite');
  fs.copyFileSync(templateFile, file);
  const folder = path.join(dir, 'folder');
  fs.cpSync(sourceFolder, folder, { recursive: true });
  const c = Collection.open({ file });
  open.push(c);
  const dispatcher = createDispatcher(createHandlers({ collection: c, appVersion: 'test', transport: 'ipc' }));
  return { c, dispatcher, folder, file };
}

async function call<T>(dispatcher: Dispatcher, method: Parameters<Dispatcher['dispatch']>[0], args: unknown = {}): Promise<T> {
  const reply = await dispatcher.dispatch(method, args);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

function cardIdOf(c: Collection, key: string): number {
  return databaseOf(c).prepare('SELECT id FROM cards WHERE key = ?').pluck().get(key) as number;
}

describe('sync rounds in a worker thread', () => {
  it('answers other calls while a round runs, reports its phases, and a second Sync now joins the running round', async () => {
    const { c, dispatcher, folder, file } = newDevice();
    await call(dispatcher, 'sync.setFolder', { folder });
    const rounds = syncRoundsOf(c);
    const messages: string[] = [];
    const fractions = new Map<string, number | null>();
    rounds.listen((p) => {
      messages.push(p.message);
      fractions.set(p.message, p.fraction);
    });

    // Another program holds the write lock, so the round cannot get past its first step until it is released.
    const holder = openSqliteFile(file);
    holder.exec('BEGIN IMMEDIATE');
    let released = false;
    try {
      const first = await call<SyncStatus>(dispatcher, 'sync.now');
      expect(first.progress).not.toBeNull();
      const second = await call<SyncStatus>(dispatcher, 'sync.now');
      expect(second.progress?.startedAt).toBe(first.progress?.startedAt);
      const today = await dispatcher.dispatch('today.get', {});
      expect(today.ok).toBe(true);
      // Answered while the round was still running: it cannot have ended with the lock held.
      expect(rounds.running).toBe(true);
      expect((await call<SyncStatus>(dispatcher, 'sync.status')).progress).not.toBeNull();
      // Nothing swaps the file under the worker, and the folder stays the one the round syncs with.
      const restoring = createDispatcher(
        createHandlers({ collection: c, appVersion: 'test', transport: 'ipc', restore: () => { throw new Error('no restore during a round'); } }),
      );
      expect(await restoring.dispatch('backups.restore', { name: 'any.sqlite' })).toMatchObject({ ok: false, error: { code: ErrorCode.conflict, message: 'A sync is running; restore once it has finished.' } });
      expect(await dispatcher.dispatch('sync.setFolder', { folder: null })).toMatchObject({ ok: false, error: { code: ErrorCode.conflict } });
      holder.exec('COMMIT');
      released = true;
    } finally {
      if (!released) holder.exec('ROLLBACK');
      holder.close();
    }

    const report = await rounds.run(folder); // joins the running round
    expect(report.answersApplied).toBe(answersInFolder);
    expect(messages.filter((m) => m === "Writing this device's changes")).toHaveLength(1);
    expect(messages).toEqual(
      expect.arrayContaining(['Reading change files: 1 of 2', 'Reading change files: 2 of 2', `Merging ${report.read.events} events`, `Replaying the history of ${report.replayedCards} cards`]),
    );
    expect([fractions.get('Reading change files: 1 of 2'), fractions.get('Reading change files: 2 of 2'), fractions.get(`Merging ${report.read.events} events`)]).toEqual([0, 0.5, null]);
    const status = await call<SyncStatus>(dispatcher, 'sync.status');
    expect(status.progress).toBeNull();
    expect(status.lastError).toBeNull();
    expect(status.lastReport?.answersApplied).toBe(answersInFolder);
    // The main connection sees the worker's merge, and its caches were dropped: Today counts the synced reviews' due cards.
    expect(databaseOf(c).prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(answersInFolder);
  }, 120_000);

  it('a round stopped inside its merge leaves the collection as it was; the next one takes everything', async () => {
    const { c, dispatcher, folder } = newDevice();
    const tables = ['decks', 'cards', 'review_log', 'settings', 'daily_reviews', 'sync_events', 'sync_card_replay'];
    const before = dumpTables(databaseOf(c), tables);
    const rounds = syncRoundsOf(c);
    const messages: string[] = [];
    let stopping: Promise<void> | null = null;
    rounds.listen((p) => {
      messages.push(p.message);
      // The merge's transaction has begun when the round says it merges; the stop is honoured at its next report (a report
      // is checked before it goes out, so never at this one), which comes after mergeEvents has inserted every event.
      if (p.message.startsWith('Merging') && !stopping) stopping = rounds.stop();
    });
    await expect(rounds.run(folder)).rejects.toMatchObject({ code: ErrorCode.cancelled });
    await stopping;
    // It got as far as replaying (every event inserted), then rolled back.
    expect(messages.at(-1)).toMatch(/^Merging \d+ events$/);
    const status = await call<SyncStatus>(dispatcher, 'sync.status');
    expect(status.progress).toBeNull();
    // Stopped at the merge's next report, after every event was inserted and before the replay: then rolled back.
    expect(status.lastError?.message).toMatch(/^The sync was stopped before “Replaying the history of \d+ cards”; nothing it read was merged/);
    expect(dumpTables(databaseOf(c), tables)).toEqual(before);

    // The worker's connection is gone: this one writes again, and the next round takes in the whole history.
    const card = c.study().cards[0]!;
    expect(await dispatcher.dispatch('study.answer', { cardId: card.id, grade: 3, durationMs: 2000 })).toMatchObject({ ok: true });
    const report = await rounds.run(folder);
    expect(report.answersApplied).toBe(answersInFolder);
    expect(databaseOf(c).prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(answersInFolder + 1);
  }, 120_000);

  it('answers given during a round are saved, one during the merge included, and are in their cards’ schedules afterwards', async () => {
    const { c, dispatcher, folder, file } = newDevice();
    const cardId = cardIdOf(c, studiedKey);
    const rounds = syncRoundsOf(c);
    const messages: string[] = [];
    let answering: ReturnType<Dispatcher['dispatch']> | null = null;
    let answeringInMerge: ReturnType<Dispatcher['dispatch']> | null = null;
    let markedDuringMerge = false;
    rounds.listen((p) => {
      messages.push(p.message);
      // After the round's first step: the round itself does not take this answer.
      if (p.message === 'Reading change files: 1 of 2' && !answering) answering = dispatcher.dispatch('study.answer', { cardId, grade: 3, durationMs: 2000 });
      // The merge holds the write lock from before this report to its commit: this answer waits for it, without failing.
      if (p.message.startsWith('Merging') && !answeringInMerge) {
        markedDuringMerge = fs.existsSync(syncMarkerOf(file));
        answeringInMerge = dispatcher.dispatch('study.answer', { cardId: c.study().cards[0]!.id, grade: 4, durationMs: 2000 });
      }
    });
    await rounds.run(folder);
    expect(await answering).toMatchObject({ ok: true });
    expect(await answeringInMerge).toMatchObject({ ok: true });
    expect(markedDuringMerge).toBe(true);
    expect(fs.existsSync(syncMarkerOf(file))).toBe(false);
    expect(messages.filter((m) => m === "Writing this device's changes")).toHaveLength(2);
    const db = databaseOf(c);
    expect(db.prepare('SELECT count(*) FROM review_log WHERE event_id IS NULL').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(answersInFolder + 2);
    const newest = db.prepare('SELECT max(reviewed_at) FROM review_log WHERE card_id = ?').pluck().get(cardId) as number;
    const scheduling = db.prepare("SELECT count(*) FROM review_log WHERE card_id = ? AND kind IN ('learning', 'review', 'relearning')").pluck().get(cardId) as number;
    expect(c.cardRecord(cardId)).toMatchObject({ last_review: newest, reps: scheduling });
  }, 120_000);

  it('quitting stops a running round safely and waits for it to end', async () => {
    const { c, dispatcher, folder, file } = newDevice();
    await call(dispatcher, 'sync.setFolder', { folder });
    const tables = ['cards', 'review_log', 'sync_events'];
    const before = dumpTables(databaseOf(c), tables);
    const rounds = syncRoundsOf(c);
    const scheduler = new SyncScheduler(c);
    const holder = openSqliteFile(file);
    holder.exec('BEGIN IMMEDIATE');
    let quitting: Promise<void>;
    try {
      await call(dispatcher, 'sync.now');
      // The app quits while the round waits at its first step.
      quitting = scheduler.stop();
    } finally {
      holder.exec('COMMIT');
      holder.close();
    }
    await quitting;
    expect(rounds.running).toBe(false);
    expect(dumpTables(databaseOf(c), tables)).toEqual(before);
    expect((await call<SyncStatus>(dispatcher, 'sync.status')).lastError?.message).toMatch(/^The sync was stopped before/);
  }, 120_000);
});
