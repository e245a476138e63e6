import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { nativeBindingInUse } from '../db/sqlite-file.js';
import { startWorker } from '../db/start-worker.js';
import { quickCheckFile } from './backup-check.js';

/** A quick_check of the collection file running on another thread. */
export interface PendingCheck {
  /** Its problems (none: healthy). Blocks until the check ends; checks here if the thread could not. */
  result(): string[];
}

/** Longest wait for the other thread before checking on this one instead. */
const waitMs = 30_000;

/**
 * Starts quick_check of `file` on a worker thread and returns at once. An
 * import starts it before its backup copy and asks for the result just
 * before its transaction commits, so the check (half a second on a
 * million-review collection) runs beside the copy and the writing instead of
 * before them. The worker reads through its own read-only connection: it
 * sees what was committed when it began, which is what the copy holds.
 */
export function startCollectionCheck(file: string): PendingCheck {
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  let outcome: string[] | null = null;
  try {
    const worker = startWorker(import.meta.url, 'collection-check-worker', {
      workerData: { sqliteBinding: nativeBindingInUse(), file, port: port2, done },
      transferList: [port2],
    });
    worker.unref();
  } catch {
    outcome = quickCheckFile(file);
  }
  return {
    result(): string[] {
      if (outcome) return outcome;
      Atomics.wait(done, 0, 0, waitMs);
      const message = receiveMessageOnPort(port1)?.message as { problems: string[] } | { error: string } | undefined;
      port1.close();
      // No answer in time, or the thread could not check: the check runs here, so it is never skipped.
      outcome = message && 'problems' in message ? message.problems : quickCheckFile(file);
      return outcome;
    },
  };
}
