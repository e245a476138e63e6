import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { createDispatcher, type Dispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { checkBackupFile } from '../../electron/core/backup/backup-check.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import type { DoctorReport, WorkerJobStatus } from '../../electron/core/domain/types.js';
import { tempDir } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { backupInWorker } from '../../electron/core/backup/backup-in-worker.js';
import { ImportJob } from '../../electron/core/jobs/import-job.js';
import { defaultImportWorkerLimits } from '../../electron/core/jobs/import-worker-host.js';

/**
 * Backups and `doctor` run on worker threads with connections of their own:
 * while either runs, the app's thread answers every call. Shown by order, not
 * by time: calls dispatched while the job reports itself running (part-way,
 * 0 < progress < 1) are answered before it ends, and its progress is seen to
 * advance in more than one step.
 */
let template = '';
/** `doctor` in place on the template: the worker's report must say the same. */
let expected: DoctorReport;

beforeAll(() => {
  const dir = tempDir('demarc-jobs-template-');
  template = path.join(dir, 'collection.sqlite');
  const c = Collection.open({ file: template });
  c.generateHistory({ seed: 7, cards: 3000, reviews: 30_000, days: 200, endAt: Date.UTC(2026, 0, 31) });
  expected = c.doctor();
  c.close();
});

const opened: Collection[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

function copyOfTemplate(): { collection: Collection; dir: string; dispatcher: Dispatcher } {
  const dir = tempDir('demarc-jobs-');
  const file = path.join(dir, 'collection.sqlite');
  fs.copyFileSync(template, file);
  const collection = Collection.open({ file });
  opened.push(collection);
  return { collection, dir, dispatcher: createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'ipc' })) };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Interleaving {
  /** Calls answered while the job reported itself part-way through. */
  answeredMidway: number;
  /** The distinct progress values seen part-way, in the order seen. */
  progress: number[];
}

/** Dispatches calls, one per event-loop turn, for as long as `status` says the job runs (bounded in count). */
async function callWhileRunning(dispatcher: Dispatcher, status: () => WorkerJobStatus<unknown>): Promise<Interleaving> {
  const seen: Interleaving = { answeredMidway: 0, progress: [] };
  // Quick calls, so the job's progress is looked at often (a worker's reports that arrive between two looks count once).
  const methods = ['settings.get', 'app.health', 'decks.list', 'app.health'] as const;
  for (let i = 0; i < 100_000 && status().state === 'running'; i++) {
    const reply = await dispatcher.dispatch(methods[i % methods.length]!, {});
    expect(reply.ok).toBe(true);
    const now = status();
    if (now.state === 'running' && now.progress > 0 && now.progress < 1) {
      seen.answeredMidway++;
      if (seen.progress.at(-1) !== now.progress) seen.progress.push(now.progress);
    }
    await nextTurn();
  }
  return seen;
}

const partials = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('.partial'));

