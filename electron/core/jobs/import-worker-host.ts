import type { Worker } from 'node:worker_threads';
import { startWorker } from '../db/start-worker.js';
import { nativeBindingInUse } from '../db/sqlite-file.js';
import { DemarcError, ErrorCode, type ErrorCodeValue } from '../domain/errors.js';
import type { ParseContext } from '../importing/import-file.js';
import type { ParsedImport } from '../importing/import-model.js';
import type { ImportOptions, ImportSummary } from '../importing/import-types.js';

/**
 * Limits on reading one imported file. The reading (unzip, SQLite, templates,
 * sanitising) runs in a worker thread, so a file that hangs it or fills its
 * heap stops that thread only: the app answers every other call meanwhile.
 */
export interface ImportWorkerLimits {
  /** Wall-clock time for reading and validating the file (writing the checked result is not limited). */
  readTimeoutMs: number;
  /** The worker's V8 heap (resourceLimits.maxOldGenerationSizeMb). */
  maxHeapMb: number;
  /** Pages a step of the before-import backup's copy (not a limit: tests ask for one, to see the copy part-way). */
  backupPagesPerStep?: number;
}

export const defaultImportWorkerLimits: ImportWorkerLimits = { readTimeoutMs: 60_000, maxHeapMb: 1024 };

/** What the worker gets: the file, and for 'import' the collection to write it into (its own connection). */
export type ImportWorkerRequest = {
  /** The better-sqlite3 build this process uses (a worker thread sets its own). */
  sqliteBinding: string | undefined;
  fileName: string;
  bytes: Uint8Array;
  options: ImportOptions;
  context: ParseContext;
  /**
   * Parse once: a preview's worker keeps what it read under `keep` (the
   * staged file's token) until its next request; an import naming that token
   * in `reuse` writes the kept result instead of reading the file again,
   * when it was read with the same options and recently (import-worker.ts).
   */
  keep?: string | undefined;
  reuse?: string | undefined;
} & (
  | { mode: 'parse' }
  /** `descriptor`: the app's collection's (Collection.descriptor), so that the worker never closes one of its own on the file. */
  | {
      mode: 'import';
      file: string;
      descriptor: number | null;
      backupDir: string;
      nativeBinding: string | undefined;
      /** Pages a step of the before-import backup's copy (default backup-steps.ts's; tests ask for fewer to see it part-way). */
      backupPagesPerStep?: number | undefined;
    }
);

export type ImportWorkerMessage =
  | { type: 'progress'; fraction: number; phase: string }
  /** Reading is over: from here on the worker writes, and can no longer be cancelled or timed out. */
  | { type: 'writing' }
  | { type: 'parsed'; parsed: ParsedImport }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'failed'; error: { code: string; message: string } };

export interface ImportWorkerRun<T> {
  result: Promise<T>;
  /** Stops the worker while it is still reading; false once it writes (or has finished). */
  cancel(): boolean;
}

export function parseInWorker(
  fileName: string,
  bytes: Uint8Array,
  options: ImportOptions,
  context: ParseContext,
  limits: ImportWorkerLimits = defaultImportWorkerLimits,
  keep?: string,
): ImportWorkerRun<ParsedImport> {
  return runImportWorker<ParsedImport>({ mode: 'parse', sqliteBinding: nativeBindingInUse(), fileName, bytes, options, context, keep }, limits, () => {});
}

/**
 * Runs one request in a worker under the limits; the promise rejects with a
 * DemarcError naming the file and the limit. A worker that finished cleanly
 * is kept (one per heap limit, not holding the process open) for the next
 * file, since starting one costs more than most files take to read; a
 * worker that was stopped, ran out of memory or failed is never reused.
 */
export function runImportWorker<T extends ParsedImport | ImportSummary>(
  request: ImportWorkerRequest,
  limits: ImportWorkerLimits,
  onProgress: (fraction: number, phase: string) => void,
): ImportWorkerRun<T> {
  let reading = true;
  let settled = false;
  let stopReason: DemarcError | null = null;
  const worker = acquireWorker(limits);
  const result = new Promise<T>((resolve, reject) => {
    const detach = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const fail = (error: DemarcError) => {
      if (settled) return;
      settled = true;
      detach();
      reject(error);
    };
    // The clock starts when the worker starts reading (its own start-up is not the file's doing).
    let timer: NodeJS.Timeout | undefined;
    const startClock = () => {
      timer ??= setTimeout(() => {
        stop(
          new DemarcError(
            ErrorCode.fileTooLarge,
            `${request.fileName}: reading the file took longer than ${limits.readTimeoutMs / 1000} s, the limit for one import; it was stopped and nothing was imported.`,
          ),
        );
      }, limits.readTimeoutMs);
    };
    const onMessage = (message: ImportWorkerMessage) => {
      if (settled) return;
      if (message.type === 'progress') {
        if (reading) startClock();
        onProgress(message.fraction, message.phase);
      } else if (message.type === 'writing') {
        reading = false;
        clearTimeout(timer);
      } else {
        settled = true;
        detach();
        releaseWorker(worker, limits);
        if (message.type === 'failed') reject(new DemarcError(message.error.code as ErrorCodeValue, message.error.message));
        else resolve((message.type === 'parsed' ? message.parsed : message.summary) as T);
      }
    };
    const onError = (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        fail(
          new DemarcError(
            ErrorCode.fileTooLarge,
            `${request.fileName}: reading the file needed more than ${limits.maxHeapMb} MiB of memory, the limit for one import; it was stopped and nothing was imported.`,
          ),
        );
      } else fail(new DemarcError(ErrorCode.internal, `${request.fileName}: the import stopped (${error.message}).`));
    };
    const onExit = (code: number) => {
      fail(stopReason ?? new DemarcError(ErrorCode.internal, `${request.fileName}: the import stopped unexpectedly (exit ${code}).`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request);
  });
  // The caller may only look at the result later (or never, after a cancel): no unhandled rejection meanwhile.
  result.catch(() => {});
  function stop(reason: DemarcError): void {
    if (settled || stopReason) return;
    stopReason = reason;
    void worker.terminate();
  }
  return {
    result,
    cancel: () => {
      if (!reading || settled) return false;
      stop(new DemarcError(ErrorCode.cancelled, `${request.fileName}: the import was cancelled; nothing was imported.`));
      return true;
    },
  };
}

const idleWorkers = new Map<number, Worker>();

function acquireWorker(limits: ImportWorkerLimits): Worker {
  const idle = idleWorkers.get(limits.maxHeapMb);
  idleWorkers.delete(limits.maxHeapMb);
  const worker = idle ?? createWorker(limits);
  // Listened for once per worker (not on every release, which would pile listeners up on a reused
  // worker): an idle worker that dies (it should not) is simply forgotten.
  if (!idle) worker.once('exit', () => {
    if (idleWorkers.get(limits.maxHeapMb) === worker) idleWorkers.delete(limits.maxHeapMb);
  });
  worker.ref();
  return worker;
}

function releaseWorker(worker: Worker, limits: ImportWorkerLimits): void {
  if (idleWorkers.has(limits.maxHeapMb)) {
    void worker.terminate();
    return;
  }
  worker.unref();
  idleWorkers.set(limits.maxHeapMb, worker);
}

function createWorker(limits: ImportWorkerLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, limits.maxHeapMb / 8)) };
  return startWorker(import.meta.url, 'import-worker', { resourceLimits });
}
