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
): Pick<ApiHandlers, 'app.health' | 'backups.list' | 'backups.create' | 'backups.restore'> {
  return {
    'app.health': () => c.health(),
    'backups.list': () => (c.file === ':memory:' ? [] : listBackups(c.backupDir)),
    'backups.create': () => {
      if (c.file === ':memory:') throw new DemarcError(ErrorCode.conflict, 'A collection kept in memory has no backups.');
      c.backup(path.join(c.backupDir, timestampedName('manual', c.now())));
      return listBackups(c.backupDir);
    },
    'backups.restore': (args) => {
      if (!restore) throw new DemarcError(ErrorCode.conflict, 'Restoring needs the app: close it and run "demarc restore" instead.');
      if (importRunning()) throw new DemarcError(ErrorCode.conflict, 'An import is running; restore once it has finished.');
      // The round's worker writes the file on its own connection: the file must not be swapped under it.
      if (syncRunning()) throw new DemarcError(ErrorCode.conflict, 'A sync is running; restore once it has finished.');
      const file = path.join(c.backupDir, path.basename(args.name));
      return restore(file);
    },
  };
}
