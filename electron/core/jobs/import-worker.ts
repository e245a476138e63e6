import { parentPort } from 'node:worker_threads';
import { beforeImportBackup } from '../backup/backup-steps.js';
import type { StagedBackup } from '../backup/backups.js';
import { Collection } from '../collection.js';
import { useNativeBinding } from '../db/sqlite-file.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import { ErrorCode, isDemarcError } from '../domain/errors.js';
import { parseImportBytes, writeParsedImport } from '../importing/import-file.js';
import type { ParsedImport } from '../importing/import-model.js';
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

async function handle(request: ImportWorkerRequest): Promise<void> {
  let collection: Collection | null = null;
  let backup: StagedBackup | null = null;
  useNativeBinding(request.sqliteBinding);
  try {
    post({ type: 'progress', fraction: 0.02, phase: 'Reading the file' });
    const parsed = readOnce(request);
    if (request.mode === 'parse') post({ type: 'parsed', parsed });
    else {
      post({ type: 'writing' });
      backup = await backupBeforeImport(request);
      collection = Collection.open({ file: request.file, descriptor: request.descriptor ?? undefined, nativeBinding: request.nativeBinding, backupDir: request.backupDir });
      const staged = backup;
      // Once handed over, the import owns it (it discards it on failure, keeps it once committed).
      const handOver = () => {
        backup = null;
        return staged;
      };
      const summary = writeParsedImport({ ...collection.importTarget(), backupBeforeImport: handOver }, parsed, (fraction, phase) => post({ type: 'progress', fraction, phase }));
      post({ type: 'done', summary });
    }
  } catch (raw) {
    // Failed before the import took its backup over: nothing is left behind (once it has, the import discards it itself or keeps it, committed).
    backup?.discard();
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

/**
 * What the last preview read, kept for the import that follows it (one at a
 * time; any next request takes it away, so it lives no longer than the
 * worker stays idle, within the worker's heap limit).
 */
let kept: { token: string; fileName: string; options: string; mediaDir: string | null; readAt: number; parsed: ParsedImport } | null = null;

/** A kept result older than this is read again (parsing drops reviews dated after "now"; a day rolls over). */
const keptForMs = 10 * 60_000;

/**
 * Parses the request's file, or takes the kept result when the request
 * names it and it was read from the same file name, with the same options,
 * for the same media folder and recently: the file is then read once for
 * its preview and its import. Anything else reads the bytes again.
 */
function readOnce(request: ImportWorkerRequest): ParsedImport {
  const previous = kept;
  kept = null;
  const options = JSON.stringify(request.options);
  const reusable =
    request.reuse !== undefined &&
    previous !== null &&
    previous.token === request.reuse &&
    previous.fileName === request.fileName &&
    previous.options === options &&
    previous.mediaDir === request.context.mediaDir &&
    request.context.now >= previous.readAt &&
    request.context.now - previous.readAt < keptForMs;
  const parsed = reusable ? previous.parsed : parseImportBytes(request.fileName, Buffer.from(request.bytes), request.options, request.context);
  if (request.keep !== undefined) {
    const entry = { token: request.keep, fileName: request.fileName, options, mediaDir: request.context.mediaDir, readAt: request.context.now, parsed };
    kept = entry;
    // A preview never imported does not hold its reading past the time it could be used.
    setTimeout(() => {
      if (kept === entry) kept = null;
    }, keptForMs).unref();
  }
  return parsed;
}

/**
 * The before-import backup, here on the import's thread and not on the
 * app's: SQLite's online backup in steps from one read snapshot, so the
 * app's answers keep committing while it copies (backup/backup-steps.ts);
 * its quick_check runs on a thread of its own meanwhile and is waited for
 * just before the import commits.
 */
async function backupBeforeImport(request: Extract<ImportWorkerRequest, { mode: 'import' }>): Promise<StagedBackup> {
  post({ type: 'progress', fraction: 0.05, phase: 'Backing up your collection' });
  return beforeImportBackup(
    request.file,
    request.backupDir,
    request.context.now,
    (_phase, fraction) => post({ type: 'progress', fraction: 0.05 + 0.15 * fraction, phase: 'Backing up your collection' }),
    request.backupPagesPerStep,
  );
}

// One request at a time: the host sends the next only after this one's last message.
parentPort?.on('message', (request: ImportWorkerRequest) => void handle(request));
