import { parentPort, workerData } from 'node:worker_threads';
import { Collection } from '../collection.js';
import { ErrorCode, isDemarcError } from '../domain/errors.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import type { ImportJobRequest, ImportWorkerMessage } from './import-job.js';

/**
 * Runs one import on its own connection, off the main thread, so the window
 * (or web mode) keeps answering while a large file is written; reports
 * progress as it goes. All-or-nothing as ever: one transaction.
 */
const request = workerData as ImportJobRequest;
const post = (message: ImportWorkerMessage) => parentPort?.postMessage(message);
let collection: Collection | null = null;
try {
  collection = Collection.open({ file: request.file, nativeBinding: request.nativeBinding, backupDir: request.backupDir });
  const summary = collection.runImport(request.fileName, Buffer.from(request.bytes), request.options, (fraction, phase) =>
    post({ type: 'progress', fraction, phase }),
  );
  post({ type: 'done', summary });
} catch (error) {
  // The worker has its own connection: its SQLite faults are translated here, as the handlers do theirs.
  const translated = translateSqliteError(error, request.file);
  post({
    type: 'failed',
    error: {
      code: isDemarcError(translated) ? translated.code : ErrorCode.internal,
      message: translated instanceof Error ? translated.message : String(translated),
    },
  });
} finally {
  collection?.close();
}
