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
  /** `fraction`: the share done, 0..1, or null while the work cannot tell (a sync round's early phases). */
  | { type: 'progress'; phase: string; fraction: number | null }
  | { type: 'done'; value: R }
  /** `recorded`: the work kept this failure in the collection itself (a sync round that had opened it), so the host need not. */
  | { type: 'failed'; error: { code: ErrorCodeValue; message: string }; recorded: boolean };

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
  /** Whether a failed run kept its error in the collection itself (false, or absent, for a worker that could not start, died or ran out of memory). */
  recorded?: () => boolean;
}

/** How a host words what the worker itself could not say. */
export interface WorkerRunWording {
  /** The worker thread failed (out of memory above all): the error to reject with. */
  workerError?: (error: Error) => unknown;
  /** The worker exited without an outcome. */
  exited?: (code: number) => string;
}

/**
 * Starts a worker with `start` (which calls `startWorker(import.meta.url,
 * 'its-name', options)` beside the worker's script) and relays its reports to `onProgress`.
 */
export function runInWorker<Q, R>(
  start: (options: WorkerOptions) => Worker,
  file: string,
  request: Q,
  onProgress: (phase: string, fraction: number | null) => void,
  wording: WorkerRunWording = {},
): WorkerRun<R> {
  const stop = new SharedArrayBuffer(4);
  const data: WorkerRunRequest<Q> = { sqliteBinding: nativeBindingInUse(), stop, file, request };
  const workerError = wording.workerError ?? ((error: Error) => translateSqliteError(error, file));
  let worker: Worker;
  try {
    worker = start({ workerData: data });
  } catch (error) {
    const result = Promise.reject(translateSqliteError(error, file));
    result.catch(() => {});
    return { result, stop: () => {}, recorded: () => false };
  }
  worker.unref();
  let recorded = false;
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
      else {
        recorded = message.recorded;
        settle(() => reject(new DemarcError(message.error.code, message.error.message)));
      }
    };
    worker.on('message', onMessage);
    worker.once('error', (error) => settle(() => reject(workerError(error))));
    worker.once('exit', (code) =>
      settle(() => reject(new DemarcError(ErrorCode.internal, wording.exited?.(code) ?? `The work on ${file} stopped unexpectedly (exit ${code}).`))),
    );
  });
  result.catch(() => {});
  return { result, stop: () => Atomics.store(new Int32Array(stop), 0, 1), recorded: () => recorded };
}

/** Reports progress from inside the work; throws CANCELLED once the host asked to stop. */
export type ReportProgress = (phase: string, fraction: number) => void;
/** The reporter a worker's work gets: also takes null, for a share done that is not known yet (a sync round's early phases). */
export type ReportPhase = (phase: string, fraction: number | null) => void;

/** How the worker's side words a stop, and tells whether a failure was kept in the collection already. */
export interface ServeOptions {
  /** The error a stop raises before `phase` (default: "Stopped before …; nothing was kept."). */
  stopped?: (phase: string) => DemarcError;
  /** Asked when the work fails: whether it kept the failure in the collection itself. */
  recorded?: () => boolean;
}

/**
 * The worker's side: sets the binding, runs `work` with a reporter that
 * honours a stop at each report (looked at before the report goes out: a
 * stop asked for on hearing one is honoured at the next), and posts the
 * outcome (errors translated, so the host gets DISK_FULL, DATABASE_CORRUPT…
 * rather than raw SQLite ones). The outcome is posted once `work` has
 * settled, so whatever it closes in its own `finally` is closed by then.
 */
export function serveWorkerRun<Q, R>(work: (request: Q, report: ReportPhase) => R | Promise<R>, options: ServeOptions = {}): void {
  const data = workerData as WorkerRunRequest<Q>;
  const stop = new Int32Array(data.stop);
  const post = (message: WorkerRunMessage<R>) => parentPort?.postMessage(message);
  const report: ReportPhase = (phase, fraction) => {
    if (Atomics.load(stop, 0) === 1) throw options.stopped?.(phase) ?? new DemarcError(ErrorCode.cancelled, `Stopped before "${phase}"; nothing was kept.`);
    post({ type: 'progress', phase, fraction: fraction === null ? null : Math.max(0, Math.min(1, fraction)) });
  };
  const fail = (raw: unknown) => {
    const error = translateSqliteError(raw, data.file);
    post({
      type: 'failed',
      error: { code: isDemarcError(error) ? error.code : ErrorCode.internal, message: error instanceof Error ? error.message : String(error) },
      recorded: options.recorded?.() ?? false,
    });
  };
  try {
    useNativeBinding(data.sqliteBinding);
    Promise.resolve()
      .then(() => work(data.request, report))
      .then((value) => post({ type: 'done', value }), fail);
  } catch (error) {
    fail(error);
  }
}
