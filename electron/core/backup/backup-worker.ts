import { serveWorkerRun } from '../db/worker-run.js';
import { backupInSteps } from './backup-steps.js';

/** A backup on a thread of its own (backup-steps.ts; started by backup-in-worker.ts). */
export interface BackupWorkerRequest {
  file: string;
  outFile: string;
  pagesPerStep?: number | undefined;
}

serveWorkerRun<BackupWorkerRequest, Awaited<ReturnType<typeof backupInSteps>>>((request, report) => backupInSteps(request.file, request.outFile, report, request.pagesPerStep));
