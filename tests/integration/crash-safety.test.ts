/**
 * Crash safety: a child process answers cards as fast as it can and is
 * SIGKILLed at random (seeded) moments, 20 times or more over one file (52 under `npm run fuzz`).
 * After every kill the file is reopened the way the app reopens it and must
 * hold every acknowledged answer, no half-written answer, and pass
 * `PRAGMA integrity_check`. See SECURITY.md, "Durability".
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { Collection } from '../../electron/core/collection.js';
import { decksDir, repoRoot, tempDir } from '../helpers/test-collection.js';
import { seededRandom } from '../fixtures/simulated-learner.js';
import { databaseOf } from '../helpers/collection-database.js';
import { nodeArgs } from '../helpers/node-entry.js';
import { longFuzz } from '../helpers/fuzz-runs.js';

/**
 * Each kill costs a process start, an open and often a daily backup (about a second of CPU), so the ordinary
 * run kills fewer times and lets each child answer longer (10-70 answers instead of 5-35 before the kill
 * window opens): the same 500 acknowledged answers are checked, every kind of kill (while opening, syncing
 * the decks, backing up, mid-answer) still lands, and a power-loss copy is taken every fifth kill instead of
 * every tenth so that as many copies are checked. `npm run fuzz` runs the long count.
 */
const answerKills = longFuzz() ? 52 : 20;
/** More kills while fewer than `enoughAnswers` were acknowledged (a busy machine answers less between kills), up to this bound. */
const maxAnswerKills = 400;
const enoughAnswers = 500;
const copyEvery = longFuzz() ? 10 : 5;
/** Every kill lands at a random point of a backup being written; five such points (eight under `npm run fuzz`) cover its start, copy and finish. */
const backupKills = longFuzz() ? 8 : 5;
const restoreKills = 6;
const importKills = 6;
const seed = 20_260_304;


interface KillPlan {
  /** Count the delay from the child's "ready" line (in the answer loop), or from the spawn (may land while it opens, syncs decks or backs up). */
  from: 'ready' | 'spawn';
  /**
   * With 'ready': the delay starts once the child has acknowledged this many answers, so each run
   * gets its share of answers however busy the machine is, and the kill lands at a random point after.
   */
  afterAcks?: number;
  delayMs: number;
}

interface ChildRun {
  /** Complete lines only: a line cut by the kill was never acknowledged. */
  lines: string[];
  signal: NodeJS.Signals | null;
  exitCode: number | null;
  stderr: string;
}

function runUntilKilled(file: string, childSeed: number, mode: 'answers' | 'backups' | 'restore' | 'import', plan: KillPlan): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const entry = mode === 'restore' ? 'restore-burst-child' : 'answer-burst-child';
    const child = spawn(process.execPath, [...nodeArgs(entry), file, String(childSeed), mode], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    const killLater = (ms: number) => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
    };
    // A child that never gets ready must not hang the test.
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
    if (plan.from === 'spawn') killLater(plan.delayMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (plan.from === 'ready' && stdout.startsWith('ready') && ackCount(stdout) >= (plan.afterAcks ?? 0)) killLater(plan.delayMs);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      clearTimeout(watchdog);
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      resolve({ lines: complete.split('\n').filter((l) => l.length > 0), signal, exitCode, stderr });
    });
  });
}

/** Acknowledgements on complete lines so far. */
function ackCount(stdout: string): number {
  let n = 0;
  for (let at = stdout.indexOf('\nack '); at !== -1; at = stdout.indexOf('\nack ', at + 1)) n++;
  return n;
}

interface Ack {
  reviewId: number;
  cardId: number;
  cram: boolean;
}

function acksOf(run: ChildRun): Ack[] {
  return run.lines
    .filter((l) => l.startsWith('ack '))
    .map((l) => {
      const [, reviewId, cardId, kind] = l.split(' ');
      return { reviewId: Number(reviewId), cardId: Number(cardId), cram: kind === 'cram' };
    });
}

/** What a reopened file holds, read through the app's own open path (WAL recovery, quick_check). */
interface Reopened {
  reviewCards: Map<number, number>;
  integrity: string;
  /** Cards whose schedule disagrees with their newest scheduled answer in the log. */
  cardsOutOfStep: number;
  /** Days whose aggregate counts disagree with the log (kept by triggers in the answer's transaction). */
  aggregateDrift: number;
}

