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
