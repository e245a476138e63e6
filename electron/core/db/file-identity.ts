import fs from 'node:fs';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * SQLite keeps writing to a file that was deleted or replaced under it (the
 * open handle still points at the old inode), so answers would be
 * acknowledged and then lost with it. The collection's identity (device and
 * inode) is noted at open and checked before every acknowledged write; once
 * it no longer matches, every later write is refused too.
 */
export class FileIdentity {
  private readonly dev: number;
  private readonly ino: number;
  private lost: DemarcError | null = null;

  constructor(private readonly file: string) {
    const stat = fs.statSync(file);
    this.dev = stat.dev;
    this.ino = stat.ino;
  }

  /** Throws NOT_FOUND (and keeps throwing) when the file is gone or is another file now. */
  check(): void {
    if (this.lost) throw this.lost;
    const stat = fs.statSync(this.file, { throwIfNoEntry: false });
    if (stat && stat.dev === this.dev && stat.ino === this.ino) return;
    const what = stat ? 'was replaced by another file' : 'was deleted (or its folder moved)';
    this.lost = new DemarcError(
      ErrorCode.notFound,
      `${this.file} ${what} while Demarc was running, so nothing more can be saved to it: this change was not saved. Close Demarc and start it again; it will offer to restore a backup.`,
    );
    throw this.lost;
  }

  get problem(): string | null {
    return this.lost?.message ?? null;
  }
}
