import path from 'node:path';
import { backupDirFor } from '../../core/backup/backup-folder.js';
import { listBackups, newestGoodBackup, type BackupInfo } from '../../core/backup/backup-list.js';
import { restoreBackup, type RestoreResult } from '../../core/backup/restore-backup.js';
import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import type { CliCommand } from '../cli-command.js';

type RestoreOutput = RestoreResult | { backups: BackupInfo[] };

export const restoreCommand: CliCommand<RestoreOutput> = {
  name: 'restore',
  summary: 'Replace the collection with a backup that passes its check (the current file is kept aside); --list shows them',
  usage: 'restore [--list] [--from BACKUP] [--db PATH] [--json]',
  options: { from: { type: 'string' }, list: { type: 'boolean' } },
  needsCollection: false,
  run: (ctx) => {
    const dir = backupDirFor(ctx.dbFile);
    if (ctx.values.list === true) return { backups: listBackups(dir, { verify: true }) };
    const from = typeof ctx.values.from === 'string' ? path.resolve(ctx.values.from) : newestGoodBackup(dir)?.file;
    if (!from) throw new DemarcError(ErrorCode.notFound, `No backup that passes its check next to ${ctx.dbFile}; name one with --from ("demarc restore --list" shows them).`);
    return restoreBackup(ctx.dbFile, from, Date.now());
  },
  format: (r) => {
    if ('backups' in r) {
      if (r.backups.length === 0) return 'No backups.';
      return r.backups
        .map((b) => `${new Date(b.createdAt).toISOString().slice(0, 16).replace('T', ' ')}  ${(b.bytes / 1024).toFixed(0).padStart(7)} KiB  ${b.check.padEnd(6)}  ${b.file}`)
        .join('\n');
    }
    return `Restored ${r.restored}.${r.previousKeptAs ? ` The previous file was kept as ${r.previousKeptAs}.` : ''}`;
  },
};
