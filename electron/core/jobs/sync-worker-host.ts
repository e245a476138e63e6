import type { Worker, WorkerOptions } from 'node:worker_threads';
import { startWorker } from '../db/start-worker.js';
import { runInWorker, type WorkerRun } from '../db/worker-run.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { SyncReport } from '../sync/sync-status.js';

/** What the worker gets besides what every worker run gets (db/worker-run.ts: the binding, the stop flag): the collection to open on its own connection, and the folder. */
export interface SyncWorkerRequest {
  file: string;
  /** The app's collection's descriptor (Collection.descriptor): the worker reads the file through it and never closes one of its own. */
  descriptor: number | null;
  backupDir: string;
  nativeBinding: string | undefined;
  folder: string;
}

export interface SyncWorkerTarget {
  file: string;
  descriptor: number | null;
  backupDir: string;
  nativeBinding: string | undefined;
}

/**
 * Runs one round in a new worker thread, started like every other job's
 * worker (db/worker-run.ts `runInWorker`); `onProgress` gets each phase the
 * round reports. `recorded()` says whether a failed round kept its error in
 * the status itself (it had opened the collection).
 */
export function runSyncInWorker(target: SyncWorkerTarget, folder: string, onProgress: (message: string, fraction: number | null) => void): Required<WorkerRun<SyncReport>> {
  const request: SyncWorkerRequest = { file: target.file, descriptor: target.descriptor, backupDir: target.backupDir, nativeBinding: target.nativeBinding, folder };
  const run = runInWorker<SyncWorkerRequest, SyncReport>(createWorker, target.file, request, onProgress, {
    workerError,
    exited: (code) => `The sync stopped unexpectedly (exit ${code}).`,
  });
  return { result: run.result, stop: run.stop, recorded: () => run.recorded?.() ?? false };
}

/**
 * The round's memory allowance. A round holds at most one batch of events
 * (folder-merge.ts) and every file it reads is bounded, so an honest folder
 * stays far below this; past it the worker stops, the app carries on, and the
 * next round reads the files it was reading one at a time (in-flight-files.ts).
 */
export const syncWorkerHeapMb = 1536;

function workerError(error: Error): DemarcError {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new DemarcError(
      ErrorCode.fileTooLarge,
      `The sync needed more than its ${syncWorkerHeapMb} MiB of memory and stopped; nothing it was merging was applied. The next sync reads the files it was reading one at a time and sets aside one that cannot be read.`,
    );
  }
  return new DemarcError(ErrorCode.internal, `The sync stopped (${error.message}).`);
}

function createWorker(options: WorkerOptions): Worker {
  return startWorker(import.meta.url, 'sync-worker', { ...options, resourceLimits: { maxOldGenerationSizeMb: syncWorkerHeapMb, maxYoungGenerationSizeMb: 64 } });
}
