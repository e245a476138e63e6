import path from 'node:path';
import { latestBackup } from '../../core/backup/backups.js';
import { backupDirFor } from '../../core/backup/backup-folder.js';
import { restoreBackup } from '../../core/backup/restore-backup.js';
import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import type { CliCommand } from '../cli-command.js';

export const restoreCommand: CliCommand<{ restored: string; damagedKeptAs: string | null }> = {
  name: 'restore',
  summary: 'Replace a damaged collection with a backup (the damaged file is kept aside)',
  usage: 'restore [--from BACKUP] [--db PATH] [--json]',
  options: { from: { type: 'string' } },
  needsCollection: false,
  run: (ctx) => {
    const from = typeof ctx.values.from === 'string' ? ctx.values.from : latestBackup(backupDirFor(ctx.dbFile));
    if (!from) throw new DemarcError(ErrorCode.notFound, `No backup found next to ${ctx.dbFile}; name one with --from.`);
    return restoreBackup(ctx.dbFile, path.resolve(from), Date.now());
  },
  format: (r) => `Restored ${r.restored}.${r.damagedKeptAs ? ` The previous file was kept as ${r.damagedKeptAs}.` : ''}`,
};
