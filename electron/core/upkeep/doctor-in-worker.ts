import { startWorker } from '../db/start-worker.js';
import { runInWorker, type WorkerRun } from '../db/worker-run.js';
import type { DoctorReport } from '../domain/types.js';
import type { DoctorWorkerRequest } from './doctor-worker.js';

/** Starts `doctor` on a worker thread with a read-only connection of its own; `onProgress` hears each check as it begins. */
export function doctorInWorker(file: string, storageProblems: string[], onProgress: (phase: string, fraction: number) => void): WorkerRun<DoctorReport> {
  const request: DoctorWorkerRequest = { file, storageProblems };
  return runInWorker<DoctorWorkerRequest, DoctorReport>((options) => startWorker(import.meta.url, 'doctor-worker', options), file, request, (phase, fraction) => onProgress(phase, fraction ?? 0));
}
