import { Collection } from '../collection.js';
import { serveWorkerRun } from '../db/worker-run.js';
import { announcingLongWrite, syncMarkerOf } from '../db/write-wait.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { SyncReport } from '../sync/sync-status.js';
import { syncNowRecorded } from './sync-service.js';
import type { SyncWorkerRequest } from './sync-worker-host.js';

/**
 * One sync round off the main thread (sync-worker-host.ts starts it): the
 * worker opens the collection on a connection of its own and runs the same
 * synchronous round as the CLI, posting each phase it reports. A stop asked
 * for by the host is honoured at the round's next report: before the merge
 * nothing of the folder is applied yet, and inside it the throw rolls the
 * merge's one transaction back, so the collection is as it was.
 */

/** The worker only waits for the lock (an answer, an import): it blocks no one, so it may wait long. */
const workerBusyTimeoutMs = 60_000;

/** Once the collection is open, a failing round keeps its error in the sync status itself (syncNowRecorded). */
let recorded = false;

serveWorkerRun<SyncWorkerRequest, SyncReport>(
  (request, report) => {
    const collection = Collection.open({ file: request.file, descriptor: request.descriptor ?? undefined, nativeBinding: request.nativeBinding, backupDir: request.backupDir, busyTimeoutMs: workerBusyTimeoutMs });
    recorded = true;
    try {
      // The marker makes answers in the app wait for the round's transactions without blocking its event loop, as during an import.
      return announcingLongWrite(request.file, () => syncNowRecorded(collection, request.folder, { onProgress: (message, fraction) => report(message, fraction ?? null) }), syncMarkerOf(request.file));
    } finally {
      // Before the outcome is posted: the host may start the next round at once.
      collection.close();
    }
  },
  {
    stopped: (phase) => new DemarcError(ErrorCode.cancelled, `The sync was stopped before “${phase}”; nothing it read was merged, and the next sync reads it again.`),
    recorded: () => recorded,
  },
);
