import type { Worker } from 'node:worker_threads';
import { startWorker } from '../db/start-worker.js';
import { nativeBindingInUse } from '../db/sqlite-file.js';
import { DemarcError, ErrorCode, type ErrorCodeValue } from '../domain/errors.js';
import type { SyncReport } from '../sync/sync-status.js';

/** What the worker gets: the collection to open on its own connection, the folder, and the flag a stop sets. */
export interface SyncWorkerRequest {
  /** The better-sqlite3 build this process uses (a worker thread sets its own). */
  sqliteBinding: string | undefined;
  file: string;
  /** The app's collection's descriptor (Collection.descriptor): the worker reads the file through it and never closes one of its own. */
  descriptor: number | null;
  backupDir: string;
  nativeBinding: string | undefined;
  folder: string;
  /** One Int32 shared with the host: 1 asks the round to stop at its next report. */
  stop: SharedArrayBuffer;
}

export type SyncWorkerMessage =
  | { type: 'progress'; message: string; fraction: number | null }
  | { type: 'done'; report: SyncReport }
  /** `recorded`: the round kept its error in the status itself (it had opened the collection). */
  | { type: 'failed'; error: { code: string; message: string }; recorded: boolean };

export interface SyncWorkerRun {
  /** The round's report; rejects with the round's error (CANCELLED after a stop). */
  result: Promise<SyncReport>;
  /** Asks the round to stop at its next report (see sync-worker.ts); the result then says how it ended. */
  stop(): void;
  /** Whether a failed round kept its error in the status (false for a worker that could not open the collection or died). */
  recorded(): boolean;
}

export interface SyncWorkerTarget {
  file: string;
  descriptor: number | null;
  backupDir: string;
  nativeBinding: string | undefined;
}

/** Runs one round in a new worker thread; `onProgress` gets each phase the round reports. */
export function runSyncInWorker(target: SyncWorkerTarget, folder: string, onProgress: (message: string, fraction: number | null) => void): SyncWorkerRun {
  const stopFlag = new SharedArrayBuffer(4);
  const worker = createWorker();
  let recorded = false;
  const result = new Promise<SyncReport>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      worker.off('message', onMessage);
      void worker.terminate();
      outcome();
    };
    const onMessage = (message: SyncWorkerMessage) => {
      if (settled) return;
      if (message.type === 'progress') onProgress(message.message, message.fraction);
      else if (message.type === 'done') settle(() => resolve(message.report));
      else {
        recorded = message.recorded;
        settle(() => reject(new DemarcError(message.error.code as ErrorCodeValue, message.error.message)));
      }
    };
    worker.on('message', onMessage);
    worker.once('error', (error) => settle(() => reject(workerError(error))));
    worker.once('exit', (code) => settle(() => reject(new DemarcError(ErrorCode.internal, `The sync stopped unexpectedly (exit ${code}).`))));
    const request: SyncWorkerRequest = { sqliteBinding: nativeBindingInUse(), file: target.file, descriptor: target.descriptor, backupDir: target.backupDir, nativeBinding: target.nativeBinding, folder, stop: stopFlag };
    worker.postMessage(request);
  });
  result.catch(() => {});
  return {
    result,
    stop: () => {
      Atomics.store(new Int32Array(stopFlag), 0, 1);
    },
    recorded: () => recorded,
  };
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

function createWorker(): Worker {
  return startWorker(import.meta.url, 'sync-worker', { resourceLimits: { maxOldGenerationSizeMb: syncWorkerHeapMb, maxYoungGenerationSizeMb: 64 } });
}
