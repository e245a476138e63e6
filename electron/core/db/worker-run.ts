import { parentPort, workerData, type Worker, type WorkerOptions } from 'node:worker_threads';
import { DemarcError, ErrorCode, isDemarcError, type ErrorCodeValue } from '../domain/errors.js';
import { translateSqliteError } from './sqlite-errors.js';
import { nativeBindingInUse, useNativeBinding } from './sqlite-file.js';

/**
 * Long reads of the collection file (a backup, `doctor`) run on a worker
 * thread with a connection of their own, so that the app's thread keeps
 * answering. One message shape for both: progress reports, then one outcome.
 */
export type WorkerRunMessage<R> =
  | { type: 'progress'; phase: string; fraction: number }
  | { type: 'done'; value: R }
  | { type: 'failed'; error: { code: ErrorCodeValue; message: string } };

/** What every such worker gets besides its own request: the binding and the stop flag. */
export interface WorkerRunRequest<Q> {
  sqliteBinding: string | undefined;
  /** One Int32 shared with the host: 1 asks the work to stop at its next report. */
  stop: SharedArrayBuffer;
  /** The collection file, for the wording of errors. */
  file: string;
  request: Q;
}

export interface WorkerRun<R> {
  /** The outcome; rejects with the work's error (CANCELLED after a stop). */
  result: Promise<R>;
  /** Asks the work to stop at its next report; the result then rejects. */
  stop(): void;
}

/**
 * Starts a worker with `start` (which calls `startWorker(import.meta.url,
 * 'its-name', options)` beside the worker's script) and relays its reports to `onProgress`.
 */
export function runInWorker<Q, R>(start: (options: WorkerOptions) => Worker, file: string, request: Q, onProgress: (phase: string, fraction: number) => void): WorkerRun<R> {
  const stop = new SharedArrayBuffer(4);
  const data: WorkerRunRequest<Q> = { sqliteBinding: nativeBindingInUse(), stop, file, request };
  let worker: Worker;
  try {
    worker = start({ workerData: data });
  } catch (error) {
    const result = Promise.reject(translateSqliteError(error, file));
    result.catch(() => {});
    return { result, stop: () => {} };
  }
  worker.unref();
  const result = new Promise<R>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      worker.off('message', onMessage);
      void worker.terminate();
      outcome();
    };
    const onMessage = (message: WorkerRunMessage<R>) => {
      if (settled) return;
      if (message.type === 'progress') onProgress(message.phase, message.fraction);
      else if (message.type === 'done') settle(() => resolve(message.value));
      else settle(() => reject(new DemarcError(message.error.code, message.error.message)));
    };
    worker.on('message', onMessage);
    worker.once('error', (error) => settle(() => reject(translateSqliteError(error, file))));
    worker.once('exit', (code) => settle(() => reject(new DemarcError(ErrorCode.internal, `The work on ${file} stopped unexpectedly (exit ${code}).`))));
  });
  result.catch(() => {});
  return { result, stop: () => Atomics.store(new Int32Array(stop), 0, 1) };
}

/** Reports progress from inside the work; throws CANCELLED once the host asked to stop. */
export type ReportProgress = (phase: string, fraction: number) => void;

/**
 * The worker's side: sets the binding, runs `work` with a reporter that
 * honours a stop at each report, and posts the outcome (errors translated,
 * so the host gets DISK_FULL, DATABASE_CORRUPT… rather than raw SQLite ones).
 */
export function serveWorkerRun<Q, R>(work: (request: Q, report: ReportProgress) => R | Promise<R>): void {
  const data = workerData as WorkerRunRequest<Q>;
  const stop = new Int32Array(data.stop);
  const post = (message: WorkerRunMessage<R>) => parentPort?.postMessage(message);
  const report: ReportProgress = (phase, fraction) => {
    if (Atomics.load(stop, 0) === 1) throw new DemarcError(ErrorCode.cancelled, `Stopped before "${phase}"; nothing was kept.`);
    post({ type: 'progress', phase, fraction: Math.max(0, Math.min(1, fraction)) });
  };
  const fail = (raw: unknown) => {
    const error = translateSqliteError(raw, data.file);
    post({ type: 'failed', error: { code: isDemarcError(error) ? error.code : ErrorCode.internal, message: error instanceof Error ? error.message : String(error) } });
  };
  try {
    useNativeBinding(data.sqliteBinding);
    Promise.resolve(work(data.request, report)).then((value) => post({ type: 'done', value }), fail);
  } catch (error) {
    fail(error);
  }
}
