import type { Collection } from '../collection.js';
import { ImportJob } from './import-job.js';
import { parseContextOf, previewOfParsed, writeParsedImport } from '../importing/import-file.js';
import { defaultImportWorkerLimits, parseInWorker, type ImportWorkerLimits, type ImportWorkerRun } from './import-worker-host.js';
import type { ParsedImport } from '../importing/import-model.js';
import type { ImportJobStatus, ImportOptions, ImportPreview, ImportSummary } from '../importing/import-types.js';

/**
 * The API's imports. Every file is read in a worker under the limits (a
 * preview too, since a preview reads the whole file); the main thread only
 * writes what the worker checked. Cancel stops every read in flight and the
 * Import screen's job.
 */
export class ImportService {
  readonly job: ImportJob;
  private readonly reads = new Set<ImportWorkerRun<ParsedImport>>();

  constructor(
    private readonly collection: Collection,
    onFinished: () => void = () => {},
    private readonly limits: ImportWorkerLimits = defaultImportWorkerLimits,
  ) {
    this.job = new ImportJob(collection, onFinished, limits);
  }

  async preview(fileName: string, bytes: Buffer, options: ImportOptions): Promise<ImportPreview> {
    return previewOfParsed(this.collection.importTarget(), await this.read(fileName, bytes, options));
  }

  async run(fileName: string, bytes: Buffer, options: ImportOptions): Promise<ImportSummary> {
    return writeParsedImport(this.collection.importTarget(), await this.read(fileName, bytes, options));
  }

  start(fileName: string, bytes: Buffer, options: ImportOptions): ImportJobStatus {
    this.collection.assertWritable();
    return this.job.start(fileName, bytes, options);
  }

  status(): ImportJobStatus {
    return this.job.status();
  }

  cancel(): ImportJobStatus {
    for (const read of this.reads) read.cancel();
    return this.job.cancel();
  }

  private async read(fileName: string, bytes: Buffer, options: ImportOptions): Promise<ParsedImport> {
    const read = parseInWorker(fileName, bytes, options, parseContextOf(this.collection.importTarget()), this.limits);
    this.reads.add(read);
    try {
      return await read.result;
    } finally {
      this.reads.delete(read);
    }
  }
}
