import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * Who is using a collection file in a way that excludes the others: the app
 * (or web mode) serving it, or a restore replacing it. A restore under a
 * running app would rename the file the app keeps writing to, and every
 * answer after it would be lost. SQLite's own locks cannot say this (the app
 * holds none between answers), so it is a file beside the collection, with
 * the owner's process id: a lock left by a killed process is taken over.
 */
export type LockRole = 'app' | 'restore';

interface LockRecord {
  pid: number;
  role: LockRole;
  since: number;
}

export class RunningLock {
  private constructor(
    readonly lockFile: string,
    readonly role: LockRole,
    private readonly held = true,
  ) {}

  static acquire(collectionFile: string, role: LockRole): RunningLock {
    const lockFile = lockFileOf(collectionFile);
    const record: LockRecord = { pid: process.pid, role, since: Date.now() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.mkdirSync(path.dirname(lockFile), { recursive: true });
        fs.writeFileSync(lockFile, JSON.stringify(record), { flag: 'wx' });
        return new RunningLock(lockFile, role);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A folder that cannot be written holds no lock; opening the file then says why it cannot be used.
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC') return new RunningLock(lockFile, role, false);
        if (code !== 'EEXIST') throw error;
      }
      const holder = readLock(lockFile);
      if (holder && holder.pid !== process.pid && processIsAlive(holder.pid)) throw busy(collectionFile, holder, role);
      fs.rmSync(lockFile, { force: true });
    }
    throw new DemarcError(ErrorCode.databaseLocked, `${collectionFile} is being opened by another program at the same moment; try again.`);
  }

  release(): void {
    if (!this.held) return;
    const holder = readLock(this.lockFile);
    if (holder?.pid === process.pid) fs.rmSync(this.lockFile, { force: true });
  }
}

/**
 * The lock beside the file's real path: a symlink to the collection, a
 * relative name or a folder reached through a link all name the one lock
 * of the one file, so none of them lets a second server or a restore in.
 */
export function lockFileOf(collectionFile: string): string {
  return `${realPathOf(collectionFile)}.running`;
}

/**
 * Every symlink resolved, of the file and of its folders. A file not there
 * yet (a new collection) resolves through its folder; a link to a file not
 * there yet resolves to where SQLite would create it.
 */
export function realPathOf(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return fs.realpathSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const link = fs.lstatSync(current, { throwIfNoEntry: false });
    if (!link?.isSymbolicLink()) break;
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  const folder = path.dirname(current);
  return folder === current ? current : path.join(realPathOf(folder), path.basename(current));
}

/** The live holder of the lock, if any (for `doctor` and tests). */
export function lockHolder(collectionFile: string): LockRecord | null {
  const holder = readLock(lockFileOf(collectionFile));
  return holder && processIsAlive(holder.pid) ? holder : null;
}

function readLock(lockFile: string): LockRecord | null {
  try {
    const value = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Partial<LockRecord>;
    return typeof value.pid === 'number' && (value.role === 'app' || value.role === 'restore') ? (value as LockRecord) : null;
  } catch {
    return null;
  }
}

/** Whether a process with this id exists (one we may not signal still does). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busy(file: string, holder: LockRecord, wanted: LockRole): DemarcError {
  if (holder.role === 'app') {
    const what = wanted === 'restore' ? 'Demarc is running; close it first, then restore.' : 'Demarc is already running on it; close it first.';
    return new DemarcError(ErrorCode.databaseLocked, `${file}: ${what} (process ${holder.pid})`);
  }
  return new DemarcError(ErrorCode.databaseLocked, `${file} is being restored from a backup (process ${holder.pid}); wait for it to finish.`);
}
