// Reading an imported file runs in a worker with a wall-clock limit, a heap
// limit and a Cancel: a file that would hang or exhaust the reader stops
// that worker only, with a message naming the file and the limit, while
// the app keeps answering; nothing is imported and the next import works.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { ImportJob } from '../../electron/core/jobs/import-job.js';
import { ImportService } from '../../electron/core/jobs/import-service.js';
import { parseInWorker } from '../../electron/core/jobs/import-worker-host.js';
import type { ImportJobStatus } from '../../electron/core/importing/import-types.js';
import { checksum, tempDir } from '../helpers/test-collection.js';

/** A valid CSV whose reading takes well over a second and a few hundred MiB of heap. */
function bigCsv(rows = 150_000): Buffer {
  const lines = ['front,back,tags'];
  for (let i = 0; i < rows; i++) lines.push(`Question ${i} about who patches what on EC2,"Answer ${i}, which the customer owns",tag${i % 50}`);
  return Buffer.from(lines.join('\n'));
}

const context = { mediaDir: null, now: Date.UTC(2026, 2, 4) };
let collection: Collection | null = null;
afterEach(() => {
  collection?.close();
  collection = null;
});

async function settle(job: ImportJob): Promise<ImportJobStatus> {
  for (;;) {
    const status = job.status();
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the import worker limits', () => {
  it('stops a read that runs past the time limit, naming the file and the limit', async () => {
    const run = parseInWorker('slow.csv', bigCsv(), {}, context, { readTimeoutMs: 200, maxHeapMb: 1024 });
    await expect(run.result).rejects.toMatchObject({ code: ErrorCode.fileTooLarge, message: expect.stringMatching(/^slow\.csv: reading the file took longer than 0.2 s/) });
  });

  it('stops a read that needs more heap than the limit, without taking the process down', async () => {
    const run = parseInWorker('heavy.csv', bigCsv(), {}, context, { readTimeoutMs: 60_000, maxHeapMb: 48 });
    await expect(run.result).rejects.toMatchObject({ code: ErrorCode.fileTooLarge, message: expect.stringMatching(/^heavy\.csv: .*more than 48 MiB of memory/) });
    // This process is still here, and a small file reads fine afterwards.
    const ok = await parseInWorker('small.csv', Buffer.from('front,back\nq,a\n'), {}, context).result;
    expect(ok.decks[0]!.cards).toHaveLength(1);
  });

  it('reuses its worker for file after file without piling up listeners on it', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 14; i++) {
        const parsed = await parseInWorker(`small-${i}.csv`, Buffer.from(`front,back\nq${i},a\n`), {}, context).result;
        expect(parsed.decks[0]!.cards).toHaveLength(1);
      }
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('cancels a preview in flight; other calls are answered meanwhile', async () => {
    collection = Collection.open({ file: ':memory:' });
    const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 't', transport: 'http' }));
    const preview = dispatcher.dispatch('import.preview', { fileName: 'slow.csv', dataBase64: bigCsv().toString('base64') });
    expect(await dispatcher.dispatch('decks.list', {})).toMatchObject({ ok: true });
    expect(await dispatcher.dispatch('import.cancel', {})).toMatchObject({ ok: true });
    expect(await preview).toMatchObject({ ok: false, error: { code: ErrorCode.cancelled, message: expect.stringMatching(/^slow\.csv: the import was cancelled/) } });
  });

  it('cancels the Import screen job while it reads: nothing imported, and the next import is not refused', async () => {
    const file = path.join(tempDir(), 'c.sqlite');
    collection = Collection.open({ file });
    const before = checksum(databaseOf(collection));
    const service = new ImportService(collection, () => {});
    expect(service.start({ fileName: 'big.csv', bytes: bigCsv() }, {}).state).toBe('running');
    service.cancel();
    const status = await settle(service.job);
    expect(status).toMatchObject({ state: 'failed', error: { code: ErrorCode.cancelled } });
    expect(checksum(databaseOf(collection))).toBe(before);
    service.start({ fileName: 'small.csv', bytes: Buffer.from('front,back\nq,a\n') }, {});
    expect(await settle(service.job)).toMatchObject({ state: 'done', summary: { added: 1 } });
  });

  it('times out a job too, and then takes the next one', async () => {
    collection = Collection.open({ file: ':memory:' });
    const job = new ImportJob(collection, () => {}, { readTimeoutMs: 200, maxHeapMb: 1024 });
    job.start('slow.csv', bigCsv(), {});
    expect(await settle(job)).toMatchObject({ state: 'failed', error: { code: ErrorCode.fileTooLarge, message: expect.stringMatching(/took longer than/) } });
    job.start('small.csv', Buffer.from('front,back\nq,a\n'), {});
    expect(await settle(job)).toMatchObject({ state: 'done' });
  });
});
