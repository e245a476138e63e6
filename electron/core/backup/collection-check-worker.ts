import { workerData, type MessagePort } from 'node:worker_threads';
import { useNativeBinding } from '../db/sqlite-file.js';
import { quickCheckFile } from './backup-check.js';

/**
 * quick_check of a collection file on a thread of its own (see
 * collection-check.ts). The outcome goes through the port, then the shared
 * word flips from 0 so a host blocked in Atomics.wait wakes and reads it.
 */
interface CheckRequest {
  sqliteBinding: string | undefined;
  file: string;
  port: MessagePort;
  done: Int32Array;
}

const request = workerData as CheckRequest;
let outcome: { problems: string[] } | { error: string };
try {
  useNativeBinding(request.sqliteBinding);
  outcome = { problems: quickCheckFile(request.file) };
} catch (error) {
  outcome = { error: error instanceof Error ? error.message : String(error) };
}
request.port.postMessage(outcome);
Atomics.store(request.done, 0, 1);
Atomics.notify(request.done, 0);
