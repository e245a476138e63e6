import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker script `name` that sits beside the calling module
 * (`hostUrl`, its import.meta.url). In the bundle each worker is `name.js`
 * beside main.js (scripts/build-electron.mjs writes them; electron-builder.yml
 * unpacks them). From source (web mode under tsx, tests) it is `name.ts`,
 * loaded after registering tsx in the worker thread itself, since a worker
 * does not inherit the loader.
 */
export function startWorker(hostUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!hostUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, hostUrl), options);
  const source = new URL(`./${name}.ts`, hostUrl).href;
  // tsx's ESM entry ("tsx/esm/api", import condition), found from its package folder.
  const tsxDir = path.dirname(createRequire(hostUrl).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
