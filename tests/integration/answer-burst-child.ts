/**
 * Spawned (and SIGKILLed at random moments) by crash-safety.test.ts:
 *
 *   node dist/test/answer-burst-child.js FILE SEED MODE   (bundled by the test run)
 *   node --import tsx tests/integration/answer-burst-child.ts FILE SEED MODE
 *
 * MODE "answers": opens the collection like the app does and answers cards as
 * fast as it can through the dispatcher. Only after an answer's call has
 * returned (its transaction committed) does it print `ack REVIEW_ID CARD_ID
 * KIND`: that line is the acknowledgement the user would see.
 *
 * MODE "backups": writes `FILE.backup.sqlite` over and over, as the app does
 * (Collection.backupInBackground: SQLite's online backup in small steps on a
 * worker thread), and prints `ack backup N` after each one, so that a kill
 * can land in the middle of writing a backup.
 *
 * The restore kills run restore-burst-child.ts, which loads only the restore.
 *
 * MODE "import": imports `FILE.deck.csv` again and again through the import
 * job (as the Import screen does: its worker takes the before-import backup,
 * rotates them and writes), and prints `ack import N`.
 *
 * Every line goes out with fs.writeSync(1) so that it is on the pipe before
 * the next answer starts; nothing is buffered in the process when it dies.
 */
import fs from 'node:fs';
import { Collection } from '../../electron/core/collection.js';
import { dailyBackupDue } from '../../electron/core/backup/backups.js';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { ImportJob } from '../../electron/core/jobs/import-job.js';
import { defaultImportWorkerLimits } from '../../electron/core/jobs/import-worker-host.js';
import { decksDir } from '../helpers/test-collection.js';
import { seededRandom } from '../fixtures/simulated-learner.js';
import { databaseOf } from '../helpers/collection-database.js';
import { rightAction } from '../helpers/learner-actions.js';
import { parseContent } from '../../electron/core/cards/card-record.js';
import { writeLine } from '../helpers/pipe-lines.js';

const [file, seedText, mode = 'answers'] = process.argv.slice(2);
if (!file || !seedText) {
  fs.writeSync(2, 'usage: answer-burst-child.ts FILE SEED [answers|backups|import]\n');
  process.exit(2);
}


const random = seededRandom(Number(seedText));
// The clock moves a minute or more per answer and never goes back, across restarts too,
// so that "the card's last review is its newest logged answer" is a sharp check.
let clock = Date.now();
const collection = Collection.open({ file, builtinDecksDir: decksDir, now: () => clock });
const newest = databaseOf(collection).prepare('SELECT max(reviewed_at) FROM review_log').pluck().get() as number | null;
clock = Math.max(clock, (newest ?? 0) + 60_000);
// The app takes the day's backup shortly after start, on a worker thread; here at once, and before the
// answers start (so that every run that gets to answer has one whole), so that kills land in it too.
const daily = dailyBackupDue(databaseOf(collection), collection.backupDir, clock);
if (daily) await collection.backupInBackground(daily);

// The parent checks that the connection which makes the acknowledged writes is WAL + FULL.
const readyLine = `ready journal=${String(databaseOf(collection).pragma('journal_mode', { simple: true }))} synchronous=${String(databaseOf(collection).pragma('synchronous', { simple: true }))}`;

if (mode === 'import') {
  writeLine(readyLine);
  const bytes = fs.readFileSync(`${file}.deck.csv`);
  // The Import screen's path: the job's worker copies the before-import backup (small steps: many moments
  // inside the copy for a kill to land on) and writes the file on its own connection.
  const job = new ImportJob(collection, () => {}, { ...defaultImportWorkerLimits, backupPagesPerStep: 16 });
  for (let n = 1; ; n++) {
    job.start('deck.csv', bytes, { deckName: `Imported ${n % 3}` });
    const ended = await job.whenEnded();
    if (ended.state !== 'done') throw new Error(`import ${n} ${ended.state}: ${ended.error?.message ?? ''}`);
    writeLine(`ack import ${n}`);
  }
}

if (mode === 'backups') {
  writeLine(readyLine);
  for (let n = 1; ; n++) {
    // Small steps: many moments inside the copy for a kill to land on.
    await collection.backupInBackground(`${file}.backup.sqlite`, 16);
    writeLine(`ack backup ${n}`);
  }
}

const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'crash-test', transport: 'ipc' }));
// Cram answers go through a cram session, as the Cram screen's do (the session, not the call, says "cram").
const cramSession = collection.cram({ size: 1000, order: 'due' }, false).sessionId;
const cardIds = databaseOf(collection).prepare('SELECT id FROM cards WHERE retired = 0 ORDER BY id').pluck().all() as number[];
writeLine(readyLine);

for (;;) {
  clock += 60_000 + Math.floor(random() * 3_600_000);
  const cardId = cardIds[Math.floor(random() * cardIds.length)]!;
  const grade = (1 + Math.floor(random() * 4)) as 1 | 2 | 3 | 4;
  // One answer in six is a cram answer that leaves the schedule alone (logged, card untouched).
  const cram = random() < 1 / 6;
  const reply = await dispatcher.dispatch('study.answer', {
    cardId,
    grade,
    durationMs: Math.floor(random() * 20_000),
    ...(cram ? { sessionId: cramSession, ...rightAction({ content: parseContent(collection.cardRecord(cardId)) }) } : {}),
  });
  if (!reply.ok) {
    writeLine(`error ${JSON.stringify(reply.error)}`);
    process.exit(1);
  }
  const { reviewId } = reply.value as { reviewId: number };
  writeLine(`ack ${reviewId} ${cardId} ${cram ? 'cram' : 'review'}`);
}
