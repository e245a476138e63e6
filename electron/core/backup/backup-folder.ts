import path from 'node:path';

/** The backups folder of a collection file: `backups/` next to it. Derived here only (app, CLI, web mode, restore). */
export function backupDirFor(file: string): string {
  return path.join(path.dirname(path.resolve(file)), 'backups');
}