function reopen(file: string): Reopened {
  const db = openDatabase(file);
  try {
    const rows = db.prepare('SELECT id, card_id AS cardId FROM review_log').all() as { id: number; cardId: number }[];
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    // The answer writes the log row and the card in one transaction: the card's last review is
    // exactly its newest non-cram answer, and its repetition count is the number of them.
    const cardsOutOfStep = db
      .prepare(
        `SELECT count(*) FROM cards c LEFT JOIN (
           SELECT card_id, max(reviewed_at) AS newest, count(*) AS n FROM review_log WHERE kind <> 'cram' GROUP BY card_id
         ) r ON r.card_id = c.id
         WHERE c.last_review IS NOT r.newest OR c.reps <> coalesce(r.n, 0)`,
      )
      .pluck()
      .get() as number;
    const aggregateDrift = db
      .prepare(
        `SELECT count(*) FROM (SELECT day, count(*) AS n FROM review_log GROUP BY day) l
         FULL JOIN (SELECT day, sum(reviews) AS n FROM daily_reviews GROUP BY day) a USING (day)
         WHERE l.n IS NOT a.n`,
      )
      .pluck()
      .get() as number;
    return { reviewCards: new Map(rows.map((r) => [r.id, r.cardId])), integrity, cardsOutOfStep, aggregateDrift };
  } finally {
    db.close();
  }
}

/** A file copied without its `-shm` index (which SQLite rebuilds from the WAL) is what a restart has to work with. */
function copyMainAndWal(file: string, into: string): { copy: string; walBytes: number } {
  const copy = path.join(into, path.basename(file));
  fs.copyFileSync(file, copy);
  const wal = `${file}-wal`;
  const walBytes = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
  if (walBytes > 0) fs.copyFileSync(wal, `${copy}-wal`);
  return { copy, walBytes };
}

