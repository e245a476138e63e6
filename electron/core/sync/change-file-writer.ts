import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that no reader ever sees it half-written under its real
 * name: a temporary dot-name in the same folder (sync engines and our reader
 * skip those), fsync, rename, fsync the folder. A crash leaves at most a
 * temporary file behind, which the next write's folder sweep removes.
 */
export function writeFileAtomically(file: string, content: string | Uint8Array): { size: number; mtimeMs: number } {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.tmp-${randomBytes(6).toString('hex')}-${path.basename(file)}`);
  const fd = fs.openSync(temp, 'wx');
  try {
    if (typeof content === 'string') fs.writeSync(fd, content);
    else fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dir);
  const stat = fs.statSync(file);
  return { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
}

/** Removes our own temporary files left by a crash (older than a minute, so a write in progress is never touched). */
export function sweepTemporaryFiles(dir: string, now: number): void {
  for (const name of safeList(dir)) {
    if (!name.startsWith('.tmp-')) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > 60_000) fs.rmSync(file, { force: true });
    } catch {
      // gone already
    }
  }
}

function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems (and Windows) cannot fsync a folder; the rename is still atomic.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

export function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

export function randomNonce(): string {
  return randomBytes(4).toString('hex');
}
