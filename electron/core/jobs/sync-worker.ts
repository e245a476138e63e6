import { parentPort } from 'node:worker_threads';
import { Collection } from '../collection.js';
import { useNativeBinding } from '../db/sqlite-file.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import { announcingLongWrite, syncMarkerOf } from '../db/write-wait.js';
import { DemarcError, ErrorCode, isDemarcError } from '../domain/errors.js';
import { syncNowRecorded } from './sync-service.js';
import type { SyncWorkerMessage, SyncWorkerRequest } from './sync-worker-host.js';

/**
 * One sync round off the main thread (sync-worker-host.ts starts it): the
 * worker opens the collection on a connection of its own and runs the same
 * synchronous round as the CLI, posting each phase it reports. A stop asked
 * for by the host is honoured at the round's next report: before the merge
 * nothing of the folder is applied yet, and inside it the throw rolls the
 * merge's one transaction back, so the collection is as it was.
 */
const post = (message: SyncWorkerMessage) => parentPort?.postMessage(message);

/** The worker only waits for the lock (an answer, an import): it blocks no one, so it may wait long. */
const workerBusyTimeoutMs = 60_000;

function handle(request: SyncWorkerRequest): void {
  let collection: Collection | null = null;
  let outcome: SyncWorkerMessage;
  let recorded = false;
  useNativeBinding(request.sqliteBinding);
  const stop = new Int32Array(request.stop);
  try {
    collection = Collection.open({ file: request.file, descriptor: request.descriptor ?? undefined, nativeBinding: request.nativeBinding, backupDir: request.backupDir, busyTimeoutMs: workerBusyTimeoutMs });
    const opened = collection;
    recorded = true;
    // The marker makes answers in the app wait for the round's transactions without blocking its event loop, as during an import.
    const report = announcingLongWrite(request.file, () =>
      syncNowRecorded(opened, request.folder, {
        onProgress: (message, fraction) => {
          // Looked at before this report goes out: a stop asked for on hearing it is honoured at the next one, never at this one.
          if (Atomics.load(stop, 0) === 1) {
            throw new DemarcError(ErrorCode.cancelled, `The sync was stopped before “${message}”; nothing it read was merged, and the next sync reads it again.`);
          }
          post({ type: 'progress', message, fraction: fraction ?? null });
        },
      }),
      syncMarkerOf(request.file),
    );
    outcome = { type: 'done', report };
  } catch (raw) {
    const error = translateSqliteError(raw, request.file);
    const code = isDemarcError(error) ? error.code : ErrorCode.internal;
    outcome = { type: 'failed', error: { code, message: error instanceof Error ? error.message : String(error) }, recorded };
  } finally {
    collection?.close();
  }
  // Only once its connection is closed: the host may start the next round at once.
  post(outcome);
}

parentPort?.once('message', handle);
