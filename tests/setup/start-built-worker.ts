import fs from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { startWorker as startFromSource } from '../../electron/core/workers/start-worker.js';
import { bundleDirVariable } from '../helpers/node-entry.js';

/**
 * Stands in for electron/core/workers/start-worker.ts inside the test run
 * (vitest.config.ts swaps it for the core's imports): the worker runs from
 * the bundle the global setup built, as in the app, where `name.js` sits
 * beside main.js. From source, each worker thread would register tsx and
 * compile the back end again: about a second per import, check or round.
 */
export function startWorker(hostUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const dir = process.env[bundleDirVariable];
  const bundle = dir ? path.join(dir, `${name}.js`) : null;
  if (!bundle || !fs.existsSync(bundle)) return startFromSource(hostUrl, name, options);
  return new Worker(bundle, options);
}
