import { randomBytes } from 'node:crypto';
import type { Collection } from '../collection.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { ImportJob } from './import-job.js';
import { parseContextOf, previewOfParsed } from '../importing/import-file.js';
import { defaultImportWorkerLimits, parseInWorker, type ImportWorkerLimits, type ImportWorkerRun } from './import-worker-host.js';
import type { ParsedImport } from '../importing/import-model.js';
import type { ImportJobStatus, ImportOptions, ImportPreview, ImportSummary } from '../importing/import-types.js';

/** A file to import: its bytes, or the token of the file a preview staged. */
export type ImportSource = { fileName: string; bytes: Buffer } | { staged: string };

/**
 * The API's imports. Every file is read in a worker under the limits (a
 * preview too, since a preview reads the whole file); the main thread only
 * writes what the worker checked. Cancel stops every read in flight and the
 * Import screen's job.
 */
export class ImportService {
  readonly job: ImportJob;
  private readonly reads = new Set<ImportWorkerRun<ParsedImport>>();
  /**
   * The file the last preview read, kept so that the preview again (with
   * other options) and the import refer to it by token instead of sending
   * it again. One at a time: a new preview replaces it, an import takes it.
   */
  private staged: { token: string; fileName: string; bytes: Buffer } | null = null;

  constructor(
    private readonly collection: Collection,
    onFinished: () => void = () => {},
    private readonly limits: ImportWorkerLimits = defaultImportWorkerLimits,
  ) {
    this.job = new ImportJob(collection, onFinished, limits);
  }

  /** Reads the file for a preview and keeps it staged: the reply names its token. */
  async preview(source: ImportSource, options: ImportOptions): Promise<ImportPreview & { staged: string }> {
    const file = this.fileOf(source);
    const staged = 'staged' in source ? source.staged : randomBytes(18).toString('base64url');
    const preview = previewOfParsed(this.collection.importTarget(), await this.read(file.fileName, file.bytes, options, staged));
    this.staged = { token: staged, ...file };
    return { ...preview, staged };
  }

  /**
   * An import that answers when it has landed: the Import screen's job,
   * waited for (its backup and its writing run on the job's worker, never on
   * this thread). One import at a time: while one runs this is refused.
   */
  async run(source: ImportSource, options: ImportOptions): Promise<ImportSummary> {
    this.start(source, options);
    const ended = await this.job.whenEnded();
    if (ended.state === 'done' && ended.summary) return ended.summary;
    throw new DemarcError(ended.error?.code ?? ErrorCode.internal, ended.error?.message ?? `${ended.fileName}: the import stopped.`);
  }

  start(source: ImportSource, options: ImportOptions): ImportJobStatus {
    this.collection.assertWritable();
    const file = this.fileOf(source);
    // A staged file was read by its preview: its worker kept the result, and the job writes that unless it went stale.
    const status = this.job.start(file.fileName, file.bytes, options, 'staged' in source ? source.staged : undefined);
    // The job holds the bytes now; a staged file is imported once.
    if ('staged' in source) this.staged = null;
    return status;
  }

  private fileOf(source: ImportSource): { fileName: string; bytes: Buffer } {
    if (!('staged' in source)) return source;
    if (this.staged?.token !== source.staged) throw new DemarcError(ErrorCode.notFound, 'That file is no longer waiting to be imported (another file was chosen since, or it was imported); choose it again.');
    return { fileName: this.staged.fileName, bytes: this.staged.bytes };
  }

  status(): ImportJobStatus {
    return this.job.status();
  }

  cancel(): ImportJobStatus {
    for (const read of this.reads) read.cancel();
    return this.job.cancel();
  }

  private async read(fileName: string, bytes: Buffer, options: ImportOptions, keep?: string): Promise<ParsedImport> {
    const read = parseInWorker(fileName, bytes, options, parseContextOf(this.collection.importTarget()), this.limits, keep);
    this.reads.add(read);
    try {
      return await read.result;
    } finally {
      this.reads.delete(read);
    }
  }
}
