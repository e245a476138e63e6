import { serveWorkerRun } from '../db/worker-run.js';
import type { DoctorReport } from '../domain/types.js';
import { doctorReportOfFile } from './doctor-report.js';

/** `doctor` on a thread of its own (doctor-report.ts; started by doctor-in-worker.ts). */
export interface DoctorWorkerRequest {
  file: string;
  storageProblems: string[];
}

serveWorkerRun<DoctorWorkerRequest, DoctorReport>((request, report) => doctorReportOfFile(request.file, request.storageProblems, report));
