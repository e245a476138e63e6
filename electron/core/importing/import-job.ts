import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Collection } from '../collection.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import { DemarcError, ErrorCode, isDemarcError, type ErrorCodeValue } from '../domain/errors.js';
import type { ImportJobStatus, ImportOptions, ImportSummary } from './import-types.js';

/** What the worker needs to open the same collection and import one file. */
export interface ImportJobRequest {
  file: string;
  backupDir: string;
  nativeBinding: string | undefined;
  fileName: string;
  bytes: Uint8Array;
  options: ImportOptions;
}

export type ImportWorkerMessage =
  | { type: 'progress'; fraction: number; phase: string }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'failed'; error: { code: ErrorCodeValue; message: string } };

const idle: ImportJobStatus = { state: 'idle', fileName: '', progress: 0, phase: '', summary: null, error: null };

/**
 * The import screen's import: the file is written by a worker thread (see
 * import-worker.ts) while the main thread answers status polls, so a large
 * file shows real progress. An in-memory collection (tests) cannot be shared
 * with a worker and is imported in place. One job at a time.
 */
export class ImportJob {
  private current: ImportJobStatus = { ...idle };

  constructor(private readonly collection: Collection) {}

  status(): ImportJobStatus {
    return { ...this.current };
  }

  start(fileName: string, bytes: Buffer, options: ImportOptions): ImportJobStatus {
    if (this.current.state === 'running') {
      throw new DemarcError(ErrorCode.conflict, `${this.current.fileName} is still being imported; wait for it to finish.`);
    }
    this.current = { ...idle, state: 'running', fileName, phase: 'Starting' };
    if (this.collection.file === ':memory:') {
      this.runInPlace(fileName, bytes, options);
      return this.status();
    }
    const request: ImportJobRequest = {
      file: this.collection.file,
      backupDir: this.collection.backupDir,
      nativeBinding: this.collection.nativeBinding,
      fileName,
      bytes,
      options,
    };
    const worker = createWorker(request);
    worker.on('message', (message: ImportWorkerMessage) => this.receive(message));
    worker.on('error', (error) => this.finish({ error: { code: ErrorCode.internal, message: error.message } }));
    worker.on('exit', (code) => {
      if (this.current.state === 'running') this.finish({ error: { code: ErrorCode.internal, message: `The import stopped unexpectedly (exit ${code}).` } });
    });
    return this.status();
  }

  private receive(message: ImportWorkerMessage): void {
    if (message.type === 'progress') this.current = { ...this.current, progress: message.fraction, phase: message.phase };
    else if (message.type === 'done') this.finish({ summary: message.summary });
    else this.finish({ error: message.error });
  }

  private runInPlace(fileName: string, bytes: Buffer, options: ImportOptions): void {
    try {
      const summary = this.collection.runImport(fileName, bytes, options, (progress, phase) => {
        this.current = { ...this.current, progress, phase };
      });
      this.finish({ summary });
    } catch (error) {
      const translated = translateSqliteError(error, this.collection.file);
      this.finish({
        error: { code: isDemarcError(translated) ? translated.code : ErrorCode.internal, message: translated instanceof Error ? translated.message : String(translated) },
      });
    }
  }

  private finish(outcome: { summary?: ImportSummary; error?: { code: ErrorCodeValue; message: string } }): void {
    this.current = outcome.summary
      ? { ...this.current, state: 'done', progress: 1, phase: 'Done', summary: outcome.summary }
      : { ...this.current, state: 'failed', error: outcome.error ?? null };
    // The worker wrote through its own connection: this one's undo history and caches no longer hold.
    if (outcome.summary) this.collection.afterCardsChanged();
  }
}

/**
 * In the bundle the worker is import-worker.js beside main.js. From source
 * (web mode under tsx, tests) it is the .ts file, loaded after registering
 * tsx in the worker thread itself (a worker does not inherit the loader).
 */
function createWorker(request: ImportJobRequest): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./import-worker.js', import.meta.url), { workerData: request });
  const source = new URL('./import-worker.ts', import.meta.url).href;
  // tsx's ESM entry ("tsx/esm/api", import condition), found from its package folder.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}