/** A backup must be a whole collection on its own: it is copied alone when restored. */
function backupProblem(backup: string): string | null {
  const dir = tempDir('demarc-backup-check-');
  const alone = path.join(dir, 'restored.sqlite');
  fs.copyFileSync(backup, alone);
  try {
    const db = openSqliteFile(alone);
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') return `integrity_check: ${String(integrity)}`;
      const app = db.prepare("SELECT value FROM meta WHERE key = 'application'").pluck().get();
      if (app !== 'demarc') return 'not a Demarc collection';
      return null;
    } finally {
      db.close();
    }
  } catch (error) {
    return (error as Error).message;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('crash safety under SIGKILL', () => {
  it(`keeps every acknowledged answer and never half-writes one, across ${answerKills} kills or more`, async () => {
    const dir = tempDir('demarc-crash-');
    dirs.push(dir);
    const file = path.join(dir, 'collection.sqlite');
    const random = seededRandom(seed);
    const acknowledged = new Map<number, number>();
    let rowsBefore = 0;
    let killedInLoop = 0;
    let walRecoveries = 0;

    for (let kill = 0; kill < answerKills || (acknowledged.size <= enoughAnswers && kill < maxAnswerKills); kill++) {
      // One kill in six counts from the spawn, so some land while the collection opens,
      // syncs the built-in decks or writes its daily backup; the rest land mid-answer.
      const plan: KillPlan =
        random() < 1 / 6 ? { from: 'spawn', delayMs: 100 + Math.floor(random() * 400) } : { from: 'ready', afterAcks: longFuzz() ? 5 + Math.floor(random() * 30) : 10 + Math.floor(random() * 60), delayMs: Math.floor(random() * 12) };
      const run = await runUntilKilled(file, seed + kill, 'answers', plan);
      expect(run.signal, `child ${kill} ended by itself (exit ${run.exitCode}): ${run.lines.at(-1) ?? ''} ${run.stderr}`).toBe('SIGKILL');
      const ready = run.lines.find((l) => l.startsWith('ready'));
      if (ready) expect(ready).toBe('ready journal=wal synchronous=2');
      const acks = acksOf(run);
      if (acks.length > 0) killedInLoop++;

      if (kill % copyEvery === copyEvery - 1 && fs.existsSync(file)) {
        // Power-loss style: only the main file and the WAL as they were at the kill.
        const { copy, walBytes } = copyMainAndWal(file, tempDir('demarc-crash-copy-'));
        dirs.push(path.dirname(copy));
        const recovered = reopen(copy);
        for (const ack of acks) expect(recovered.reviewCards.get(ack.reviewId), `review ${ack.reviewId} lost from main file + WAL`).toBe(ack.cardId);
        if (walBytes > 0 && acks.length > 0) walRecoveries++;
      }

      if (!fs.existsSync(file)) {
        expect(acks, 'answers acknowledged before the file existed').toHaveLength(0);
        continue;
      }
      const state = reopen(file);
      expect(state.integrity).toBe('ok');
      for (const ack of acks) acknowledged.set(ack.reviewId, ack.cardId);
      for (const [reviewId, cardId] of acknowledged) {
        if (state.reviewCards.get(reviewId) !== cardId) expect.fail(`acknowledged review ${reviewId} (card ${cardId}) is missing after kill ${kill}`);
      }
      // At most one answer can have committed without its acknowledgement reaching the pipe.
      expect([acks.length, acks.length + 1]).toContain(state.reviewCards.size - rowsBefore);
      expect(state.cardsOutOfStep, 'cards whose state disagrees with their log').toBe(0);
      expect(state.aggregateDrift, 'daily aggregates that disagree with the log').toBe(0);
      rowsBefore = state.reviewCards.size;
    }

    expect(killedInLoop).toBeGreaterThanOrEqual(answerKills / 2);
    expect(walRecoveries, 'copies whose acknowledged answers were recovered from WAL frames').toBeGreaterThan(0);
    // Enough acknowledged answers to mean something, on a loaded machine too (it takes more kills there).
    expect(acknowledged.size).toBeGreaterThan(enoughAnswers);

    // The daily backups written while being killed are whole collections too.
    const backups = fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.sqlite'));
    expect(backups.length).toBeGreaterThan(0);
    for (const backup of backups) expect(backupProblem(path.join(dir, 'backups', backup)), backup).toBeNull();
  }, 900_000);

  it(`never leaves a torn backup file, across ${backupKills} kills while backing up`, async () => {
    const dir = tempDir('demarc-crash-backup-');
    dirs.push(dir);
    const file = path.join(dir, 'collection.sqlite');
    const setup = Collection.open({ file, builtinDecksDir: decksDir });
    for (let i = 1; i <= 200; i++) setup.answer({ cardId: i, grade: 3, durationMs: 1000 });
    setup.close();
    const random = seededRandom(seed + 1);
    const target = `${file}.backup.sqlite`;
    let writtenOnce = false;
    // More kills (at most 30) until a backup has been written whole once: a busy machine may be slower to get there.
    for (let kill = 0; kill < backupKills || (!writtenOnce && kill < 30); kill++) {
      // From the first backup written in this run: the next one is on its worker (started, checking or copying) when the kill lands.
      const run = await runUntilKilled(file, kill, 'backups', { from: 'ready', afterAcks: 1, delayMs: 20 + Math.floor(random() * 130) });
      expect(run.signal, run.stderr).toBe('SIGKILL');
      writtenOnce ||= run.lines.some((l) => l.startsWith('ack backup'));
      if (writtenOnce) expect(backupProblem(target), `backup after kill ${kill}`).toBeNull();
      // The collection itself is untouched by a backup killed part-way: whole, with every answer.
      const db = openDatabase(file);
      try {
        expect(db.pragma('integrity_check', { simple: true }), `collection after kill ${kill}`).toBe('ok');
        expect(db.prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(200);
      } finally {
        db.close();
      }
    }
    expect(writtenOnce).toBe(true);
  }, 600_000);

  it(`never loses the replaced file or leaves a torn one in place, across ${restoreKills} kills or more while restoring`, async () => {
    const dir = tempDir('demarc-crash-restore-');
    dirs.push(dir);
    const file = path.join(dir, 'collection.sqlite');
    // The collection as a crash leaves it: its newest answers only in the WAL.
    const live = path.join(dir, 'live', 'collection.sqlite');
    const setup = Collection.open({ file: live, builtinDecksDir: decksDir });
    for (let i = 1; i <= 100; i++) setup.answer({ cardId: i, grade: 3, durationMs: 1000 });
    setup.backup(`${file}.backup.sqlite`);
    databaseOf(setup).pragma('wal_autocheckpoint = 0');
    databaseOf(setup).pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 101; i <= 200; i++) setup.answer({ cardId: i, grade: 3, durationMs: 1000 });
    fs.copyFileSync(live, file);
    fs.copyFileSync(`${live}-wal`, `${file}-wal`);
    setup.close();
    expect(reopen(file).reviewCards.size).toBe(200);

    const random = seededRandom(seed + 2);
    let restoredOnce = false;
    let cutShort = 0;
    // More kills (at most 60) until one has landed mid-restore and one restore has finished: how many of
    // the first six land inside the copy depends on how fast this machine copies and checks.
    for (let kill = 0; kill < restoreKills || ((!restoredOnce || cutShort === 0) && kill < 60); kill++) {
      // Every other kill waits for one whole restore first, so that one has finished however slow the machine
      // (a slow copy is what makes the rest land mid-restore); the others can land in the first one.
      const run = await runUntilKilled(file, kill, 'restore', { from: 'ready', afterAcks: kill % 2, delayMs: 10 + Math.floor(random() * 250) });
      expect(run.signal, run.stderr).toBe('SIGKILL');
      restoredOnce ||= run.lines.some((l) => l.startsWith('ack restore'));
      if (fs.existsSync(`${file}.restoring`) || fs.existsSync(`${file}.restore-journal`)) cutShort++;
      // Opening finishes a restore cut short: the name holds the old file or the backup, whole.
      const state = reopen(file);
      expect(state.integrity).toBe('ok');
      expect([100, 200]).toContain(state.reviewCards.size);
      // The original, with the answers that were only in its WAL, is still somewhere: in place or kept aside.
      // The first restore moved it aside, and later ones never touch it (aside names sort by time).
      const firstAside = fs.readdirSync(dir).filter((f) => f.startsWith('collection.sqlite.before-restore-') && !/-(wal|shm)$/.test(f)).sort()[0];
      expect(firstAside ? reopen(path.join(dir, firstAside)).reviewCards.size : state.reviewCards.size, `after kill ${kill}`).toBe(200);
    }
    expect(restoredOnce).toBe(true);
    expect(cutShort, 'kills that landed mid-restore').toBeGreaterThan(0);
  }, 600_000);

  it(`keeps before-import backups whole and rotated, across ${importKills} kills while importing`, async () => {
    const dir = tempDir('demarc-crash-import-');
    dirs.push(dir);
    const file = path.join(dir, 'collection.sqlite');
    const setup = Collection.open({ file, builtinDecksDir: decksDir });
    for (let i = 1; i <= 50; i++) setup.answer({ cardId: i, grade: 3, durationMs: 1000 });
    setup.close();
    fs.writeFileSync(`${file}.deck.csv`, ['front,back', ...Array.from({ length: 300 }, (_, i) => `q${i},a${i}`)].join('\n'));
    const random = seededRandom(seed + 3);
    let imported = 0;
    let cutInBackup = 0;
    // More kills (at most 30) until one has landed inside a before-import backup or after a whole import.
    for (let kill = 0; kill < importKills || (imported + cutInBackup === 0 && kill < 30); kill++) {
      // The import's worker takes a moment to start: every other kill waits for one whole import, so it lands in the next one's backup or writing.
      const plan: KillPlan = kill % 2 ? { from: 'ready', afterAcks: 1, delayMs: 20 + Math.floor(random() * 400) } : { from: 'ready', delayMs: 20 + Math.floor(random() * 2500) };
      const run = await runUntilKilled(file, kill, 'import', plan);
      expect(run.signal, run.stderr).toBe('SIGKILL');
      imported += run.lines.filter((l) => l.startsWith('ack import')).length;
      const inBackups = fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')) : [];
      if (inBackups.some((f) => f.endsWith('.partial'))) cutInBackup++;
      const state = reopen(file);
      expect(state.integrity).toBe('ok');
      expect(state.reviewCards.size).toBe(50);
      const backups = inBackups.filter((f) => f.startsWith('before-import-') && f.endsWith('.sqlite'));
      // Five kept; a kill between writing a backup and rotating can leave one more until the next import.
      expect(backups.length).toBeLessThanOrEqual(6);
      for (const backup of backups) expect(backupProblem(path.join(dir, 'backups', backup)), backup).toBeNull();
    }
    // Some kills land inside a before-import backup, some after whole imports.
    expect(imported + cutInBackup).toBeGreaterThan(0);
  }, 600_000);

  it('opens collections in WAL mode with synchronous=FULL', () => {
    const dir = tempDir('demarc-pragmas-');
    dirs.push(dir);
    const collection = Collection.open({ file: path.join(dir, 'c.sqlite'), builtinDecksDir: decksDir });
    try {
      expect(databaseOf(collection).pragma('journal_mode', { simple: true })).toBe('wal');
      expect(databaseOf(collection).pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      collection.close();
    }
  });
});
