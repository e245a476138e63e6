import { parentPort } from 'node:worker_threads';
import { Collection } from '../collection.js';
import { useNativeBinding } from '../db/sqlite-file.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import { ErrorCode, isDemarcError } from '../domain/errors.js';
import { parseImportBytes, writeParsedImport } from '../importing/import-file.js';
import type { ImportWorkerMessage, ImportWorkerRequest } from './import-worker-host.js';

/**
 * Reads one imported file off the main thread, under the time and memory
 * limits its host set (import-worker-host.ts). In 'parse' mode it hands the
 * checked result back; in 'import' mode it then opens the collection on a
 * connection of its own and writes it, all-or-nothing, reporting progress.
 * The collection is opened only after reading, so a worker stopped while
 * reading holds no connection. The host may reuse a worker for the next file.
 */
const post = (message: ImportWorkerMessage) => parentPort?.postMessage(message);

function handle(request: ImportWorkerRequest): void {
  let collection: Collection | null = null;
  useNativeBinding(request.sqliteBinding);
  try {
    post({ type: 'progress', fraction: 0.02, phase: 'Reading the file' });
    const parsed = parseImportBytes(request.fileName, Buffer.from(request.bytes), request.options, request.context);
    if (request.mode === 'parse') post({ type: 'parsed', parsed });
    else {
      post({ type: 'writing' });
      collection = Collection.open({ file: request.file, descriptor: request.descriptor ?? undefined, nativeBinding: request.nativeBinding, backupDir: request.backupDir });
      const summary = writeParsedImport(collection.importTarget(), parsed, (fraction, phase) => post({ type: 'progress', fraction, phase }));
      post({ type: 'done', summary });
    }
  } catch (raw) {
    // The worker has its own connection: its SQLite faults are translated here, as the handlers do theirs.
    const error = request.mode === 'import' ? translateSqliteError(raw, request.file) : raw;
    post({
      type: 'failed',
      error: {
        code: isDemarcError(error) ? error.code : ErrorCode.internal,
        message: error instanceof Error ? error.message : String(error),
      },
    });
  } finally {
    collection?.close();
  }
}

// One request at a time: the host sends the next only after this one's last message.
parentPort?.on('message', handle);