describe('a backup on a worker thread', () => {
  it('answers calls while it copies in steps, and puts a whole, checked copy in place', async () => {
    const { collection, dir, dispatcher } = copyOfTemplate();
    const out = path.join(dir, 'backups', 'manual-test.sqlite');
    // One page a step, so a collection of a few MiB takes hundreds of them.
    const backup = collection.backupInBackground(out, 1);
    const seen = await callWhileRunning(dispatcher, () => collection.backupStatus());
    const result = await backup;
    // Calls were answered while the copy was part-way; how many distinct fractions a look catches depends on
    // how the worker's reports batch up between two looks, so the steps themselves are counted below.
    expect(seen.answeredMidway).toBeGreaterThan(1);
    expect(seen.progress.length).toBeGreaterThanOrEqual(1);
    expect([...seen.progress].sort((a, b) => a - b)).toEqual(seen.progress);
    expect(result.file).toBe(out);
    expect(collection.backupStatus()).toMatchObject({ state: 'done', progress: 1, result: { file: out }, error: null });
    expect(checkBackupFile(out)).toEqual([]);
    expect(partials(dir)).toEqual([]);
  });

  it('copies a page a step when asked, reporting each step, the share of pages copied never going back', async () => {
    const { dir } = copyOfTemplate();
    const copying: number[] = [];
    const run = backupInWorker(template, path.join(dir, 'steps.sqlite'), (phase, fraction) => {
      if (phase === 'copying') copying.push(fraction);
    }, 1);
    await run.result;
    const probe = openSqliteFile(template, { readonly: true });
    const pages = probe.pragma('page_count', { simple: true }) as number;
    probe.close();
    expect(new Set(copying).size).toBeGreaterThan(pages / 2);
    expect([...copying].sort((a, b) => a - b)).toEqual(copying);
  });

  it('"Back up now" through the API waits for the worker and lists the new backup, answers still in the WAL included; backups.status shows it done', async () => {
    const { collection, dispatcher } = copyOfTemplate();
    const cardId = databaseOf(collection).prepare('SELECT min(id) FROM cards').pluck().get() as number;
    collection.answer({ cardId, grade: 3, durationMs: 1000 });
    const reply = await dispatcher.dispatch('backups.create', {});
    expect(reply).toMatchObject({ ok: true, value: [{ kind: 'manual', check: 'ok' }] });
    const status = await dispatcher.dispatch('backups.status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'done', progress: 1 } });
    const written = (status as { value: WorkerJobStatus<{ file: string }> }).value.result!.file;
    expect(checkBackupFile(written)).toEqual([]);
    const copy = openSqliteFile(written, { readonly: true });
    try {
      expect(copy.prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(expected.reviews + 1);
    } finally {
      copy.close();
    }
    expect(partials(collection.backupDir)).toEqual([]);
  });

  it('stopped part-way (the collection closing), leaves nothing behind and is never reported done', async () => {
    const { collection, dir } = copyOfTemplate();
    const out = path.join(dir, 'backups', 'manual-stopped.sqlite');
    const backup = collection.backupInBackground(out, 1);
    await vi.waitFor(() => expect(collection.backupStatus()).toMatchObject({ phase: 'copying', progress: expect.any(Number) as unknown }), { timeout: 20_000 });
    await vi.waitFor(() => expect(collection.backupStatus().progress).toBeGreaterThan(0), { timeout: 20_000 });
    collection.close();
    await expect(backup).rejects.toMatchObject({ code: ErrorCode.cancelled });
    expect(collection.backupStatus().state).toBe('failed');
    expect(fs.existsSync(out)).toBe(false);
    expect(partials(dir)).toEqual([]);
  });

  it('that fails (no folder can be made there) leaves nothing behind and says why', async () => {
    const { collection, dir } = copyOfTemplate();
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    await expect(collection.backupInBackground(path.join(blocker, 'b.sqlite'))).rejects.toMatchObject({ code: expect.any(String) as unknown });
    expect(collection.backupStatus()).toMatchObject({ state: 'failed', result: null });
    expect(partials(dir)).toEqual([]);
  });

  it('the daily backup goes through the same worker job', async () => {
    const dir = tempDir('demarc-jobs-daily-');
    const file = path.join(dir, 'collection.sqlite');
    fs.copyFileSync(template, file);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let collection: Collection;
    try {
      collection = Collection.open({ file, dailyBackup: 'soon' });
      opened.push(collection);
      vi.advanceTimersByTime(10_000);
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(() => expect(collection.backupStatus().state).toBe('done'), { timeout: 30_000 });
    const daily = collection.backupStatus().result!.file;
    expect(path.basename(daily)).toMatch(/^daily-\d{4}-\d{2}-\d{2}\.sqlite$/);
    expect(checkBackupFile(daily)).toEqual([]);
  });
});

describe('doctor on a worker thread', () => {
  it('answers calls while it checks table by table, and reports the collection healthy', async () => {
    const { collection, dispatcher } = copyOfTemplate();
    const started = await dispatcher.dispatch('doctor.start', {});
    expect(started).toMatchObject({ ok: true, value: { state: 'running' } });
    const seen = await callWhileRunning(dispatcher, () => collection.doctorStatus());
    await vi.waitFor(() => expect(collection.doctorStatus().state).toBe('done'), { timeout: 30_000 });
    expect(seen.answeredMidway).toBeGreaterThan(1);
    expect(seen.progress.length).toBeGreaterThan(1);
    const status = await dispatcher.dispatch('doctor.status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'done', progress: 1, error: null } });
    const report = (status as { value: WorkerJobStatus<DoctorReport> }).value.result!;
    expect(expected).toMatchObject({ ok: true, problems: [], cards: 3000 });
    expect(report).toEqual({ ...expected, file: collection.file, sizeBytes: report.sizeBytes });
  });
});

describe("an import's backup on the import's thread", () => {
  const csv = (rows: number) => Buffer.from(['front,back', ...Array.from({ length: rows }, (_, i) => `Imported question ${i},Imported answer ${i}`)].join('\n'));

  it('answers calls, reads and answers alike, while it copies in steps; the import then lands with a whole, checked backup', async () => {
    const { collection, dir, dispatcher } = copyOfTemplate();
    const cardIds = databaseOf(collection).prepare('SELECT id FROM cards ORDER BY id LIMIT 400').pluck().all() as string[];
    const reviewsBefore = expected.reviews;
    // One page a step, so the copy of a few MiB takes hundreds of them.
    const job = new ImportJob(collection, () => {}, { ...defaultImportWorkerLimits, backupPagesPerStep: 1 });
    expect(job.start('more.csv', csv(50), {}).state).toBe('running');
    const backingUp = () => {
      const s = job.status();
      return s.state === 'running' && s.phase === 'Backing up your collection';
    };
    let answeredWhileCopying = 0;
    let answers = 0;
    const fractions: number[] = [];
    for (let i = 0; i < 100_000 && job.status().state === 'running'; i++) {
      // A write too: the copy holds no lock an answer would wait for (the import's own transaction, later, is waited for without blocking).
      const reply =
        i % 4 === 3 && answers < cardIds.length
          ? await dispatcher.dispatch('study.answer', { cardId: cardIds[answers++]!, grade: 3, durationMs: 1000 })
          : await dispatcher.dispatch(i % 2 ? 'decks.list' : 'settings.get', {});
      expect(reply.ok).toBe(true);
      const now = job.status();
      if (backingUp() && now.progress > 0.05 && now.progress < 0.2) {
        answeredWhileCopying++;
        if (fractions.at(-1) !== now.progress) fractions.push(now.progress);
      }
      await nextTurn();
    }
    const done = job.status();
    expect(done).toMatchObject({ state: 'done', error: null, summary: { added: 50 } });
    expect(answeredWhileCopying).toBeGreaterThan(1);
    expect(fractions.length).toBeGreaterThan(1);
    const backup = done.summary!.backupFile!;
    expect(path.basename(backup)).toMatch(/^before-import-.*\.sqlite$/);
    expect(checkBackupFile(backup)).toEqual([]);
    // The copy is one snapshot from before the import: none of its cards, at most the answers committed before it began.
    const copy = openSqliteFile(backup, { readonly: true });
    try {
      expect(copy.prepare("SELECT count(*) FROM cards WHERE deck_id = 'import-more'").pluck().get()).toBe(0);
      const copied = copy.prepare('SELECT count(*) FROM review_log').pluck().get() as number;
      expect(copied).toBeGreaterThanOrEqual(reviewsBefore);
      expect(copied).toBeLessThanOrEqual(reviewsBefore + answers);
    } finally {
      copy.close();
    }
    expect(databaseOf(collection).prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(reviewsBefore + answers);
    expect(partials(dir)).toEqual([]);
  });

  it('that cannot be written (no folder can be made there) fails the import, which then writes nothing and leaves nothing behind', async () => {
    const dir = tempDir('demarc-jobs-import-');
    const file = path.join(dir, 'collection.sqlite');
    fs.copyFileSync(template, file);
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const collection = Collection.open({ file, backupDir: path.join(blocker, 'backups') });
    opened.push(collection);
    const job = new ImportJob(collection);
    job.start('more.csv', csv(5), {});
    await vi.waitFor(() => expect(job.status().state).not.toBe('running'), { timeout: 30_000 });
    expect(job.status()).toMatchObject({ state: 'failed', error: { code: expect.any(String) as unknown } });
    expect(databaseOf(collection).prepare("SELECT count(*) FROM cards WHERE deck_id = 'import-more'").pluck().get()).toBe(0);
    expect(partials(dir)).toEqual([]);
  });
});
