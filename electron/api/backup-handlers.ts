import path from 'node:path';
import type { Collection } from '../core/collection.js';
import { listBackups } from '../core/backup/backup-list.js';
import { timestampedName } from '../core/backup/backups.js';
import type { RestoreResult } from '../core/backup/restore-backup.js';
import { DemarcError, ErrorCode } from '../core/domain/errors.js';
import type { ApiHandlers } from './api-dispatcher.js';

/**
 * Settings → Backups and the storage banner. Restoring replaces the open
 * collection, so it is the host's job (it closes the collection, restores,
 * reopens and rebinds the handlers, see collection-host.ts); without a host
 * (tests, the CLI) it is refused.
 */
export function backupHandlers(
  c: Collection,
  restore: ((backupFile: string) => RestoreResult) | undefined,
  importRunning: () => boolean,
  syncRunning: () => boolean = () => false,
): Pick<ApiHandlers, 'app.health' | 'backups.list' | 'backups.create' | 'backups.status' | 'backups.restore' | 'doctor.start' | 'doctor.status'> {
  return {
    'app.health': () => c.health(),
    'backups.list': () => (c.file === ':memory:' ? [] : listBackups(c.backupDir)),
    // On a worker thread: every other call is answered while it copies.
    'backups.create': async () => {
      if (c.file === ':memory:') throw new DemarcError(ErrorCode.conflict, 'A collection kept in memory has no backups.');
      await c.backupInBackground(path.join(c.backupDir, timestampedName('manual', c.now())));
      return listBackups(c.backupDir);
    },
    'backups.status': () => c.backupStatus(),
    'doctor.start': () => {
      // One at a time: a second start while one runs shows the running one. The outcome (or the failure) is read from the status.
      if (c.doctorStatus().state !== 'running') c.doctorInBackground().catch(() => {});
      return c.doctorStatus();
    },
    'doctor.status': () => c.doctorStatus(),
    'backups.restore': (args) => {
      if (!restore) throw new DemarcError(ErrorCode.conflict, 'Restoring needs the app: close it and run "demarc restore" instead.');
      if (importRunning()) throw new DemarcError(ErrorCode.conflict, 'An import is running; restore once it has finished.');
      // The round's worker writes the file on its own connection: the file must not be swapped under it.
      if (syncRunning()) throw new DemarcError(ErrorCode.conflict, 'A sync is running; restore once it has finished.');
      if (c.backupRunning) throw new DemarcError(ErrorCode.conflict, 'A backup is being written; restore once it has finished.');
      const file = path.join(c.backupDir, path.basename(args.name));
      return restore(file);
    },
  };
}
