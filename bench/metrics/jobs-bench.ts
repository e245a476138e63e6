import fs from 'node:fs';
import path from 'node:path';
import { Collection } from '../../electron/core/collection.js';
import { createDispatcher, type Dispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import type { Metric } from '../bench-stats.js';
import { copyCollection } from '../bench-collection.js';

/** How often a call is sent while a job runs (the screen polls a status about this often). */
const callEveryMs = 10;

/**
 * Calls sent every `callEveryMs` while `running()`: the longest wait from the
 * moment a call was due to its answer (a call that finds the app's thread
 * busy waits for it). Cheap calls, so the wait is the thread's, not the call's.
 */
async function longestCallWait(dispatcher: Dispatcher, running: () => boolean, minCalls = 0): Promise<{ maxMs: number; calls: number }> {
  let maxMs = 0;
  let calls = 0;
  while (running() || calls < minCalls) {
    const due = performance.now() + callEveryMs;
    await new Promise((resolve) => setTimeout(resolve, callEveryMs));
    const reply = await dispatcher.dispatch(calls % 2 === 0 ? 'settings.get' : 'app.health', {});
    if (!reply.ok) throw new Error(reply.error.message);
    maxMs = Math.max(maxMs, performance.now() - due);
    calls++;
  }
  return { maxMs, calls };
}

/**
 * Backups and `doctor` on their worker threads, on the heavy collection: how
 * long each takes, its raw SQLite baseline (the same work on one connection
 * in this thread), and the longest wait of an API call while it runs, beside
 * the longest wait with nothing running.
 */
export async function jobsBench(file: string): Promise<Metric[]> {
  const copy = copyCollection(file, 'jobs');
  const out = path.join(path.dirname(copy), 'jobs-backups');
  const collection = Collection.open({ file: copy, backupDir: out });
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'bench', transport: 'ipc' }));
  try {
    const idle = await longestCallWait(dispatcher, () => false, 200);

    let backupDone = false;
    const backupStart = performance.now();
    const backup = collection.backupInBackground(path.join(out, 'worker.sqlite')).finally(() => (backupDone = true));
    const duringBackup = await longestCallWait(dispatcher, () => !backupDone);
    await backup;
    const backupMs = performance.now() - backupStart;

    // Raw: SQLite's online backup of the same file in one go on this thread, after its quick_check (what the worker does, without the worker).
    const rawStart = performance.now();
    const raw = openSqliteFile(copy, { readonly: true, fileMustExist: true });
    raw.pragma('mmap_size = 1073741824');
    raw.pragma('quick_check');
    await raw.backup(path.join(out, 'raw.sqlite'), { progress: () => 1 << 30 });
    raw.close();
    const backupRawMs = performance.now() - rawStart;

    // What a call waited when the backup ran on the app's thread (the in-place path the CLI's scripted callers still have).
    const inPlaceStart = performance.now();
    collection.backup(path.join(out, 'in-place.sqlite'));
    const backupInPlaceMs = performance.now() - inPlaceStart;

    let doctorDone = false;
    const doctorStart = performance.now();
    const doctor = collection.doctorInBackground().finally(() => (doctorDone = true));
    const duringDoctor = await longestCallWait(dispatcher, () => !doctorDone);
    const report = await doctor;
    if (!report.ok) throw new Error(`doctor: ${report.problems.join('; ')}`);
    const doctorMs = performance.now() - doctorStart;

    // Raw: one integrity_check on a read-only memory-mapped connection in this thread.
    const rawDoctorStart = performance.now();
    const rawDoctor = openSqliteFile(copy, { readonly: true, fileMustExist: true });
    rawDoctor.pragma('mmap_size = 1073741824');
    rawDoctor.pragma('integrity_check');
    rawDoctor.close();
    const doctorRawMs = performance.now() - rawDoctorStart;

    return [
      { metric: 'idle_max_call_wait_ms', value: idle.maxMs, unit: 'ms' },
      { metric: 'backup_ms', value: backupMs, unit: 'ms' },
      { metric: 'backup_raw_ms', value: backupRawMs, unit: 'ms' },
      { metric: 'backup_vs_raw_ratio', value: backupMs / backupRawMs, unit: 'x' },
      { metric: 'backup_max_call_wait_ms', value: duringBackup.maxMs, unit: 'ms' },
      { metric: 'backup_calls_answered', value: duringBackup.calls, unit: 'calls' },
      { metric: 'backup_in_place_ms', value: backupInPlaceMs, unit: 'ms' },
      { metric: 'doctor_ms', value: doctorMs, unit: 'ms' },
      { metric: 'doctor_raw_ms', value: doctorRawMs, unit: 'ms' },
      { metric: 'doctor_vs_raw_ratio', value: doctorMs / doctorRawMs, unit: 'x' },
      { metric: 'doctor_max_call_wait_ms', value: duringDoctor.maxMs, unit: 'ms' },
      { metric: 'doctor_calls_answered', value: duringDoctor.calls, unit: 'calls' },
    ];
  } finally {
    collection.close();
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(copy, { force: true });
  }
}
