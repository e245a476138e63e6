import type { Collection } from '../collection.js';
import { nativeBindingInUse } from '../db/sqlite-file.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import { DemarcError, ErrorCode, isDemarcError } from '../domain/errors.js';
import { parseContextOf, writeParsedImport } from '../importing/import-file.js';
import { defaultImportWorkerLimits, runImportWorker, type ImportWorkerLimits, type ImportWorkerRun } from './import-worker-host.js';
import type { ParsedImport } from '../importing/import-model.js';
import type { ImportJobStatus, ImportOptions, ImportSummary } from '../importing/import-types.js';

const idle: ImportJobStatus = { state: 'idle', fileName: '', progress: 0, phase: '', summary: null, error: null };

/**
 * The import screen's import: a worker thread reads the file under time and
 * memory limits (import-worker-host.ts) and then writes it on its own
 * connection, while the main thread answers status polls, so a large file
 * shows real progress. An in-memory collection (tests) cannot be shared with
 * a worker: its file is read in a worker and written in place. One job at a
 * time; Cancel stops it while it is still reading.
 */
export class ImportJob {
  private current: ImportJobStatus = { ...idle };
  private run: ImportWorkerRun<unknown> | null = null;
  /** Resolves when the running import has ended, done or failed. */
  private ended: Promise<ImportJobStatus> = Promise.resolve(this.current);
  private end: (status: ImportJobStatus) => void = () => {};

  constructor(
    private readonly collection: Collection,
    private readonly onFinished: () => void = () => {},
    private readonly limits: ImportWorkerLimits = defaultImportWorkerLimits,
  ) {}

  status(): ImportJobStatus {
    return { ...this.current };
  }

  /** `reuse`: the token a preview kept its reading under (import-worker.ts): the file is then not read again. */
  start(fileName: string, bytes: Buffer, options: ImportOptions, reuse?: string): ImportJobStatus {
    if (this.current.state === 'running') {
      throw new DemarcError(ErrorCode.conflict, `${this.current.fileName} is still being imported; wait for it to finish or cancel it.`);
    }
    this.current = { ...idle, state: 'running', fileName, phase: 'Starting' };
    this.ended = new Promise((resolve) => (this.end = resolve));
    const progress = (fraction: number, phase: string) => {
      if (this.current.state === 'running') this.current = { ...this.current, progress: Math.max(this.current.progress, fraction), phase };
    };
    const base = { sqliteBinding: nativeBindingInUse(), fileName, bytes, options, context: parseContextOf(this.collection.importTarget()), reuse };
    if (this.collection.file === ':memory:') {
      const run = runImportWorker<ParsedImport>({ ...base, mode: 'parse' }, this.limits, progress);
      this.run = run;
      run.result.then(
        (parsed) => this.finish(() => writeParsedImport(this.collection.importTarget(), parsed, progress)),
        (error: unknown) => this.fail(error),
      );
    } else {
      const c = this.collection;
      const run = runImportWorker<ImportSummary>({ ...base, mode: 'import', file: c.file, descriptor: c.descriptor, backupDir: c.backupDir, nativeBinding: c.nativeBinding, backupPagesPerStep: this.limits.backupPagesPerStep }, this.limits, progress);
      this.run = run;
      run.result.then(
        (summary) => this.finish(() => summary),
        (error: unknown) => this.fail(error),
      );
    }
    return this.status();
  }

  /** The status once the running import (if any) has ended. */
  whenEnded(): Promise<ImportJobStatus> {
    return this.ended;
  }

  /** Stops a running import while it reads its file; the status then says "failed" with CANCELLED. Once writing has begun, it finishes. */
  cancel(): ImportJobStatus {
    if (this.current.state === 'running' && this.run?.cancel()) this.current = { ...this.current, phase: 'Cancelling' };
    return this.status();
  }

  private finish(write: () => ImportSummary): void {
    let summary: ImportSummary;
    try {
      summary = write();
    } catch (error) {
      this.fail(error);
      return;
    }
    this.run = null;
    this.current = { ...this.current, state: 'done', progress: 1, phase: 'Done', summary };
    // The worker may have written through its own connection: this one's undo history and caches no longer hold.
    this.collection.afterCardsChanged();
    this.onFinished();
    this.end(this.status());
  }

  private fail(raw: unknown): void {
    const error = translateSqliteError(raw, this.collection.file);
    this.run = null;
    this.current = {
      ...this.current,
      state: 'failed',
      error: { code: isDemarcError(error) ? error.code : ErrorCode.internal, message: error instanceof Error ? error.message : String(error) },
    };
    this.onFinished();
    this.end(this.status());
  }
}
