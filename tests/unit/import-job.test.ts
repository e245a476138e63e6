import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { ImportJob } from '../../electron/core/jobs/import-job.js';
import type { ImportJobStatus } from '../../electron/core/importing/import-types.js';
import { checksum, decksDir, tempDir } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

function csv(rows: number): Buffer {
  const lines = ['front,back'];
  for (let i = 0; i < rows; i++) lines.push(`Question ${i} about the shared responsibility model,Answer ${i}`);
  return Buffer.from(lines.join('\n'));
}

async function settle(job: ImportJob, seen: number[]): Promise<ImportJobStatus> {
  for (;;) {
    const status = job.status();
    seen.push(status.progress);
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('an import from the Import screen', () => {
  it('runs in a worker while the main thread answers, reports progress, and lands all at once', async () => {
    const file = path.join(tempDir(), 'c.sqlite');
    const collection = Collection.open({ file, builtinDecksDir: decksDir });
    const job = new ImportJob(collection);
    const firstCard = collection.study().cards[0]!;
    collection.answer({ cardId: firstCard.id, grade: 3, durationMs: 1000 });
    // 5,000 rows (was 20,000): the writer still reports its progress several times (every 2,000 cards). Nothing asserted
    // depends on the size (the main thread reads right after the start, the count and the order are exact), and a
    // file past any size the import must bound is tests/unit/import-csv-large.test.ts's.
    const started = job.start('big.csv', csv(5000), {});
    expect(started.state).toBe('running');
    // The main thread is free meanwhile: it can read while the worker writes.
    expect(collection.today().decks.length).toBeGreaterThanOrEqual(10);
    const seen: number[] = [];
    const status = await settle(job, seen);
    expect(status.state).toBe('done');
    expect(status.summary?.added).toBe(5000);
    // The worker wrote through its own connection: the main one's undo history is gone.
    expect(collection.undoDepth).toBe(0);
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true);
    expect(databaseOf(collection).prepare("SELECT count(*) FROM cards WHERE deck_id = 'import-big'").pluck().get()).toBe(5000);
    expect(() => job.start('again.csv', csv(1), {})).not.toThrow();
    await settle(job, []);
    collection.close();
  });

  it('reports a bad file as failed and leaves the collection as it was', async () => {
    const file = path.join(tempDir(), 'c.sqlite');
    const collection = Collection.open({ file, builtinDecksDir: decksDir });
    const before = checksum(databaseOf(collection));
    const job = new ImportJob(collection);
    job.start('broken.json', Buffer.from('{"format": "demarc-deck/1", "cards": ['), {});
    const status = await settle(job, []);
    expect(status.state).toBe('failed');
    expect(status.error?.code).toBe('INVALID_FILE');
    expect(status.error?.message).toMatch(/broken\.json/);
    expect(checksum(databaseOf(collection))).toBe(before);
    collection.close();
  });

  it('refuses a second import while one runs', () => {
    const file = path.join(tempDir(), 'c.sqlite');
    const collection = Collection.open({ file });
    const job = new ImportJob(collection);
    job.start('one.csv', csv(5000), {});
    expect(() => job.start('two.csv', csv(10), {})).toThrow(/still being imported/);
    collection.close();
  });
});
