import fs from 'node:fs';
import type { SqliteDatabase } from './sqlite-file.js';

/**
 * An import writes all-or-nothing, in one transaction that can hold the write
 * lock for many seconds (a 200,000-row file), far past the 2 s busy timeout.
 * An answer arriving meanwhile must wait, not fail, and must not block the
 * event loop while it waits (better-sqlite3's busy handler sleeps the
 * thread). So the import (and a sync round's worker, whose first merge is as
 * long) announces itself in a file beside the collection,
 * and an answer that finds the lock taken retries with a short busy timeout
 * and an asynchronous pause for as long as a live import holds it.
 */
export const writeWait = {
  retryBusyTimeoutMs: 50,
  pauseMs: 100,
} as const;

export function importMarkerOf(collectionFile: string): string {
  return `${collectionFile}.importing`;
}

/** A sync round's worker announces its long writes too (a first sync merges a whole history in one transaction), under a marker of its own so that an import ending first does not take it away. */
export function syncMarkerOf(collectionFile: string): string {
  return `${collectionFile}.syncing`;
}

/** Runs a long write with the marker in place (best effort: a folder that cannot be written gets none). */
export function announcingLongWrite<T>(collectionFile: string, work: () => T, marker = importMarkerOf(collectionFile)): T {
  if (collectionFile === ':memory:') return work();
  let written = false;
  try {
    fs.writeFileSync(marker, JSON.stringify({ pid: process.pid, since: Date.now() }));
    written = true;
  } catch {
    // answers then get the usual busy timeout only
  }
  try {
    return work();
  } finally {
    if (written) fs.rmSync(marker, { force: true });
  }
}

export function longWriteInProgress(collectionFile: string): boolean {
  return [importMarkerOf(collectionFile), syncMarkerOf(collectionFile)].some(liveMarker);
}

function liveMarker(marker: string): boolean {
  // Most calls find no marker: asking first spares an answer the cost of a thrown ENOENT.
  if (!fs.existsSync(marker)) return false;
  try {
    const { pid } = JSON.parse(fs.readFileSync(marker, 'utf8')) as { pid: number };
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs `work` (a write that starts with BEGIN IMMEDIATE, so a busy failure
 * wrote nothing). While a live import holds the lock it retries with a short
 * busy timeout and asynchronous pauses, for as long as the import runs; any
 * other holder gets the usual busy timeout and then DATABASE_LOCKED.
 */
export async function whenWritable<T>(db: SqliteDatabase, collectionFile: string, work: () => T): Promise<T> {
  // Read only when an import or sync is under way: every answer comes through here.
  let normalTimeout = 0;
  for (let attempt = 0; ; attempt++) {
    const waiting = longWriteInProgress(collectionFile);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, writeWait.pauseMs));
    if (waiting) {
      normalTimeout = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma(`busy_timeout = ${writeWait.retryBusyTimeoutMs}`);
    }
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || !longWriteInProgress(collectionFile)) throw error;
    } finally {
      if (waiting) db.pragma(`busy_timeout = ${normalTimeout}`);
    }
  }
}
