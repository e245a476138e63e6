import fs from 'node:fs';
import path from 'node:path';
import { checkBackupFile, recordedVerdict } from './backup-check.js';

export type BackupKind = 'daily' | 'before-import' | 'before-migration' | 'manual' | 'other';

/** One file in `backups/`, as the restore command and Settings → Backups show it. */
export interface BackupInfo {
  name: string;
  file: string;
  kind: BackupKind;
  /** When it was written (the file's modification time). */
  createdAt: number;
  bytes: number;
  /**
   * 'ok': it passed quick_check; 'not checked': written by an older version
   * (checked again before any restore); anything else says what failed.
   */
  check: string;
}

function kindOf(name: string): BackupKind {
  for (const kind of ['daily', 'before-import', 'before-migration', 'manual'] as const) if (name.startsWith(`${kind}-`)) return kind;
  return 'other';
}

/** A file whose header says WAL mode needs -wal/-shm files to be opened, even read-only: left unopened when only listing. */
function isWalModeFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(20);
    return fs.readSync(fd, header, 0, 20, 0) === 20 && header[18] === 2;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Every backup in the folder, newest first. `verify` runs quick_check on
 * each file now (the restore command); otherwise the result each backup
 * recorded when it was written is shown (Settings, cheap).
 */
export function listBackups(dir: string, options: { verify?: boolean } = {}): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  const entries: BackupInfo[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.sqlite')) continue;
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    entries.push({ name, file, kind: kindOf(name), createdAt: stat.mtimeMs, bytes: stat.size, check: checkOf(file, options.verify === true) });
  }
  return entries.sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
}

function checkOf(file: string, verify: boolean): string {
  if (verify) {
    const problems = checkBackupFile(file);
    return problems.length === 0 ? 'ok' : `failed: ${problems.slice(0, 2).join('; ')}`;
  }
  try {
    if (isWalModeFile(file)) return 'not checked';
    return recordedVerdict(file);
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The newest backup that passes quick_check now, for restoring without naming one. */
export function newestGoodBackup(dir: string): BackupInfo | null {
  for (const entry of listBackups(dir)) {
    if (checkBackupFile(entry.file).length === 0) return { ...entry, check: 'ok' };
  }
  return null;
}
