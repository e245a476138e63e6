import fs from 'node:fs';
import path from 'node:path';
import { fsyncDirectory } from './durable-files.js';

/**
 * A restore in two steps that survive a kill: the backup is copied beside the
 * collection (`.restoring`), a journal names it, then the swap. Opening the
 * collection finishes a swap cut short before anything reads the file, so this
 * sits on the storage floor; the restore itself is in backup/restore-backup.ts.
 */

export interface PendingRestore {
  backup: string;
  keptAs: string;
}

/**
 * Completes a restore that was cut short (every step can be repeated): moves
 * the WAL, the index and then the file aside, renames the copied backup into
 * place, drops the journal. Without a journal, a leftover copy is removed.
 */
export function finishPendingRestore(collectionFile: string): void {
  const journal = journalOf(collectionFile);
  const partial = partialOf(collectionFile);
  let pending: PendingRestore | null = null;
  try {
    pending = JSON.parse(fs.readFileSync(journal, 'utf8')) as PendingRestore;
  } catch {
    pending = null;
  }
  if (!pending) {
    fs.rmSync(`${journal}.tmp`, { force: true });
    fs.rmSync(journal, { force: true });
    fs.rmSync(partial, { force: true });
    return;
  }
  if (fs.existsSync(partial)) {
    // The WAL first: the main file must never sit beside a WAL that is not its own.
    for (const ext of ['-wal', '-shm', '']) {
      if (fs.existsSync(collectionFile + ext)) fs.renameSync(collectionFile + ext, pending.keptAs + ext);
    }
    fs.renameSync(partial, collectionFile);
    fsyncDirectory(path.dirname(path.resolve(collectionFile)));
  }
  fs.rmSync(journal, { force: true });
}

export function partialOf(file: string): string {
  return `${file}.restoring`;
}

export function journalOf(file: string): string {
  return `${file}.restore-journal`;
}
