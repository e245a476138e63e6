import fs from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { bundleDirVariable } from '../helpers/node-entry.js';

/**
 * Stands in for the core's startWorker (electron/core/…/start-worker.ts)
 * inside the test run: vitest.config.ts hands this module to the back end's
 * imports of it. The worker runs from the bundle the global setup built, as
 * in the app, where `name.js` sits beside main.js; from source, each new
 * thread would register tsx and compile the back end again (about a second
 * per import, collection check, simulation or sync round).
 */
export function startWorker(_hostUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const dir = process.env[bundleDirVariable];
  const bundle = dir ? path.join(dir, `${name}.js`) : null;
  if (!bundle || !fs.existsSync(bundle)) {
    throw new Error(`no bundle of the worker "${name}" (${bundle ?? `${bundleDirVariable} is not set`}): tests/setup/global-setup.ts builds it`);
  }
  return new Worker(bundle, options);
}
