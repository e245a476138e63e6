import fs from 'node:fs';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * POSIX record locks belong to a process and a file, and closing *any*
 * descriptor of the file drops all of them. SQLite's shared lock on the
 * collection is what tells other SQLite clients that the file is in use;
 * without it, one that opens and closes the file believes it is the last
 * user and deletes the -wal and -shm under the app. A `readFileSync` of the
 * header or a file copy for a backup would drop that lock.
 *
 * So Node never opens the collection and closes it again while SQLite may
 * hold it: every read of the file's bytes (the header check at open, the
 * backup copy) goes through one read-only descriptor per file, held from
 * the first Collection's open to the last one's close in this thread (after
 * its SQLite connection is closed). Worker threads borrow the main thread's
 * descriptor by number (descriptors belong to the process) and never close
 * it. Files are told apart by identity (device and inode), not by name.
 */
interface Held {
  fd: number;
  holders: number;
  borrowed: boolean;
  /** Descriptors opened in a race with another opener of the same file: closed with the entry, never before. */
  spare: number[];
}

const held = new Map<string, Held>();

/** One hold on a collection file's descriptor; `release` once, after the SQLite connection is closed. */
export interface FileHold {
  readonly fd: number;
  release(): void;
}

const identityOf = (stat: fs.Stats) => `${stat.dev}:${stat.ino}`;

/**
 * Holds the descriptor of an existing collection file: the one this thread
 * already holds, the one borrowed from the main thread, or a new one. Refuses
 * anything but a regular file (a FIFO would block the open forever).
 */
export function holdFile(file: string, borrowed?: number): FileHold {
  if (borrowed !== undefined) return borrow(file, borrowed);
  const stat = fs.statSync(file);
  const known = held.get(identityOf(stat));
  if (known) return hold(identityOf(stat), known);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  const opened = fs.fstatSync(fd);
  if (!opened.isFile()) {
    // Not a regular file: SQLite holds no lock on it, so this close drops nothing.
    fs.closeSync(fd);
    throw new DemarcError(ErrorCode.databaseCorrupt, `${file} is not a Demarc collection: it is not a regular file. It was left untouched.`);
  }
  const key = identityOf(opened);
  const raced = held.get(key);
  if (raced) {
    raced.spare.push(fd);
    return hold(key, raced);
  }
  const entry: Held = { fd, holders: 0, borrowed: false, spare: [] };
  held.set(key, entry);
  return hold(key, entry);
}

/** A worker's collection: the main thread's descriptor, checked to still be this file's. */
function borrow(file: string, fd: number): FileHold {
  const key = identityOf(fs.statSync(file));
  let same = false;
  try {
    same = identityOf(fs.fstatSync(fd)) === key;
  } catch {
    same = false;
  }
  if (!same) {
    throw new DemarcError(ErrorCode.notFound, `${file} was closed or replaced while this job was starting; nothing was written. Try again.`);
  }
  const entry = held.get(key) ?? { fd, holders: 0, borrowed: true, spare: [] };
  held.set(key, entry);
  return hold(key, entry);
}

function hold(key: string, entry: Held): FileHold {
  entry.holders++;
  let released = false;
  return {
    fd: entry.fd,
    release() {
      if (released) return;
      released = true;
      entry.holders--;
      if (entry.holders > 0 || held.get(key) !== entry) return;
      held.delete(key);
      if (entry.borrowed) return;
      for (const fd of [entry.fd, ...entry.spare]) fs.closeSync(fd);
    },
  };
}

/** The descriptor this thread holds for `file`, if it is still that file (the backup copy reads through it). */
export function heldDescriptorOf(file: string): number | null {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const entry = stat ? held.get(identityOf(stat)) : undefined;
  if (!entry || !stat) return null;
  try {
    return identityOf(fs.fstatSync(entry.fd)) === identityOf(stat) ? entry.fd : null;
  } catch {
    return null;
  }
}

/** Reads the first `length` bytes through a held descriptor (fewer for a shorter file). */
export function readStart(fd: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = fs.readSync(fd, bytes, read, length - read, read);
    if (n === 0) break;
    read += n;
  }
  return bytes.subarray(0, read);
}

/** Copies the whole file behind a held descriptor into `target` (created, or truncated). */
export function copyThrough(fd: number, target: string): void {
  const out = fs.openSync(target, 'w');
  try {
    const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (let position = 0; ; ) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) break;
      for (let written = 0; written < n; ) written += fs.writeSync(out, chunk, written, n - written);
      position += n;
    }
  } finally {
    fs.closeSync(out);
  }
}
