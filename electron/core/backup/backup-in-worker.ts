import { startWorker } from '../db/start-worker.js';
import { runInWorker, type WorkerRun } from '../db/worker-run.js';
import type { BackupWorkerRequest } from './backup-worker.js';
import type { BackupResult } from './backup-steps.js';

/**
 * Starts a backup of `file` into `outFile` on a worker thread (backup-steps.ts
 * says how it is written); `onProgress` hears its phases and the share of
 * pages copied. The app's connection is never lent: the worker opens its own.
 */
export function backupInWorker(file: string, outFile: string, onProgress: (phase: string, fraction: number) => void, pagesPerStep?: number): WorkerRun<BackupResult> {
  const request: BackupWorkerRequest = { file, outFile, pagesPerStep };
  return runInWorker<BackupWorkerRequest, BackupResult>((options) => startWorker(import.meta.url, 'backup-worker', options), outFile, request, (phase, fraction) => onProgress(phase, fraction ?? 0));
}
