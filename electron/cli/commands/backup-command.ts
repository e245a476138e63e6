import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import type { CliCommand } from '../cli-command.js';

export const backupCommand: CliCommand<{ file: string; bytes: number }> = {
  name: 'backup',
  summary: 'Write a consistent copy of the collection (safe while the app runs)',
  usage: 'backup --out FILE [--db PATH] [--json]',
  options: { out: { type: 'string' } },
  run: (ctx) => {
    const out = ctx.values.out;
    if (typeof out !== 'string' || !out) throw new DemarcError(ErrorCode.invalidArgument, 'backup needs --out FILE.');
    // SQLite's online backup on a worker thread, from its own connection: a running app keeps writing meanwhile (the copy is the moment it began).
    return ctx.collection().backupInBackground(out);
  },
  format: (r) => `Backed up to ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB).`,
};
